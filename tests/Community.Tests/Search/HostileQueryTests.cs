using System.Text;
using System.Text.RegularExpressions;
using Community.Core.Search;
using Community.Testing;
using Xunit.Abstractions;

namespace Community.Tests.Search;

/// <summary>No input makes the index throw, and nothing it returns carries markup from a document or a query.</summary>
public sealed partial class HostileQueryTests(CorpusIndexFixture corpus, ITestOutputHelper output) : IClassFixture<CorpusIndexFixture>
{
    private static readonly SearchViewer Member = new(false, new HashSet<int> { DutchCorpus.SchuldhulpCommunity });
    private static readonly SearchViewer Admin = new(true, new HashSet<int>());
    private static readonly IReadOnlyList<IReadOnlyList<string>> Synonyms = [["Wmo", "Wet maatschappelijke ondersteuning"], ["jeugdzorg", "jeugdhulp"], ["\"", "OR", "*:*"]];

    public static TheoryData<int> HostileIndexes() => [.. Enumerable.Range(0, HostileQueries.All.Count)];

    [Fact]
    public void The_list_is_long_enough_to_mean_something() => Assert.True(HostileQueries.All.Count >= 50);

    [Theory]
    [MemberData(nameof(HostileIndexes))]
    public void A_hostile_query_gives_results_or_nothing_never_an_exception(int index)
    {
        var query = HostileQueries.All[index];
        foreach (var viewer in new[] { SearchViewer.Anonymous, Member, Admin })
        {
            var result = corpus.Index.Search(new SearchRequest(query, viewer) { Synonyms = Synonyms });
            AssertSafe(result);
            Assert.All(result.Hits, h => Assert.True(viewer.IsAdmin || DutchCorpus.Get(h.Key).Public || DutchCorpus.Get(h.Key).CommunityId == DutchCorpus.SchuldhulpCommunity));
            _ = corpus.Index.SuggestTitles(query, viewer);
        }
    }

    [Fact]
    public void Xss_payloads_as_queries_are_harmless()
    {
        foreach (var payload in XssPayloads.All)
            AssertSafe(corpus.Index.Search(new SearchRequest(payload, Admin)));
    }

    [Theory]
    [InlineData("-wijkteam")]
    [InlineData("-\"wijk team\" -jeugd")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("de het een")]
    [InlineData("OR")]
    [InlineData("!!! ??? ***")]
    public void A_query_that_means_nothing_or_only_excludes_finds_nothing(string query)
    {
        var result = corpus.Index.Search(new SearchRequest(query, Admin));
        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
    }

    [Theory]
    [InlineData("privacy:wijkteam", "wiki:20")]
    [InlineData("wijkteam^100 privacy", "wiki:20")]
    [InlineData("\"wijkteam privacy", "wiki:20")]
    [InlineData("(privacy)", "wiki:20")]
    [InlineData("privacy~", "wiki:20")]
    public void Lucene_syntax_is_read_as_the_words_in_it(string query, string expected) =>
        Assert.Contains(corpus.Index.Search(new SearchRequest(query, Admin) { PageSize = 100 }).Hits, h => h.Key == expected);

    [Fact]
    public void Thousands_of_random_queries_never_throw()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("KP_SEARCH_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set KP_SEARCH_FUZZ_SEED to repeat)");
        var random = new Random(seed);
        for (var i = 0; i < 3_000; i++)
        {
            var query = RandomQuery(random);
            try
            {
                var viewer = (i % 3) switch { 0 => SearchViewer.Anonymous, 1 => Member, _ => Admin };
                AssertSafe(corpus.Index.Search(new SearchRequest(query, viewer) { Synonyms = Synonyms, Sort = i % 2 == 0 ? SearchSort.Relevance : SearchSort.Newest, Page = 1 + (i % 4) }));
                _ = corpus.Index.SuggestTitles(query, viewer);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Fuzz query {i} failed with seed {seed} (KP_SEARCH_FUZZ_SEED={seed}): {Escape(query)}", e);
            }
        }
    }

    private static readonly string[] Pieces =
    [
        "wijkteam", "jeugdzorg", "schuldhulp", "gemeenten", "coöperatie", "OR", "AND", "NOT", "-", "\"", "*", "?", "~", "^", ":", "\\",
        "(", ")", "[", "]", "{", "}", "TO", "title:", "+", "&&", "||", "!", "/", "<mark>", "</mark>", "<", ">", "&", "'", " ", " ", " ",
        "ab*", "a*", "de", "het", "\u0000", "\u200b", "😀", "\ud800", "مرحبا", "Ω", "ﬁ", "\r\n",
    ];

    private static string RandomQuery(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 12);
        for (var i = 0; i < length; i++)
        {
            if (random.Next(4) == 0)
            {
                // Any UTF-16 unit at all, lone surrogates and controls included.
                builder.Append((char)random.Next(0, 0x10000));
            }
            else
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }
            if (random.Next(3) == 0)
                builder.Append(' ');
        }
        if (random.Next(50) == 0)
            builder.Append(new string('x', random.Next(1_000, 12_000)));
        return builder.ToString();
    }

    private static void AssertSafe(SearchResult result)
    {
        Assert.True(result.Total >= result.Hits.Count);
        foreach (var hit in result.Hits)
        {
            var withoutMarks = hit.SnippetHtml.Replace("<mark>", "").Replace("</mark>", "");
            Assert.DoesNotContain("<", withoutMarks);
            Assert.DoesNotContain(">", withoutMarks);
            Assert.False(BareAmpersand().IsMatch(withoutMarks), hit.SnippetHtml);
        }
    }

    private static string Escape(string query) =>
        string.Concat(query.Take(300).Select(c => c < 0x20 || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    [GeneratedRegex("&(?![a-zA-Z]+;|#[0-9]+;|#x[0-9a-fA-F]+;)")]
    private static partial Regex BareAmpersand();
}
