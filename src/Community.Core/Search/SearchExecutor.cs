using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Community.Core.Search;

/// <summary>A document of the page: its index-wide id and what it was ranked by.</summary>
internal readonly record struct RankedDoc(int Doc, float Score, long Updated);

/// <param name="Facets">Waits for the facet counts, which may still be running on another thread.</param>
internal sealed record ExecutedSearch(int Total, IReadOnlyList<RankedDoc> Top, Func<IReadOnlyDictionary<string, IReadOnlyList<FacetCount>>> Facets);

/// <summary>
/// Runs a parsed query over an index with bit sets and <see cref="TermImpacts"/> instead of Lucene's scorers. Per
/// segment: the documents the reader may see and the filters allow (cached bit sets) are ANDed with each clause's
/// documents, which gives the total and the facets exactly; the page is then ranked by the sum of the clause words'
/// impacts times their idf², visiting 64 documents at a time in the order of their upper bound and skipping those
/// whose bound cannot reach the page any more. Phrases are checked against positions only for documents every other
/// clause already admits.
/// </summary>
internal static class SearchExecutor
{
    /// <summary>How many words a prefix stands for at most (the most frequent ones).</summary>
    public const int MaxPrefixTerms = 64;
    private const int MaxPrefixTermsExamined = 10_000;

    private static readonly ConditionalWeakTable<object, long[]> LiveBits = new();
    private static readonly ConditionalWeakTable<object, long[]> UpdatedValues = new();

    /// <summary>From this many matches the facets are counted on another core while the page is ranked and loaded.</summary>
    private const int CountFacetsAsideFrom = 50_000;

    public static ExecutedSearch Run(IndexSearcher searcher, ParsedQuery parsed, Filter? visibility, Filter? filter, SearchSort sort, int wanted, bool includeFacets, bool rank = true)
    {
        var reader = searcher.IndexReader;
        var plan = Plan(reader, parsed);
        var matched = new List<(AtomicReaderContext Context, long[] Matches, List<SegmentClause> Clauses)>();
        var total = 0;
        foreach (var context in reader.Leaves)
        {
            var segment = context.AtomicReader;
            if (segment.MaxDoc == 0)
                continue;
            var matches = Accepted(context, visibility, filter);
            if (matches is null)
                continue;
            var clauses = new List<SegmentClause>(plan.Count);
            var empty = false;
            // Phrases last: their positions are read only for documents everything else admits.
            foreach (var clause in plan.OrderBy(c => c.HasPhrase ? 1 : 0))
            {
                var segmentClause = SegmentClause.Match(segment, clause, matches);
                if (clause.Exclude)
                {
                    if (segmentClause.Docs is { } excluded)
                        AndNot(matches, excluded);
                    continue;
                }
                if (segmentClause.Docs is not { } docs)
                {
                    empty = true;
                    break;
                }
                And(matches, docs);
                clauses.Add(segmentClause);
            }
            if (empty)
                continue;
            var count = Count(matches);
            if (count == 0)
                continue;
            total += count;
            matched.Add((context, matches, clauses));
        }

        Func<IReadOnlyDictionary<string, IReadOnlyList<FacetCount>>> facets = () => new Dictionary<string, IReadOnlyList<FacetCount>>();
        if (includeFacets)
        {
            var counting = new Task<IReadOnlyDictionary<string, IReadOnlyList<FacetCount>>>(() =>
            {
                var counts = new FacetCounts();
                foreach (var (context, matches, _) in matched)
                    counts.Add(context.AtomicReader, matches);
                return counts.Result();
            });
            // Counting facets over a fifth of a million documents takes about as long as ranking and loading the page,
            // and touches none of it: the second core does it meanwhile. Waiting runs it here if it has not started.
            if (total >= CountFacetsAsideFrom && Environment.ProcessorCount > 1)
                counting.Start(TaskScheduler.Default);
            else
                counting.RunSynchronously();
            facets = () => counting.GetAwaiter().GetResult();
        }

        var top = new TopDocsHeap(rank ? wanted : 1, sort);
        if (rank)
        {
            foreach (var (context, matches, clauses) in matched)
            {
                if (sort == SearchSort.Newest || clauses.Count == 0)
                    CollectNewest(context.AtomicReader, context.DocBase, matches, top);
                else
                    CollectBest(context.DocBase, matches, clauses, top);
            }
        }
        return new ExecutedSearch(total, top.Sorted(), facets);
    }

    /// <summary>How many documents the query matches for this reader, without ranking them (suggestions use it).</summary>
    public static int Count(IndexSearcher searcher, ParsedQuery parsed, Filter? visibility, Filter? filter) =>
        Run(searcher, parsed, visibility, filter, SearchSort.Newest, 1, includeFacets: false, rank: false).Total;

    // ---- the query, resolved against the whole index once -------------------------------------------------------

    private sealed record PlannedAlternative(string[] Terms, int[]? Positions, float[] Weights);

    private sealed record PlannedClause(IReadOnlyList<PlannedAlternative> Alternatives, bool Exclude)
    {
        public bool HasPhrase => Alternatives.Any(a => a.Positions is not null);
    }

    private static List<PlannedClause> Plan(IndexReader reader, ParsedQuery parsed)
    {
        var maxDoc = Math.Max(1, reader.MaxDoc);
        var idf = new Dictionary<string, float>(StringComparer.Ordinal);
        float Weight(string term)
        {
            if (!idf.TryGetValue(term, out var weight))
            {
                // The classic similarity's idf, squared as it was in the query weight times the term weight.
                var value = 1f + MathF.Log(maxDoc / (reader.DocFreq(new Term(LuceneSearchIndex.TextField, term)) + 1f));
                idf[term] = weight = value * value;
            }
            return weight;
        }
        var plan = new List<PlannedClause>();
        foreach (var clause in parsed.Clauses)
        {
            var alternatives = new List<PlannedAlternative>();
            foreach (var alternative in clause.Alternatives)
            {
                switch (alternative.Kind)
                {
                    case AlternativeKind.Prefix:
                        foreach (var term in PrefixTerms(reader, alternative.Terms[0]))
                            alternatives.Add(new PlannedAlternative([term], null, [Weight(term)]));
                        break;
                    case AlternativeKind.Phrase when alternative.Terms.Length > 1:
                        alternatives.Add(new PlannedAlternative(alternative.Terms, alternative.Positions, [.. alternative.Terms.Select(Weight)]));
                        break;
                    default:
                        alternatives.Add(new PlannedAlternative(alternative.Terms, null, [.. alternative.Terms.Select(Weight)]));
                        break;
                }
            }
            plan.Add(new PlannedClause(alternatives, clause.Exclude));
        }
        return plan;
    }

    /// <summary>The words of the index that start with <paramref name="prefix"/>, the most frequent first.</summary>
    private static List<string> PrefixTerms(IndexReader reader, string prefix)
    {
        var terms = MultiFields.GetTerms(reader, LuceneSearchIndex.TextField);
        if (terms is null)
            return [];
        var termsEnum = terms.GetEnumerator();
        var start = new BytesRef(prefix);
        if (termsEnum.SeekCeil(start) == TermsEnum.SeekStatus.END)
            return [];
        var found = new List<(string Term, int Freq)>();
        var examined = 0;
        do
        {
            if (!StringHelper.StartsWith(termsEnum.Term, start) || examined++ >= MaxPrefixTermsExamined)
                break;
            found.Add((termsEnum.Term.Utf8ToString(), termsEnum.DocFreq));
        }
        while (termsEnum.MoveNext());
        return [.. found.OrderByDescending(f => f.Freq).ThenBy(f => f.Term, StringComparer.Ordinal).Take(MaxPrefixTerms).Select(f => f.Term)];
    }

    // ---- per segment --------------------------------------------------------------------------------------------

    /// <summary>
    /// A clause in one segment: the documents that meet it (null for none) and, per alternative, what it adds to a
    /// document's score: the sum of its words' impacts.
    /// </summary>
    private sealed class SegmentClause
    {
        public long[]? Docs;
        public readonly List<(long[] Docs, TermImpacts[] Terms, float[][] Tables)> Alternatives = [];

        public static SegmentClause Match(AtomicReader segment, PlannedClause clause, long[] admitted)
        {
            var result = new SegmentClause();
            foreach (var alternative in clause.Alternatives)
            {
                var impacts = new TermImpacts[alternative.Terms.Length];
                var missing = false;
                for (var i = 0; i < impacts.Length && !missing; i++)
                {
                    var found = TermImpacts.For(segment, alternative.Terms[i]);
                    if (found is null)
                        missing = true;
                    else
                        impacts[i] = found;
                }
                if (missing)
                    continue;
                long[] docs;
                if (impacts.Length == 1)
                {
                    docs = impacts[0].Bits;
                }
                else
                {
                    docs = (long[])impacts[0].Bits.Clone();
                    for (var i = 1; i < impacts.Length; i++)
                        And(docs, impacts[i].Bits);
                    if (alternative.Positions is { } positions)
                        docs = Phrases.Matching(segment, alternative.Terms, positions, docs, admitted);
                }
                var tables = new float[impacts.Length][];
                for (var i = 0; i < impacts.Length; i++)
                    tables[i] = impacts[i].Table(alternative.Weights[i]);
                result.Alternatives.Add((docs, impacts, tables));
                if (result.Docs is null)
                {
                    result.Docs = docs;
                }
                else
                {
                    if (ReferenceEquals(result.Docs, result.Alternatives[0].Docs))
                        result.Docs = (long[])result.Docs.Clone();
                    Or(result.Docs, docs);
                }
            }
            return result;
        }

        /// <summary>What this clause adds to the score of a document that meets it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Score(int doc)
        {
            var score = 0f;
            var single = Alternatives.Count == 1;
            foreach (var (docs, terms, tables) in Alternatives)
            {
                if (!single && (docs[doc >> 6] & (1L << doc)) == 0)
                    continue;
                for (var i = 0; i < terms.Length; i++)
                    score += tables[i][terms[i].ImpactOf(doc)];
            }
            return score;
        }
    }

    /// <summary>The live documents the reader may see and the filters allow, as a new bit set (null: none).</summary>
    private static long[]? Accepted(AtomicReaderContext context, Filter? visibility, Filter? filter)
    {
        var segment = context.AtomicReader;
        var maxDoc = segment.MaxDoc;
        var words = (maxDoc + 63) >> 6;
        long[] matches;
        if (visibility is null)
        {
            matches = new long[words];
            Array.Fill(matches, -1L);
            if ((maxDoc & 63) != 0)
                matches[^1] = (long)((1UL << maxDoc) - 1);
        }
        else
        {
            var visible = visibility.GetDocIdSet(context, null);
            if (visible is null)
                return null;
            if (visible is FixedBitSet bitSet)
            {
                matches = (long[])bitSet.GetBits().Clone();
                if (matches.Length != words)
                    Array.Resize(ref matches, words);
            }
            else
            {
                var iterator = visible.GetIterator();
                if (iterator is null)
                    return null;
                var set = new FixedBitSet(maxDoc);
                set.Or(iterator);
                matches = set.GetBits();
            }
        }
        if (segment.LiveDocs is { } liveDocs)
            And(matches, LiveBits.GetValue(liveDocs, _ => ReadLive(liveDocs, maxDoc)));
        if (filter is not null)
        {
            var allowed = filter.GetDocIdSet(context, null)?.GetIterator();
            if (allowed is null)
                return null;
            new FixedBitSet(matches, maxDoc).And(allowed);
        }
        return matches;
    }

    private static long[] ReadLive(IBits liveDocs, int maxDoc)
    {
        var bits = new long[(maxDoc + 63) >> 6];
        for (var doc = 0; doc < maxDoc; doc++)
        {
            if (liveDocs.Get(doc))
                bits[doc >> 6] |= 1L << doc;
        }
        return bits;
    }

    /// <summary>
    /// The best-scoring matches of the segment into <paramref name="top"/>. First the groups of 64 documents with the
    /// highest bounds, which sets a bar; then every other group whose bound reaches the bar.
    /// </summary>
    private static void CollectBest(int docBase, long[] matches, List<SegmentClause> clauses, TopDocsHeap top)
    {
        var words = matches.Length;
        var scorer = new Scorer(clauses);
        var bounds = ArrayPool<float>.Shared.Rent(words);
        try
        {
            var seeds = new TopWords(Math.Min(64, 8 + top.Capacity / 4));
            for (var w = 0; w < words; w++)
            {
                if (matches[w] == 0)
                {
                    bounds[w] = -1f;
                    continue;
                }
                var bound = scorer.Bound(w);
                bounds[w] = bound;
                seeds.Offer(w, bound);
            }
            foreach (var w in seeds.Words())
            {
                ScoreWord(docBase, w, matches[w], scorer, top);
                bounds[w] = -1f;
            }
            for (var w = 0; w < words; w++)
            {
                // The bound adds the same floats in another order than a score: a hair of slack keeps it a bound.
                if (bounds[w] < 0 || (top.IsFull && bounds[w] * 1.00001f < top.MinScore))
                    continue;
                ScoreWord(docBase, w, matches[w], scorer, top);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(bounds);
        }
    }

    private static void ScoreWord(int docBase, int w, long word, Scorer scorer, TopDocsHeap top)
    {
        var bits = (ulong)word;
        while (bits != 0)
        {
            var doc = (w << 6) + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            top.Offer(docBase + doc, scorer.Score(doc), 0);
        }
    }

    /// <summary>
    /// The clauses' words as flat arrays: a word of a clause with one alternative is in every match, so it is scored
    /// without a check; clauses with alternatives score through <see cref="SegmentClause.Score"/>.
    /// </summary>
    private sealed class Scorer
    {
        private readonly TermImpacts[] _always;
        private readonly float[][] _alwaysTables;
        private readonly SegmentClause[] _alternatives;
        private readonly byte[][] _maxes;
        private readonly float[][] _maxTables;

        public Scorer(List<SegmentClause> clauses)
        {
            var single = clauses.Where(c => c.Alternatives.Count == 1).SelectMany(c => c.Alternatives[0].Terms.Zip(c.Alternatives[0].Tables)).ToList();
            _always = [.. single.Select(t => t.First)];
            _alwaysTables = [.. single.Select(t => t.Second)];
            _alternatives = [.. clauses.Where(c => c.Alternatives.Count != 1)];
            var all = clauses.SelectMany(c => c.Alternatives).SelectMany(a => a.Terms.Zip(a.Tables)).ToList();
            _maxes = [.. all.Select(t => t.First.WordMax)];
            _maxTables = [.. all.Select(t => t.Second)];
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Bound(int w)
        {
            var bound = 0f;
            for (var k = 0; k < _maxes.Length; k++)
                bound += _maxTables[k][_maxes[k][w]];
            return bound;
        }

        public float Score(int doc)
        {
            var score = 0f;
            for (var k = 0; k < _always.Length; k++)
                score += _alwaysTables[k][_always[k].ImpactOf(doc)];
            foreach (var clause in _alternatives)
                score += clause.Score(doc);
            return score;
        }
    }

    /// <summary>Reads the segment's public documents and dates now (see <see cref="SegmentWarmer"/>).</summary>
    public static void Warm(AtomicReaderContext context, Filter publicOnly)
    {
        publicOnly.GetDocIdSet(context, null);
        Updated(context.AtomicReader);
    }

    private static long[] Updated(AtomicReader segment) => UpdatedValues.GetValue(segment.CoreCacheKey, _ =>
    {
        var values = segment.GetNumericDocValues(LuceneSearchIndex.UpdatedField);
        var array = new long[segment.MaxDoc];
        if (values is not null)
        {
            for (var doc = 0; doc < array.Length; doc++)
                array[doc] = values.Get(doc);
        }
        return array;
    });

    private static void CollectNewest(AtomicReader segment, int docBase, long[] matches, TopDocsHeap top)
    {
        var updated = Updated(segment);
        for (var w = 0; w < matches.Length; w++)
        {
            var bits = (ulong)matches[w];
            while (bits != 0)
            {
                var doc = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                top.Offer(docBase + doc, 0, updated[doc]);
            }
        }
    }

    // ---- bit sets -----------------------------------------------------------------------------------------------

    private static void And(long[] target, long[] other)
    {
        for (var i = 0; i < target.Length; i++)
            target[i] &= other[i];
    }

    private static void AndNot(long[] target, long[] other)
    {
        for (var i = 0; i < target.Length; i++)
            target[i] &= ~other[i];
    }

    private static void Or(long[] target, long[] other)
    {
        for (var i = 0; i < target.Length; i++)
            target[i] |= other[i];
    }

    private static int Count(long[] bits)
    {
        var count = 0;
        foreach (var word in bits)
            count += BitOperations.PopCount((ulong)word);
        return count;
    }

    /// <summary>The words with the highest bounds: a small min-heap.</summary>
    private sealed class TopWords(int capacity)
    {
        private readonly int[] _words = new int[capacity];
        private readonly float[] _bounds = new float[capacity];
        private int _count;

        public void Offer(int word, float bound)
        {
            if (_count < capacity)
            {
                _words[_count] = word;
                _bounds[_count] = bound;
                _count++;
                if (_count == capacity)
                    Heapify();
                return;
            }
            if (bound <= _bounds[0])
                return;
            _words[0] = word;
            _bounds[0] = bound;
            SiftDown(0);
        }

        public IEnumerable<int> Words() => _words.Take(_count);

        private void Heapify()
        {
            for (var i = _count / 2 - 1; i >= 0; i--)
                SiftDown(i);
        }

        private void SiftDown(int i)
        {
            while (true)
            {
                var smallest = i;
                var left = 2 * i + 1;
                var right = left + 1;
                if (left < _count && _bounds[left] < _bounds[smallest])
                    smallest = left;
                if (right < _count && _bounds[right] < _bounds[smallest])
                    smallest = right;
                if (smallest == i)
                    return;
                (_words[i], _words[smallest]) = (_words[smallest], _words[i]);
                (_bounds[i], _bounds[smallest]) = (_bounds[smallest], _bounds[i]);
                i = smallest;
            }
        }
    }
}

/// <summary>
/// The best <c>Capacity</c> documents seen: by score (ties: the lower document first, as Lucene orders them) or, for
/// <see cref="SearchSort.Newest"/>, by date. A min-heap whose root is the one to drop next.
/// </summary>
internal sealed class TopDocsHeap(int capacity, SearchSort sort)
{
    private readonly RankedDoc[] _heap = new RankedDoc[Math.Max(1, capacity)];
    private int _count;

    public int Capacity => _heap.Length;

    public bool IsFull => _count == _heap.Length;

    public float MinScore => _heap[0].Score;

    public void Offer(int doc, float score, long updated)
    {
        var candidate = new RankedDoc(doc, score, updated);
        if (_count < _heap.Length)
        {
            _heap[_count] = candidate;
            SiftUp(_count++);
            return;
        }
        if (!Better(candidate, _heap[0]))
            return;
        _heap[0] = candidate;
        SiftDown(0);
    }

    public IReadOnlyList<RankedDoc> Sorted()
    {
        var list = _heap.Take(_count).ToList();
        list.Sort((a, b) => Better(a, b) ? -1 : Better(b, a) ? 1 : 0);
        return list;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Better(in RankedDoc a, in RankedDoc b)
    {
        if (sort == SearchSort.Newest)
            return a.Updated != b.Updated ? a.Updated > b.Updated : a.Doc < b.Doc;
        return a.Score != b.Score ? a.Score > b.Score : a.Doc < b.Doc;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(_heap[parent], _heap[i]))
                return;
            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            var left = 2 * i + 1;
            var right = left + 1;
            if (left < _count && Better(_heap[worst], _heap[left]))
                worst = left;
            if (right < _count && Better(_heap[worst], _heap[right]))
                worst = right;
            if (worst == i)
                return;
            (_heap[i], _heap[worst]) = (_heap[worst], _heap[i]);
            i = worst;
        }
    }
}
