using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Community.Core.Search;

/// <summary>Exact phrases in the <c>text</c> field, checked against the positions of the documents that could still be a hit.</summary>
internal static class Phrases
{
    /// <summary>Below this many documents with every word of the phrase, reading their positions costs little.</summary>
    private const int CachedFrom = 2_048;
    private const int MaxCachedPerSegment = 64;
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, long[]>> Cache = new();

    /// <summary>
    /// The documents of <paramref name="withAllTerms"/> (a new or cached set, not to be changed) that hold the phrase;
    /// only those in <paramref name="admitted"/> are sure to be checked. Reading positions is the one cost of a search
    /// that grows with the text rather than with the number of documents: a phrase of two common words has a hundred
    /// thousand candidates at a million documents. So a phrase with many candidates is checked once for the whole
    /// segment, for every reader, and kept while the segment lives (at most 64 per segment, 1 bit per document each),
    /// as Elasticsearch's query cache keeps filters; segments never change, so the set cannot go stale.
    /// </summary>
    public static long[] Matching(AtomicReader segment, string[] terms, int[] positions, long[] withAllTerms, long[]? admitted)
    {
        var candidates = 0;
        foreach (var word in withAllTerms)
            candidates += BitOperations.PopCount((ulong)word);
        if (candidates < CachedFrom)
        {
            // Warming (no reader yet): nothing worth keeping.
            if (admitted is null)
                return withAllTerms;
            for (var i = 0; i < withAllTerms.Length; i++)
                withAllTerms[i] &= admitted[i];
            Keep(segment, terms, positions, withAllTerms);
            return withAllTerms;
        }
        var cache = Cache.GetValue(segment.CoreCacheKey, _ => new ConcurrentDictionary<string, long[]>(StringComparer.Ordinal));
        var key = string.Join(' ', terms.Select((t, i) => $"{positions[i] - positions[0]}:{t}"));
        if (cache.TryGetValue(key, out var cached))
            return cached;
        Keep(segment, terms, positions, withAllTerms);
        if (cache.Count >= MaxCachedPerSegment)
            cache.Clear();
        cache[key] = withAllTerms;
        return withAllTerms;
    }

    /// <summary>Clears the bit of every document in <paramref name="candidates"/> that does not hold the terms at these relative positions.</summary>
    private static void Keep(AtomicReader segment, string[] terms, int[] positions, long[] candidates)
    {
        var postings = new DocsAndPositionsEnum[terms.Length];
        var fields = segment.GetTerms(LuceneSearchIndex.TextField);
        for (var i = 0; i < terms.Length; i++)
        {
            var termsEnum = fields?.GetEnumerator();
            if (termsEnum is null || !termsEnum.SeekExact(new BytesRef(terms[i]))
                || termsEnum.DocsAndPositions(null, null, DocsAndPositionsFlags.NONE) is not { } found)
            {
                Array.Clear(candidates);
                return;
            }
            postings[i] = found;
        }
        var seen = new int[terms.Length][];
        for (var i = 0; i < seen.Length; i++)
            seen[i] = new int[16];
        var counts = new int[terms.Length];
        for (var w = 0; w < candidates.Length; w++)
        {
            var bits = (ulong)candidates[w];
            while (bits != 0)
            {
                var bit = BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (!Holds((w << 6) + bit, postings, positions, seen, counts))
                    candidates[w] &= ~(1L << bit);
            }
        }
    }

    private static bool Holds(int doc, DocsAndPositionsEnum[] postings, int[] offsets, int[][] seen, int[] counts)
    {
        for (var i = 0; i < postings.Length; i++)
        {
            var current = postings[i].DocID;
            if (current < doc)
                current = postings[i].Advance(doc);
            if (current != doc)
                return false;
            var freq = postings[i].Freq;
            if (seen[i].Length < freq)
                seen[i] = new int[Math.Max(freq, seen[i].Length * 2)];
            for (var k = 0; k < freq; k++)
                seen[i][k] = postings[i].NextPosition();
            counts[i] = freq;
        }
        // Positions come in increasing order: walk the first term's and look the others up at the same offset.
        for (var k = 0; k < counts[0]; k++)
        {
            var start = seen[0][k] - offsets[0];
            var all = true;
            for (var i = 1; i < postings.Length && all; i++)
                all = Array.BinarySearch(seen[i], 0, counts[i], start + offsets[i]) >= 0;
            if (all)
                return true;
        }
        return false;
    }
}
