using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Community.Core.Search;

/// <summary>
/// Counts facet values over every hit while the wrapped collector picks the page: one pass over the matches of the
/// query that already holds visibility, so counts cannot disagree with the total. Reading doc values per hit cost
/// more than the search itself at 100,000 documents, so each segment's ordinals are read once into plain arrays
/// (cached for the segment's lifetime; segments never change) and a hit costs a few array reads.
/// </summary>
internal sealed class FacetCollector(ICollector inner) : ICollector
{
    private static readonly string[] Fields = ["facet_type", "facet_pilot", "facet_municipality", "facet_theme"];
    private static readonly ConditionalWeakTable<object, SegmentOrdinals[]> Cache = new();

    private readonly Dictionary<string, int>[] _totals = [.. Fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
    private SegmentOrdinals[]? _segment;
    private int[][] _counts = [];

    public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        var reader = context.AtomicReader;
        _segment = Cache.GetValue(reader.CoreCacheKey, _ => [.. Fields.Select(f => SegmentOrdinals.Read(reader, f))]);
        _counts = [.. _segment.Select(s => new int[s.Values.Length])];
        inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        inner.Collect(doc);
        var segment = _segment!;
        for (var f = 0; f < segment.Length; f++)
        {
            var ordinals = segment[f];
            var counts = _counts[f];
            if (ordinals.Single is { } single)
            {
                // Most fields hold at most one value per document: one array read instead of two plus a loop.
                var ord = single[doc];
                if (ord >= 0)
                    counts[ord]++;
                continue;
            }
            var end = ordinals.Starts[doc + 1];
            for (var i = ordinals.Starts[doc]; i < end; i++)
                counts[ordinals.Ords[i]]++;
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Result()
    {
        FlushSegment();
        var result = new Dictionary<string, IReadOnlyList<FacetCount>>();
        for (var f = 0; f < Fields.Length; f++)
        {
            result[LuceneSearchIndex.FacetNames[f]] = [.. _totals[f]
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new FacetCount(kv.Key, kv.Value))];
        }
        return result;
    }

    private void FlushSegment()
    {
        if (_segment is null)
            return;
        for (var f = 0; f < _segment.Length; f++)
        {
            var counts = _counts[f];
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] > 0)
                    _totals[f][_segment[f].Values[ord]] = _totals[f].GetValueOrDefault(_segment[f].Values[ord]) + counts[ord];
            }
        }
        _segment = null;
    }

    /// <summary>
    /// A segment's values of one facet field: document d has ordinals Ords[Starts[d]..Starts[d+1]], or, when no
    /// document of the segment has more than one value, the ordinal Single[d] (-1 for none).
    /// </summary>
    private sealed record SegmentOrdinals(int[] Starts, int[] Ords, string[] Values, int[]? Single = null)
    {
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
