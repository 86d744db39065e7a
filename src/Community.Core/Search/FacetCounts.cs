using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Community.Core.Search;

/// <summary>
/// Counts facet values over every match, which is the set of documents the query already restricted to what the
/// reader may see, so counts cannot disagree with the total. Each segment's ordinals are read once into plain arrays
/// (cached for the segment's lifetime; segments never change), and a match costs a few array reads.
/// </summary>
internal sealed class FacetCounts
{
    private static readonly string[] Fields = ["facet_type", "facet_pilot", "facet_municipality", "facet_theme"];
    private static readonly ConditionalWeakTable<object, SegmentOrdinals[]> Cache = new();

    private readonly Dictionary<string, int>[] _totals = [.. Fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];

    /// <summary>Reads the segment's ordinals now (see <see cref="SegmentWarmer"/>).</summary>
    public static void Warm(AtomicReader reader) => Ordinals(reader);

    private static SegmentOrdinals[] Ordinals(AtomicReader reader) =>
        Cache.GetValue(reader.CoreCacheKey, _ => [.. Fields.Select(f => SegmentOrdinals.Read(reader, f))]);

    /// <summary>Adds the values of the documents whose bit is set in <paramref name="matches"/>.</summary>
    public void Add(AtomicReader reader, long[] matches)
    {
        var segment = Ordinals(reader);
        for (var f = 0; f < segment.Length; f++)
        {
            var ordinals = segment[f];
            if (ordinals.Values.Length == 0)
                continue;
            var counts = new int[ordinals.Values.Length];
            if (ordinals.ValueBits is { } valueBits)
            {
                // Few values (type, municipality, theme): one AND and population count per value beats a read per match.
                for (var ord = 0; ord < valueBits.Length; ord++)
                    counts[ord] = IntersectionCount(matches, valueBits[ord]);
            }
            else if (ordinals.Single is { } single)
            {
                // Most fields hold at most one value per document: one array read instead of two plus a loop.
                for (var w = 0; w < matches.Length; w++)
                {
                    var bits = (ulong)matches[w];
                    while (bits != 0)
                    {
                        var ord = single[(w << 6) + BitOperations.TrailingZeroCount(bits)];
                        if (ord >= 0)
                            counts[ord]++;
                        bits &= bits - 1;
                    }
                }
            }
            else
            {
                for (var w = 0; w < matches.Length; w++)
                {
                    var bits = (ulong)matches[w];
                    while (bits != 0)
                    {
                        var doc = (w << 6) + BitOperations.TrailingZeroCount(bits);
                        var end = ordinals.Starts[doc + 1];
                        for (var i = ordinals.Starts[doc]; i < end; i++)
                            counts[ordinals.Ords[i]]++;
                        bits &= bits - 1;
                    }
                }
            }
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] > 0)
                    _totals[f][ordinals.Values[ord]] = _totals[f].GetValueOrDefault(ordinals.Values[ord]) + counts[ord];
            }
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Result()
    {
        var result = new Dictionary<string, IReadOnlyList<FacetCount>>();
        for (var f = 0; f < Fields.Length; f++)
        {
            result[LuceneSearchIndex.FacetNames[f]] = [.. _totals[f]
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new FacetCount(kv.Key, kv.Value))];
        }
        return result;
    }

    private static int IntersectionCount(long[] a, long[] b)
    {
        var count = 0;
        var other = b.AsSpan(0, a.Length);
        for (var i = 0; i < a.Length; i++)
            count += BitOperations.PopCount((ulong)(a[i] & other[i]));
        return count;
    }

    /// <summary>
    /// A segment's values of one facet field: document d has ordinals Ords[Starts[d]..Starts[d+1]], or, when no
    /// document of the segment has more than one value, the ordinal Single[d] (-1 for none). A field with at most
    /// <see cref="MaxValuesAsBits"/> values also has a bit set per value, ValueBits[ord].
    /// </summary>
    private sealed record SegmentOrdinals(int[] Starts, int[] Ords, string[] Values, int[]? Single = null)
    {
        private const int MaxValuesAsBits = 32;

        public long[][]? ValueBits { get; private init; }

        public static SegmentOrdinals Read(AtomicReader reader, string field)
        {
            var maxDoc = reader.MaxDoc;
            var starts = new int[maxDoc + 1];
            var values = reader.GetSortedSetDocValues(field);
            if (values is null)
                return new SegmentOrdinals(starts, [], []);
            var ords = new List<int>(maxDoc);
            for (var doc = 0; doc < maxDoc; doc++)
            {
                starts[doc] = ords.Count;
                values.SetDocument(doc);
                long ord;
                while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                    ords.Add((int)ord);
            }
            starts[maxDoc] = ords.Count;
            var names = new string[values.ValueCount];
            var bytes = new BytesRef();
            for (var ord = 0; ord < names.Length; ord++)
            {
                values.LookupOrd(ord, bytes);
                names[ord] = bytes.Utf8ToString();
            }
            if (names.Length <= MaxValuesAsBits)
            {
                var valueBits = new long[names.Length][];
                for (var ord = 0; ord < names.Length; ord++)
                    valueBits[ord] = new long[(maxDoc + 63) >> 6];
                for (var doc = 0; doc < maxDoc; doc++)
                {
                    for (var i = starts[doc]; i < starts[doc + 1]; i++)
                        valueBits[ords[i]][doc >> 6] |= 1L << doc;
                }
                return new SegmentOrdinals([], [], names) { ValueBits = valueBits };
            }
            var single = true;
            for (var doc = 0; doc < maxDoc && single; doc++)
                single = starts[doc + 1] - starts[doc] <= 1;
            if (!single)
                return new SegmentOrdinals(starts, [.. ords], names);
            var only = new int[maxDoc];
            for (var doc = 0; doc < maxDoc; doc++)
                only[doc] = starts[doc + 1] > starts[doc] ? ords[starts[doc]] : -1;
            return new SegmentOrdinals([], [], names, only);
        }
    }
}
