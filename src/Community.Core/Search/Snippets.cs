using System.Net;
using System.Text;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Community.Core.Search;

/// <summary>
/// Cuts the ~200 characters of a body that hold the most query words and marks them. Lucene.Net.Highlighter does the
/// same but builds an in-memory index per document for phrases and scores every fragment: measured on the benchmark
/// corpus it cost ~0.7 ms per hit, 20 times per page, most of a search. This is one pass over the body, stopping
/// once a window holds every query word. Words are cut by <see cref="DutchWords"/> as the index cuts them, and each
/// word's analysis (stop word, stem, compound parts, as in the index) is looked up once per search: a page's bodies
/// repeat their words, and running the analyzer's token stream cost more than the rest of a hit together.
/// </summary>
internal sealed class Snippets
{
    public const int Length = 200;
    private const int MaxCharsAnalyzed = 10_000;
    private const int Lead = 40;

    /// <summary>How far into the body to look when the title already holds every query word.</summary>
    private const int CharsAnalyzedAfterTitleMatch = 1_000;

    /// <summary>
    /// The most of a body a snippet ever shows: a window starts at most <see cref="Lead"/> before a match in the
    /// analysed part (and a word start 20 further), and is <see cref="Length"/> long. The index keeps this much for hits.
    /// </summary>
    public const int MaxCharsUsed = MaxCharsAnalyzed + Length + 64;

    private readonly HashSet<string> _terms;
    // Per lowercased word: the query term it matches, or null. One instance serves one search on one thread.
    private readonly Dictionary<string, string?> _words = new(StringComparer.Ordinal);
    private readonly DutchStemmer _stemmer = new();
    private readonly char[] _lower = new char[DutchWords.MaxLength];
    private readonly string[] _prefixes;
    private readonly int _distinctWanted;

    public Snippets(ParsedQuery query)
    {
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
    /// <param name="title">When it holds every query word, only the opening of the body is searched for a window: the
    /// best hits mostly match in the title, and scanning 10,000 characters of a long page for a word it may not hold
    /// was most of the cost of a page of hits.</param>
    public string Build(string body, bool cut, string? title = null)
    {
        if (body.Length == 0)
            return "";
        var limit = title is not null && Find(title, title.Length).Select(m => m.Term).Distinct().Count() >= _distinctWanted
            ? CharsAnalyzedAfterTitleMatch
            : MaxCharsAnalyzed;
        var matches = Find(body, limit);
        if (matches.Count == 0)
            return WebUtility.HtmlEncode(Cut(body, 0, Length, cut));

        // The window of Length characters starting at a match that covers the most distinct terms (then most matches):
        // both ends only move forward, so one pass with a count per term.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var termIds = new int[matches.Count];
        for (var i = 0; i < matches.Count; i++)
        {
            if (!ids.TryGetValue(matches[i].Term, out var id))
                ids[matches[i].Term] = id = ids.Count;
            termIds[i] = id;
        }
        var inWindow = new int[ids.Count];
        var distinct = 0;
        var end = 0;
        var bestStart = 0;
        var bestScore = (Distinct: -1, Count: -1);
        for (var i = 0; i < matches.Count; i++)
        {
            for (; end < matches.Count && matches[end].End - matches[i].Start <= Length - Lead; end++)
            {
                if (inWindow[termIds[end]]++ == 0)
                    distinct++;
            }
            var count = end - i;
            if (distinct > bestScore.Distinct || (distinct == bestScore.Distinct && count > bestScore.Count))
            {
                bestScore = (distinct, count);
                bestStart = i;
            }
            if (end > i && --inWindow[termIds[i]] == 0)
                distinct--;
            end = Math.Max(end, i + 1);
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

    private List<(int Start, int End, string Term)> Find(string body, int maxChars)
    {
        var matches = new List<(int Start, int End, string Term)>();
        if (_terms.Count == 0 && _prefixes.Length == 0)
            return matches;
        var text = body.AsSpan(0, Math.Min(body.Length, maxChars));
        var words = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        var firstOfTerm = new Dictionary<string, int>(StringComparer.Ordinal);
        var at = 0;
        while (DutchWords.Next(text, ref at, out var start))
        {
            var end = at;
            if (end - start > DutchWords.MaxLength)
                continue;
            var length = text[start..end].ToLowerInvariant(_lower);
            var lower = _lower.AsSpan(0, length);
            if (!words.TryGetValue(lower, out var matched))
            {
                matched = Match(lower);
                words[lower] = matched;
            }
            if (matched is null)
                continue;
            matches.Add((start, end, matched));
            firstOfTerm.TryAdd(matched, matches.Count - 1);
            // Enough once the words seen last all fit in one window: the rest of a long text adds nothing.
            if (firstOfTerm.Count >= _distinctWanted && end - LastWindowStart(matches, firstOfTerm.Count) <= Length - Lead)
                break;
        }
        return matches;
    }

    /// <summary>The query term a word's analysis meets (its stem first, then a compound part), or null.</summary>
    private string? Match(ReadOnlySpan<char> lower)
    {
        if (DutchLexicon.StopWords.Contains(_lower, 0, lower.Length))
            return null;
        var analysis = DutchLexicon.Analyze(lower, _stemmer);
        foreach (var term in (ReadOnlySpan<string>)[analysis.Stem, .. analysis.Parts])
        {
            if (_terms.Contains(term))
                return term;
            foreach (var prefix in _prefixes)
            {
                if (term.StartsWith(prefix, StringComparison.Ordinal))
                    return prefix;
            }
        }
        return null;
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
