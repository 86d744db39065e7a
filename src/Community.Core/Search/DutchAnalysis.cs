using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.IO.Compression;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Tartarus.Snowball.Ext;
using Lucene.Net.Util;

namespace Community.Core.Search;

/// <summary>
/// Dutch analysis for the index and for queries: lowercase, stop words out, diacritics folded, Snowball Dutch
/// stems with a few corrections, and at index time the parts of compound words beside the word itself.
/// </summary>
public sealed class DutchSearchAnalyzer : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly bool _compounds;

    /// <param name="compounds">True for indexing; queries leave compounds whole, so "jeugdzorg" meets the part indexed for "jeugdzorgaanbieders".</param>
    public DutchSearchAnalyzer(bool compounds) => _compounds = compounds;

    // Title, tags and body are three values of one field: a phrase must not run from one into the next.
    public override int GetPositionIncrementGap(string fieldName) => 100;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader) { MaxTokenLength = 64 };
        TokenStream stream = new LowerCaseFilter(Version, tokenizer);
        stream = new StopFilter(Version, stream, DutchLexicon.StopWords);
        stream = new DutchTermFilter(stream, _compounds);
        return new TokenStreamComponents(tokenizer, stream);
    }
}

/// <summary>
/// Words as StandardTokenizer (Unicode word breaks, UAX #29) cuts the text this platform holds, for snippets, which
/// look words up without a token stream: letters, digits, marks and underscores, held together by an apostrophe, period or colon between letters (auto's, zo'n, e.g) and by a period,
/// comma, semicolon or apostrophe between digits (1.000,50); a hyphen, slash or @ separates (re-integratie is re and
/// integratie, jan@example.nl is jan and example.nl). A Chinese or Japanese ideograph is a word by itself, as there.
/// Words longer than <see cref="MaxLength"/> are skipped, as StandardTokenizer's maximum token length does.
/// </summary>
internal static class DutchWords
{
    public const int MaxLength = 64;

    public static bool Next(ReadOnlySpan<char> text, ref int at, out int start)
    {
        while (at < text.Length && !IsWordChar(text, at))
            at++;
        start = at;
        if (at == text.Length)
            return false;
        if (IsIdeograph(text, at))
        {
            at += char.IsHighSurrogate(text[at]) ? 2 : 1;
            return true;
        }
        while (at < text.Length)
        {
            if (IsWordChar(text, at) || (text[at] >= 0x80 && char.GetUnicodeCategory(text[at]) == UnicodeCategory.Format))
            {
                if (IsIdeograph(text, at))
                    break;
                at += char.IsHighSurrogate(text[at]) ? 2 : 1;
                continue;
            }
            if (at + 1 < text.Length && IsJoiner(text[at - 1], text[at], text[at + 1]))
            {
                at++;
                continue;
            }
            break;
        }
        return true;
    }

    private static bool IsWordChar(ReadOnlySpan<char> text, int at)
    {
        var c = text[at];
        if (c < 0x80)
            return char.IsAsciiLetterOrDigit(c) || c == '_';
        if (char.IsHighSurrogate(c))
            return at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]) && Rune.IsLetterOrDigit(new Rune(c, text[at + 1]));
        return char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.ConnectorPunctuation;
    }

    private static bool IsIdeograph(ReadOnlySpan<char> text, int at)
    {
        var c = text[at];
        if (c < 0x3040)
            return false;
        if (char.IsHighSurrogate(c))
            return at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]) && char.ConvertToUtf32(c, text[at + 1]) is >= 0x20000 and < 0x40000;
        return c is (>= '\u3040' and <= '\u309F') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF');
    }

    private static bool IsJoiner(char before, char c, char after) => c switch
    {
        '\'' or '\u2018' or '\u2019' or '.' => (char.IsLetter(before) && char.IsLetter(after)) || (char.IsDigit(before) && char.IsDigit(after)),
        ':' or '\u00B7' => char.IsLetter(before) && char.IsLetter(after),
        ',' or ';' => char.IsDigit(before) && char.IsDigit(after),
        _ => false,
    };
}

/// <summary>Lowercase and folded but not stemmed: for title suggestions and spelling neighbours, which show words to people.</summary>
public sealed class PlainAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(DutchSearchAnalyzer.Version, reader) { MaxTokenLength = 64 };
        TokenStream stream = new LowerCaseFilter(DutchSearchAnalyzer.Version, tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }
}

/// <summary>
/// Folds, stems and splits one token at a time, caching the result per surface form: a corpus repeats the same
/// few hundred thousand words, and Lucene's DictionaryCompoundWordTokenFilter tries every substring of every token
/// against the dictionary, which made a million-document rebuild far slower than the two minutes it may take.
/// </summary>
internal sealed class DutchTermFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _positionIncrement;
    private readonly bool _compounds;
    private readonly DutchStemmer _stemmer = new();
    private string[]? _pending;
    private int _pendingIndex;

    public DutchTermFilter(TokenStream input, bool compounds) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _positionIncrement = AddAttribute<IPositionIncrementAttribute>();
        _compounds = compounds;
    }

    public override bool IncrementToken()
    {
        // A part keeps the word's offsets and type: nothing after this filter changes an attribute, so rather than
        // capture and restore the state (a copy of every attribute per part) only the term and increment change.
        if (_pending is not null && _pendingIndex < _pending.Length)
        {
            _term.SetEmpty().Append(_pending[_pendingIndex++]);
            _positionIncrement.PositionIncrement = 0;
            return true;
        }
        _pending = null;
        if (!m_input.IncrementToken())
            return false;
        var analysis = DutchLexicon.Analyze(_term.Buffer.AsSpan(0, _term.Length), _stemmer);
        _term.SetEmpty().Append(analysis.Stem);
        if (_compounds && analysis.Parts.Length > 0)
        {
            _pending = analysis.Parts;
            _pendingIndex = 0;
        }
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _pending = null;
    }
}

internal sealed record TermAnalysis(string Stem, string[] Parts);

/// <summary>
/// The Dutch word knowledge: the compound-part list shipped with the code (see Dutch/README.md for its source
/// and licence), stem corrections, and the per-word cache.
/// </summary>
internal static class DutchLexicon
{
    private const int MinPart = 4;
    private const int MaxCached = 400_000;

    public static readonly CharArraySet StopWords = Lucene.Net.Analysis.Nl.DutchAnalyzer.DefaultStopSet;

    private static readonly Lazy<HashSet<string>> WordSet = new(LoadWords);
    private static readonly ConcurrentDictionary<string, TermAnalysis> Cache = new();
    private static readonly ConcurrentDictionary<string, TermAnalysis>.AlternateLookup<ReadOnlySpan<char>> CacheLookup =
        Cache.GetAlternateLookup<ReadOnlySpan<char>>();
    // ConcurrentDictionary.Count takes every one of its locks (up to 1,024 once the table has grown): asked on each
    // miss, it was 7% of a rebuild. An approximate count is all the bound needs.
    private static int _cached;

    // Snowball Dutch leaves these apart from their other forms; checked against the forms people search for.
    private static readonly Dictionary<string, string> StemOverrides = new()
    {
        ["gemeentes"] = "gemeent",
        ["lessen"] = "les",
        ["kinderen"] = "kind",
        ["kind"] = "kind",
        ["steden"] = "stad",
        ["stad"] = "stad",
        ["wijken"] = "wijk",
        ["jongeren"] = "jong",
        ["jongere"] = "jong",
        ["licht"] = "licht",
    };

    public static HashSet<string> Words => WordSet.Value;

    public static TermAnalysis Analyze(ReadOnlySpan<char> lowercased, DutchStemmer stemmer)
    {
        if (CacheLookup.TryGetValue(lowercased, out var cached))
            return cached;
        var surface = lowercased.ToString();
        var analysis = Compute(surface, stemmer);
        if (Volatile.Read(ref _cached) < MaxCached && Cache.TryAdd(surface, analysis))
            Interlocked.Increment(ref _cached);
        return analysis;
    }

    public static string Fold(string word)
    {
        foreach (var c in word)
        {
            if (c >= 0x80)
            {
                var input = word.ToCharArray();
                var output = new char[input.Length * 4];
                var length = ASCIIFoldingFilter.FoldToASCII(input, 0, output, 0, input.Length);
                return new string(output, 0, length);
            }
        }
        return word;
    }

    private static TermAnalysis Compute(string surface, DutchStemmer stemmer)
    {
        var folded = Fold(surface);
        var stem = Stem(folded, stemmer);
        var parts = Array.Empty<string>();
        if (folded.Length >= 2 * MinPart && IsLetters(folded))
        {
            var split = Split(folded);
            if (split is { Count: > 1 })
            {
                // Every run of neighbouring parts, so "schuldhulp" is found in schuld|hulp|verlening even though the
                // list holds only simple words.
                var found = new HashSet<string>(StringComparer.Ordinal);
                for (var from = 0; from < split.Count; from++)
                {
                    for (var to = from; to < split.Count; to++)
                    {
                        if (from == 0 && to == split.Count - 1)
                            continue;
                        var joined = folded[split[from].Start..split[to].End];
                        var partStem = Stem(joined, stemmer);
                        if (partStem != stem)
                            found.Add(partStem);
                    }
                }
                parts = [.. found];
            }
        }
        return new TermAnalysis(stem, parts);
    }

    private static bool IsLetters(string word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
                return false;
        }
        return true;
    }

    internal static string Stem(string folded, DutchStemmer stemmer)
    {
        if (StemOverrides.TryGetValue(folded, out var overridden))
            return overridden;
        if (folded.Length > 4 && folded.EndsWith("ies", StringComparison.Ordinal))
            folded = folded[..^1];
        else if (VerbRoot(folded) is { } root)
            folded = root + "en";
        stemmer.SetCurrent(folded);
        stemmer.Stem();
        return stemmer.Current;
    }

    // Snowball keeps "werkt", "werkte" and "gewerkt" apart from "werken": a form is taken for a verb's when the list
    // knows the infinitive its root makes ("werk" + "en") and a past tense or no plural of the form itself, which
    // leaves nouns such as "buurt" (buurten) and "ruimte" (ruimtes) alone.
    private static string? VerbRoot(string word)
    {
        if (word.Length < 5 || !IsLetters(word))
            return null;
        var words = Words;
        if (word.EndsWith("te", StringComparison.Ordinal) || word.EndsWith("ten", StringComparison.Ordinal))
        {
            var form = word.EndsWith('n') ? word[..^1] : word;
            var root = form[..^2];
            if (root.Length >= 3 && words.Contains(root + "en") && words.Contains(root + "t") && !words.Contains(form + "s"))
                return root;
            return null;
        }
        if (!word.EndsWith('t'))
            return null;
        foreach (var root in (ReadOnlySpan<string>)[word[..^1], Undouble(word[..^1])])
        {
            if (root.Length >= 3 && words.Contains(root + "en")
                && (words.Contains(root + "te") || words.Contains(root + "de") || !words.Contains(word + "en")))
                return root;
        }
        if (word.StartsWith("ge", StringComparison.Ordinal) && word.Length > 6 && words.Contains(word[2..^1] + "en"))
            return word[2..^1];
        return null;
    }

    // "leert" comes from "leren": a long vowel is written double only in a closed syllable.
    private static string Undouble(string root) =>
        root.Length >= 3 && root[^2] == root[^3] && root[^2] is ('a' or 'e' or 'o' or 'u') && root[^1] is not ('a' or 'e' or 'i' or 'o' or 'u')
            ? root.Remove(root.Length - 2, 1)
            : root;

    /// <summary>
    /// The fewest list words that make up <paramref name="word"/>, as (start, end) spans; a linking s or e between two
    /// parts belongs to neither (arbeid|s|markt), or null when the word is not made of list words.
    /// </summary>
    internal static List<(int Start, int End)>? Split(string word)
    {
        var words = Words;
        var n = word.Length;
        // best[i]: the fewest parts covering word[i..], or null when it cannot be covered.
        var best = new List<(int, int)>?[n + 1];
        best[n] = [];
        for (var i = n - MinPart; i >= 0; i--)
        {
            List<(int, int)>? bestHere = null;
            for (var end = n; end >= i + MinPart; end--)
            {
                if (!words.Contains(word.Substring(i, end - i)))
                    continue;
                foreach (var link in LinkLengths(word, end))
                {
                    var rest = best[end + link];
                    if (rest is null)
                        continue;
                    if (bestHere is null || rest.Count + 1 < bestHere.Count)
                        bestHere = [(i, end), .. rest];
                }
            }
            best[i] = bestHere;
        }
        return best[0];
    }

    private static IEnumerable<int> LinkLengths(string word, int at)
    {
        yield return 0;
        if (at < word.Length - MinPart && word[at] is 's' or 'e')
            yield return 1;
    }

    private static HashSet<string> LoadWords()
    {
        using var stream = typeof(DutchLexicon).Assembly.GetManifestResourceStream("Community.Core.Search.Dutch.compound-parts.nl.txt.gz")
            ?? throw new InvalidOperationException("The Dutch compound-part list is not embedded in Community.Core.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var set = new HashSet<string>(150_000, StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
                set.Add(line);
        }
        return set;
    }
}
