using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Community.Core.Search;

/// <summary>
/// One word of the <c>text</c> field in one segment, read once from the postings and kept while the segment lives:
/// a bit per document that holds it, and a one-byte impact per such document, the word's weight in it (how often it
/// occurs against the length of the text, counted twice more in the title and once more in the tags, times the
/// document's boost). A search then matches, counts and facets with bit operations and scores a hit with a table
/// read, instead of decoding the postings of every common word on every search: at a million documents an average
/// benchmark query matches 210,000 of them, and Lucene's scorers took 17 ms to visit those.
/// </summary>
internal sealed class TermImpacts
{
    private static readonly float[] NormTable = BuildNormTable();
    private static readonly ConditionalWeakTable<object, SegmentTerms> Segments = new();

    private TermImpacts(long[] bits, int[] ranks, byte[] impacts, byte[] wordMax, float maxRaw)
    {
        Bits = bits;
        Ranks = ranks;
        Impacts = impacts;
        WordMax = wordMax;
        MaxRaw = maxRaw;
    }

    /// <summary>A bit per document of the segment (deleted ones included: the live documents are masked per search).</summary>
    public long[] Bits { get; }

    /// <summary>Ranks[w]: how many documents with the word come before the 64 documents of word w of <see cref="Bits"/>.</summary>
    public int[] Ranks { get; }

    /// <summary>One per document with the word, in document order: 1–255 on a square-root scale of <see cref="MaxRaw"/>.</summary>
    public byte[] Impacts { get; }

    /// <summary>The highest impact among each 64 documents: a bound that lets a search skip them.</summary>
    public byte[] WordMax { get; }

    public float MaxRaw { get; }

    public long Bytes => Bits.Length * 8L + Ranks.Length * 4L + Impacts.Length + WordMax.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Has(int doc) => (Bits[doc >> 6] & (1L << doc)) != 0;

    /// <summary>The impact of a document that <see cref="Has"/> the word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ImpactOf(int doc)
    {
        var word = doc >> 6;
        return Impacts[Ranks[word] + BitOperations.PopCount((ulong)Bits[word] & ((1UL << doc) - 1))];
    }

    /// <summary>The weight of impact q, times <paramref name="factor"/>, for q = 0..255 (0 means absent).</summary>
    public float[] Table(float factor)
    {
        var table = new float[256];
        for (var q = 1; q < 256; q++)
            table[q] = factor * MaxRaw * (q / 255f) * (q / 255f);
        return table;
    }

    /// <summary>The word's impacts in this segment, cached for the segment's life; null when no document holds it.</summary>
    public static TermImpacts? For(AtomicReader reader, string term)
    {
        var segment = Segments.GetValue(reader.CoreCacheKey, _ => new SegmentTerms(reader.MaxDoc));
        if (segment.Terms.TryGetValue(term, out var cached))
            return cached.Value;
        var lazy = segment.Terms.GetOrAdd(term, t => new Lazy<TermImpacts?>(() => Read(reader, t)));
        var impacts = lazy.Value;
        if (impacts is not null && Interlocked.Add(ref segment.Bytes, impacts.Bytes) > segment.MaxBytes)
        {
            // Bounded by the segment's size: past it the cache starts over rather than grow with every word ever searched.
            segment.Terms.Clear();
            Interlocked.Exchange(ref segment.Bytes, 0);
        }
        return impacts;
    }

    /// <summary>Whether the word has been read for this segment (tests of <see cref="SegmentWarmer"/>).</summary>
    internal static bool IsCached(AtomicReader reader, string term) =>
        Segments.TryGetValue(reader.CoreCacheKey, out var segment) && segment.Terms.TryGetValue(term, out var lazy) && lazy.IsValueCreated;

    private static TermImpacts? Read(AtomicReader reader, string term)
    {
        var termsEnum = reader.GetTerms(LuceneSearchIndex.TextField)?.GetEnumerator();
        var bytes = new BytesRef(term);
        if (termsEnum is null || !termsEnum.SeekExact(bytes))
            return null;
        var maxDoc = reader.MaxDoc;
        var words = (maxDoc + 63) >> 6;
        var count = termsEnum.DocFreq;
        var docIds = new int[count];
        var raw = new float[count];
        var bits = new long[words];
        var norms = reader.GetNormValues(LuceneSearchIndex.TextField);
        var postings = termsEnum.Docs(null, null, DocsFlags.FREQS);
        var n = 0;
        int doc;
        while ((doc = postings.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS && n < count)
        {
            docIds[n] = doc;
            raw[n] = MathF.Sqrt(postings.Freq) * Norm(norms, doc);
            bits[doc >> 6] |= 1L << doc;
            n++;
        }
        var ranks = new int[words];
        for (int w = 0, sum = 0; w < words; w++)
        {
            ranks[w] = sum;
            sum += BitOperations.PopCount((ulong)bits[w]);
        }
        // The title and the tags are part of the text too; here they only add weight (as the old query's SHOULD clauses did).
        AddField(reader, LuceneSearchIndex.TitleField, bytes, 2f, bits, ranks, raw);
        AddField(reader, LuceneSearchIndex.TagsField, bytes, 1f, bits, ranks, raw);

        var maxRaw = 0f;
        for (var i = 0; i < n; i++)
            maxRaw = MathF.Max(maxRaw, raw[i]);
        var impacts = new byte[n];
        var wordMax = new byte[words];
        for (var i = 0; i < n; i++)
        {
            var q = maxRaw > 0 ? (int)MathF.Round(255f * MathF.Sqrt(raw[i] / maxRaw)) : 1;
            var impact = (byte)Math.Clamp(q, 1, 255);
            impacts[i] = impact;
            var w = docIds[i] >> 6;
            if (impact > wordMax[w])
                wordMax[w] = impact;
        }
        return new TermImpacts(bits, ranks, impacts, wordMax, maxRaw > 0 ? maxRaw : 1f);
    }

    private static void AddField(AtomicReader reader, string field, BytesRef term, float weight, long[] bits, int[] ranks, float[] raw)
    {
        var termsEnum = reader.GetTerms(field)?.GetEnumerator();
        if (termsEnum is null || !termsEnum.SeekExact(term))
            return;
        var norms = reader.GetNormValues(field);
        var postings = termsEnum.Docs(null, null, DocsFlags.FREQS);
        int doc;
        while ((doc = postings.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
        {
            var word = doc >> 6;
            if ((bits[word] & (1L << doc)) == 0)
                continue;
            raw[ranks[word] + BitOperations.PopCount((ulong)bits[word] & ((1UL << doc) - 1))] += weight * MathF.Sqrt(postings.Freq) * Norm(norms, doc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Norm(NumericDocValues? norms, int doc) => norms is null ? 1f : NormTable[(int)(norms.Get(doc) & 0xFF)];

    private static float[] BuildNormTable()
    {
        var similarity = new DefaultSimilarity();
        var table = new float[256];
        for (var b = 0; b < 256; b++)
            table[b] = similarity.DecodeNormValue(b);
        return table;
    }

    private sealed class SegmentTerms(int maxDoc)
    {
        public readonly ConcurrentDictionary<string, Lazy<TermImpacts?>> Terms = new(StringComparer.Ordinal);
        public long Bytes;

        /// <summary>About 160 bytes per document: some 200 common words at a million documents.</summary>
        public long MaxBytes { get; } = Math.Max(1L << 20, 160L * maxDoc);
    }
}
