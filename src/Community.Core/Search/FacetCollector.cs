using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Community.Core.Search;

/// <summary>
/// Counts facet values over every hit while the wrapped collector picks the page: one pass over the matches of the
/// query that already holds visibility, so counts cannot disagree with the total. Ordinals are counted per segment
/// in arrays and turned into strings only for values that occur.
/// </summary>
internal sealed class FacetCollector(ICollector inner) : ICollector
{
    private static readonly string[] Fields = ["facet_type", "facet_pilot", "facet_municipality", "facet_theme"];

    private readonly Dictionary<string, int>[] _totals = [.. Fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
    private readonly SortedSetDocValues?[] _values = new SortedSetDocValues?[Fields.Length];
    private readonly int[]?[] _counts = new int[]?[Fields.Length];

    public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        for (var f = 0; f < Fields.Length; f++)
        {
            var values = context.AtomicReader.GetSortedSetDocValues(Fields[f]);
            _values[f] = values;
            _counts[f] = values is null ? null : new int[values.ValueCount];
        }
        inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        inner.Collect(doc);
        for (var f = 0; f < Fields.Length; f++)
        {
            var values = _values[f];
            if (values is null)
                continue;
            var counts = _counts[f]!;
            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                counts[ord]++;
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
        var bytes = new BytesRef();
        for (var f = 0; f < Fields.Length; f++)
        {
            var values = _values[f];
            var counts = _counts[f];
            if (values is null || counts is null)
                continue;
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] == 0)
                    continue;
                values.LookupOrd(ord, bytes);
                var key = bytes.Utf8ToString();
                _totals[f][key] = _totals[f].GetValueOrDefault(key) + counts[ord];
            }
            _values[f] = null;
            _counts[f] = null;
        }
    }
}
