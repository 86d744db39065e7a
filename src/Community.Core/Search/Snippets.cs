using System.Net;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Community.Core.Search;

/// <summary>
/// Cuts the ~200 characters of a body that hold the most query words and marks them. Lucene.Net.Highlighter does the
/// same but builds an in-memory index per document for phrases and scores every fragment: measured on the benchmark
/// corpus it cost ~0.7 ms per hit, 20 times per page, most of a search. This is one pass of the index analyzer
/// (so stems and compound parts match as they do in the index), stopping once a window holds every query word.
/// </summary>
internal sealed class Snippets
{
    public const int Length = 200;
    private const int MaxCharsAnalyzed = 10_000;
    private const int Lead = 40;

    /// <summary>
    /// The most of a body a snippet ever shows: a window starts at most <see cref="Lead"/> before a match in the
    /// analysed part (and a word start 20 further), and is <see cref="Length"/> long. The index keeps this much for hits.
    /// </summary>
    public const int MaxCharsUsed = MaxCharsAnalyzed + Length + 64;

    private readonly Analyzer _analyzer;
    private readonly HashSet<string> _terms;
    private readonly string[] _prefixes;
    private readonly int _distinctWanted;

    public Snippets(Analyzer analyzer, ParsedQuery query)
    {
        _analyzer = analyzer;
        _terms = new HashSet<string>(StringComparer.Ordinal);
        var prefixes = new List<string>();
        foreach (var alternative in query.Clauses.Where(c => !c.Exclude).SelectMany(c => c.Alternatives))
        {
            if (alternative.Kind == AlternativeKind.Prefix)
                prefixes.Add(alternative.Terms[0]);
            else
                _terms.UnionWith(alternative.Terms);
        }
        _prefixes = [.. prefixes];
        _distinctWanted = Math.Max(1, query.Clauses.Count(c => !c.Exclude));
    }

    /// <param name="cut">True when <paramref name="body"/> is the beginning of a longer text (see <see cref="MaxCharsUsed"/>).</param>
    public string Build(string body, bool cut)
    {
        if (body.Length == 0)
            return "";
        var matches = Find(body);
        if (matches.Count == 0)
            return WebUtility.HtmlEncode(Cut(body, 0, Length, cut));

        // The window of Length characters starting at a match that covers the most distinct terms (then most matches).
        var bestStart = 0;
        var bestScore = (Distinct: -1, Count: -1);
        for (var i = 0; i < matches.Count; i++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var count = 0;
            for (var j = i; j < matches.Count && matches[j].End - matches[i].Start <= Length - Lead; j++)
            {
                seen.Add(matches[j].Term);
                count++;
            }
            if (seen.Count > bestScore.Distinct || (seen.Count == bestScore.Distinct && count > bestScore.Count))
            {
                bestScore = (seen.Count, count);
                bestStart = i;
            }
        }
        var from = WordStart(body, Math.Max(0, matches[bestStart].Start - Lead));
        var to = WordEnd(body, Math.Min(body.Length, from + Length));
        var html = new StringBuilder(Length + 64);
        if (from > 0)
            html.Append("… ");
        var at = from;
        foreach (var match in matches)
        {
            if (match.Start < at || match.End > to)
                continue;
            html.Append(WebUtility.HtmlEncode(body[at..match.Start]));
            html.Append("<mark>").Append(WebUtility.HtmlEncode(body[match.Start..match.End])).Append("</mark>");
            at = match.End;
        }
        html.Append(WebUtility.HtmlEncode(body[at..to]));
        if (to < body.Length || cut)
            html.Append(" …");
        return html.ToString();
    }

    private List<(int Start, int End, string Term)> Find(string body)
    {
        var matches = new List<(int Start, int End, string Term)>();
        if (_terms.Count == 0 && _prefixes.Length == 0)
            return matches;
        var text = body.Length > MaxCharsAnalyzed ? body[..MaxCharsAnalyzed] : body;
        using var stream = _analyzer.GetTokenStream(LuceneSearchIndex.BodyField, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        var lookup = _terms.GetAlternateLookup<ReadOnlySpan<char>>();
        var firstOfTerm = new Dictionary<string, int>(StringComparer.Ordinal);
        while (stream.IncrementToken())
        {
            var span = term.Buffer.AsSpan(0, term.Length);
            string? matched = lookup.TryGetValue(span, out var exact) ? exact : null;
            if (matched is null)
            {
                foreach (var prefix in _prefixes)
                {
                    if (span.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        matched = prefix;
                        break;
                    }
                }
            }
            if (matched is null)
                continue;
            var start = offset.StartOffset;
            var end = offset.EndOffset;
            // A compound and its parts share one offset range: mark the word once.
            if (matches.Count > 0 && matches[^1].Start == start)
                continue;
            matches.Add((start, end, matched));
            firstOfTerm.TryAdd(matched, matches.Count - 1);
            // Enough once the words seen last all fit in one window: the rest of a long text adds nothing.
            if (firstOfTerm.Count >= _distinctWanted && end - LastWindowStart(matches, firstOfTerm.Count) <= Length - Lead)
                break;
        }
        stream.End();
        return matches;
    }

    private static int LastWindowStart(List<(int Start, int End, string Term)> matches, int distinct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            seen.Add(matches[i].Term);
            if (seen.Count == distinct)
                return matches[i].Start;
        }
        return int.MinValue / 2;
    }

    private static string Cut(string body, int from, int length, bool cut)
    {
        var to = WordEnd(body, Math.Min(body.Length, from + length));
        return body[from..to] + (to < body.Length || cut ? " …" : "");
    }

    private static int WordStart(string text, int at)
    {
        if (at == 0)
            return 0;
        var space = text.IndexOf(' ', at);
        var start = space < 0 || space - at > 20 ? at : space + 1;
        return start < text.Length && char.IsLowSurrogate(text[start]) ? start + 1 : start;
    }

    private static int WordEnd(string text, int at)
    {
        if (at >= text.Length)
            return text.Length;
        var space = text.LastIndexOf(' ', at);
        var end = space <= 0 || at - space > 20 ? at : space;
        // Never cut between the halves of a surrogate pair: the encoder would turn a lone half into a replacement char.
        if (end > 0 && end < text.Length && char.IsHighSurrogate(text[end - 1]))
            end--;
        return end;
    }
}
