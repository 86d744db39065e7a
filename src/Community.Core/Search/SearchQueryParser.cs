using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Community.Core.Search;

internal enum AlternativeKind
{
    /// <summary>All terms, anywhere (one term is the common case).</summary>
    AllTerms,
    /// <summary>The terms in this order at these positions.</summary>
    Phrase,
    /// <summary>One term that is a prefix (folded, not stemmed).</summary>
    Prefix,
}

/// <summary>One way to satisfy a clause: analysed terms (stems), with their positions for phrases.</summary>
internal sealed record QueryAlternative(AlternativeKind Kind, string[] Terms, int[] Positions, string Text);

/// <summary>A clause is met when one of its alternatives is (OR and synonyms); excluded clauses must not be met.</summary>
internal sealed record QueryClause(IReadOnlyList<QueryAlternative> Alternatives, bool Exclude, string Text);

internal sealed record ParsedQuery(IReadOnlyList<QueryClause> Clauses)
{
    public bool FindsNothing => Clauses.All(c => c.Exclude);
}

/// <summary>
/// The query language people expect (words, "phrases", -exclude, OR, prefix*), parsed by hand: Lucene's classic
/// QueryParser throws on half the things people type and understands syntax (field:, ~, ^, ranges) no visitor
/// should be able to use. Whatever this cannot read as an operator is read as words, and words the analyzer
/// drops (symbols, stop words) are dropped.
/// </summary>
internal static partial class SearchQueryParser
{
    public const int MaxInputLength = 1_000;
    public const int MaxClauses = 24;
    public const int MaxPhraseTerms = 16;

    private sealed record RawPart(string Text, bool Phrase, bool Exclude);

    public static ParsedQuery Parse(string? input, Analyzer analyzer, IReadOnlyList<IReadOnlyList<string>> synonyms)
    {
        var parts = Lex(Sanitize(input));
        var clauses = new List<QueryClause>();
        var orPending = false;
        foreach (var part in parts)
        {
            if (part is { Phrase: false, Exclude: false, Text: "OR" })
            {
                orPending = clauses.Count > 0 && !clauses[^1].Exclude;
                continue;
            }
            var alternative = Analyze(part, analyzer);
            if (alternative is null)
            {
                // A dropped word (a symbol, a stop word) does not leave a dangling OR to the next one.
                continue;
            }
            if (orPending && !part.Exclude)
            {
                var previous = clauses[^1];
                clauses[^1] = previous with { Alternatives = [.. previous.Alternatives, alternative], Text = previous.Text + " OR " + part.Text };
            }
            else if (clauses.Count < MaxClauses)
            {
                clauses.Add(new QueryClause([alternative], part.Exclude, part.Text));
            }
            orPending = false;
        }
        return new ParsedQuery(ApplySynonyms(clauses, synonyms, analyzer));
    }

    /// <summary>Control characters and lone surrogates become spaces; anything past <see cref="MaxInputLength"/> is ignored.</summary>
    internal static string Sanitize(string? input)
    {
        if (string.IsNullOrEmpty(input))
            return "";
        var text = input.Length > MaxInputLength ? input[..MaxInputLength] : input;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? ' ' : c);
        }
        return builder.ToString();
    }

    private static List<RawPart> Lex(string text)
    {
        var parts = new List<RawPart>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var exclude = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && text[i + 1] != '-')
            {
                exclude = true;
                i++;
            }
            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close > i)
                {
                    parts.Add(new RawPart(text[(i + 1)..close], Phrase: true, exclude));
                    i = close + 1;
                    continue;
                }
                // An unbalanced quote is read as a space.
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
                i++;
            // Lucene syntax inside a word (title:x, x^2, x~1, (x), a/b) separates words instead of meaning anything.
            var words = LuceneSyntax().Replace(BoostOrFuzz().Replace(text[start..i], " "), " ");
            foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                parts.Add(new RawPart(word, Phrase: false, exclude));
        }
        return parts;
    }

    private static QueryAlternative? Analyze(RawPart part, Analyzer analyzer)
    {
        if (!part.Phrase && IsPrefix(part.Text, out var prefix))
            return new QueryAlternative(AlternativeKind.Prefix, [prefix], [0], part.Text);
        var (terms, positions) = Tokens(analyzer, part.Text, MaxPhraseTerms);
        if (terms.Length == 0)
            return null;
        // A word the tokenizer splits ("e-mail", "wmo/jeugd") means its pieces together, as a phrase would.
        var kind = terms.Length > 1 ? AlternativeKind.Phrase : AlternativeKind.AllTerms;
        return new QueryAlternative(kind, terms, positions, part.Text);
    }

    /// <summary>"jeugd*": at least two letters or digits before the star, nothing else; folded and lowercased, not stemmed.</summary>
    private static bool IsPrefix(string text, out string prefix)
    {
        prefix = "";
        var body = text.TrimEnd('*');
        if (body.Length == text.Length || body.Length < 2 || body.Length > 40)
            return false;
        foreach (var c in body)
        {
            if (!char.IsLetterOrDigit(c))
                return false;
        }
        prefix = DutchLexicon.Fold(body.ToLowerInvariant());
        return prefix.Length >= 2;
    }

    internal static (string[] Terms, int[] Positions) Tokens(Analyzer analyzer, string text, int max)
    {
        var terms = new List<string>();
        var positions = new List<int>();
        using var stream = analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken() && terms.Count < max)
        {
            position += increment.PositionIncrement;
            terms.Add(term.ToString());
            positions.Add(Math.Max(position, 0));
        }
        stream.End();
        // Positions relative to the first kept term: a leading stop word leaves a gap, not an offset.
        var first = positions.Count > 0 ? positions[0] : 0;
        return ([.. terms], [.. positions.Select(p => p - first)]);
    }

    /// <summary>
    /// A clause whose words are one synonym group member becomes an OR of the whole group; consecutive single words
    /// that spell a member together ("wet maatschappelijke ondersteuning") become one such clause.
    /// </summary>
    private static List<QueryClause> ApplySynonyms(List<QueryClause> clauses, IReadOnlyList<IReadOnlyList<string>> synonyms, Analyzer analyzer)
    {
        if (synonyms.Count == 0 || clauses.Count == 0)
            return clauses;
        var groups = new List<List<QueryAlternative>>();
        foreach (var group in synonyms.Take(500))
        {
            var members = new List<QueryAlternative>();
            foreach (var member in group.Take(20))
            {
                if (string.IsNullOrWhiteSpace(member))
                    continue;
                var (terms, positions) = Tokens(analyzer, Sanitize(member), MaxPhraseTerms);
                if (terms.Length > 0)
                    members.Add(new QueryAlternative(terms.Length > 1 ? AlternativeKind.Phrase : AlternativeKind.AllTerms, terms, positions, member));
            }
            if (members.Count > 1)
                groups.Add(members);
        }
        if (groups.Count == 0)
            return clauses;

        var result = new List<QueryClause>();
        for (var i = 0; i < clauses.Count; i++)
        {
            var clause = clauses[i];
            if (!clause.Exclude && IsSingleWord(clause))
            {
                // The longest run of single-word clauses that spells a multi-word member.
                var matched = false;
                for (var length = Math.Min(MaxPhraseTerms, clauses.Count - i); length >= 2 && !matched; length--)
                {
                    var run = clauses.Skip(i).Take(length).ToList();
                    if (!run.All(c => !c.Exclude && IsSingleWord(c)))
                        continue;
                    var runTerms = run.Select(c => c.Alternatives[0].Terms[0]).ToArray();
                    var group = groups.FirstOrDefault(g => g.Any(m => m.Terms.SequenceEqual(runTerms)));
                    if (group is null)
                        continue;
                    var text = string.Join(' ', run.Select(c => c.Text));
                    var own = new QueryAlternative(AlternativeKind.AllTerms, runTerms, [.. runTerms.Select((_, p) => p)], text);
                    result.Add(new QueryClause([own, .. group.Where(m => !m.Terms.SequenceEqual(runTerms))], false, text));
                    i += length - 1;
                    matched = true;
                }
                if (matched)
                    continue;
            }
            var expanded = new List<QueryAlternative>(clause.Alternatives);
            foreach (var alternative in clause.Alternatives.Where(a => a.Kind != AlternativeKind.Prefix))
            {
                foreach (var group in groups.Where(g => g.Any(m => m.Terms.SequenceEqual(alternative.Terms))))
                    expanded.AddRange(group.Where(m => !expanded.Any(e => e.Terms.SequenceEqual(m.Terms))));
            }
            result.Add(clause with { Alternatives = expanded });
        }
        return result;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[~^][0-9.]*")]
    private static partial System.Text.RegularExpressions.Regex BoostOrFuzz();

    [System.Text.RegularExpressions.GeneratedRegex(@"[:()\[\]{}\\/+!&|?]|\*(?=.)")]
    private static partial System.Text.RegularExpressions.Regex LuceneSyntax();

    private static bool IsSingleWord(QueryClause clause) =>
        clause.Alternatives is [{ Kind: AlternativeKind.AllTerms, Terms.Length: 1 }];
}
