using Community.Core.Search;

namespace Community.Tests.Search;

/// <summary>
/// The paths of the search engine that only a larger index takes: phrases with thousands of candidates (checked once
/// per segment and kept), skipping groups of documents whose bound cannot reach the page, several segments, and
/// deletes after the per-segment caches were filled. Expected totals follow from how the documents are generated.
/// </summary>
public sealed class SearchAtScaleTests : IAsyncLifetime
{
    private const int Documents = 9_000;
    private static readonly SearchViewer Admin = new(true, new HashSet<int>());
    private readonly TempIndex _temp = new();

    public async Task InitializeAsync()
    {
        // Three batches: three commits, so three segments at least.
        for (var batch = 0; batch < 3; batch++)
        {
            var documents = Enumerable.Range(batch * Documents / 3, Documents / 3).Select(Document).ToList();
            await _temp.Index.ApplyAsync(documents, [], batch + 1);
        }
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every document has both words; a third as the phrase "eigen kracht", a third the other way round, a third
    /// apart. Every seventh is in a Closed community (not public, community 7). Chat about wijkteams repeats the word
    /// i % 9 + 1 times; every 50th document has it in the title.
    /// </summary>
    private static SearchDocument Document(int i)
    {
        var body = (i % 3) switch
        {
            0 => "we werken vanuit eigen kracht met de buurt",
            1 => "de kracht van het eigen netwerk in de buurt",
            _ => "eigen regie en veerkracht geven kracht aan de buurt",
        };
        body += " " + string.Join(' ', Enumerable.Repeat("wijkteam", i % 9 + 1)) + " overleg nummer " + i;
        var title = i % 50 == 0 ? $"Wijkteam verslag {i}" : $"Verslag {i}";
        return new SearchDocument($"doc:{i}", i % 2 == 0 ? SearchDocumentType.Discussion : SearchDocumentType.Answer, title, body,
            [], $"/d/{i}", i % 10 + 1, $"Pilot {i % 10 + 1}", ["Aalten"], ["Wonen"], i % 7 == 0 ? 7 : 1, i % 7 != 0,
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i));
    }

    private static int Expected(Func<int, bool> holds) => Enumerable.Range(0, Documents).Count(holds);

    [Fact]
    public void A_phrase_with_thousands_of_candidates_counts_exactly_for_each_reader_twice_over()
    {
        var anonymous = new SearchRequest("\"eigen kracht\"", SearchViewer.Anonymous);
        var admin = anonymous with { Viewer = Admin };
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(Expected(i => i % 3 == 0 && i % 7 != 0), _temp.Index.Search(anonymous).Total);
            Assert.Equal(Expected(i => i % 3 == 0), _temp.Index.Search(admin).Total);
        }
        Assert.Equal(Documents, _temp.Index.Search(new SearchRequest("eigen kracht", Admin)).Total);
        Assert.Equal(Expected(i => i % 3 != 0), _temp.Index.Search(new SearchRequest("kracht -\"eigen kracht\"", Admin)).Total);
        var facets = _temp.Index.Search(anonymous).Facets;
        Assert.Equal(Expected(i => i % 3 == 0 && i % 7 != 0 && i % 2 == 0), facets["type"].Single(f => f.Value == "Discussion").Count);
    }

    [Fact]
    public async Task Deleted_documents_leave_the_totals_of_cached_phrases_and_words()
    {
        Assert.Equal(Expected(i => i % 3 == 0), _temp.Index.Search(new SearchRequest("\"eigen kracht\"", Admin)).Total);
        await _temp.Index.ApplyAsync([], ["doc:0", "doc:3", "doc:4"], 10);
        Assert.Equal(Expected(i => i % 3 == 0) - 2, _temp.Index.Search(new SearchRequest("\"eigen kracht\"", Admin)).Total);
        Assert.Equal(Documents - 3, _temp.Index.Search(new SearchRequest("wijkteam", Admin)).Total);
    }

    [Fact]
    public void The_first_page_is_the_start_of_the_full_ranking()
    {
        // A larger page lowers the bar below which groups are skipped; the best 20 must be the same either way.
        var page = _temp.Index.Search(new SearchRequest("wijkteam overleg", Admin) { PageSize = 20 }).Hits.Select(h => h.Key).ToList();
        var ranking = Enumerable.Range(1, 5)
            .SelectMany(p => _temp.Index.Search(new SearchRequest("wijkteam overleg", Admin) { PageSize = 100, Page = p }).Hits)
            .Select(h => h.Key).ToList();
        Assert.Equal(500, ranking.Distinct().Count());
        Assert.Equal(ranking.Take(20), page);
        Assert.Equal(ranking.Skip(20).Take(20), _temp.Index.Search(new SearchRequest("wijkteam overleg", Admin) { PageSize = 20, Page = 2 }).Hits.Select(h => h.Key));
        // The title weighs most: the 180 documents with the word in the title come first.
        Assert.All(ranking.Take(180), key => Assert.Equal(0, int.Parse(key["doc:".Length..]) % 50));
    }

    [Fact]
    public void Newest_first_pages_through_every_match_in_date_order()
    {
        var request = new SearchRequest("\"eigen kracht\"", Admin) { Sort = SearchSort.Newest, PageSize = 100 };
        var first = _temp.Index.Search(request).Hits;
        Assert.Equal($"doc:{Enumerable.Range(0, Documents).Last(i => i % 3 == 0)}", first[0].Key);
        Assert.True(first.Zip(first.Skip(1)).All(p => p.First.Updated >= p.Second.Updated));
    }
}

/// <summary>A new large segment gets the words people searched read in the background, before a search asks for them.</summary>
public sealed class SegmentWarmerTests
{
    private static readonly SearchViewer Admin = new(true, new HashSet<int>());

    [Fact]
    public async Task A_new_segment_of_ten_thousand_documents_has_the_searched_words_read_before_it_is_searched()
    {
        using var temp = new TempIndex();
        await temp.Index.ApplyAsync([Document(0, "eerste bericht")], [], 1);
        Assert.Equal(0, temp.Index.Search(new SearchRequest("mantelzorg", Admin)).Total);

        // One apply, one writer thread, one commit: a single new segment of 12,000 documents.
        await temp.Index.ApplyAsync([.. Enumerable.Range(1, 12_000).Select(i => Document(i, i % 2 == 0 ? "hulp bij mantelzorg" : "een ander onderwerp"))], [], 2);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!temp.Index.IsWarmedFor("mantelzorg") && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.True(temp.Index.IsWarmedFor("mantelzorg"), "the searched word was not read into the new segment in time");
        Assert.False(temp.Index.IsWarmedFor("onderwerp"), "a word nobody searched was read anyway");
        Assert.Equal(6_000, temp.Index.Search(new SearchRequest("mantelzorg", Admin)).Total);

        // A restart (closed and opened again) starts warm with the words searched before it.
        var reopened = temp.Reopen();
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (!reopened.IsWarmedFor("mantelzorg") && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.True(reopened.IsWarmedFor("mantelzorg"), "the words searched before the restart were not read after it");
        Assert.Contains("w\tmantelzorg", File.ReadAllLines(Path.Combine(temp.Path, "recent-searches.txt")));
    }

    private static SearchDocument Document(int i, string body) =>
        new($"warm:{i}", SearchDocumentType.Discussion, $"Bericht {i}", body, [], $"/w/{i}", null, null, [], [], null, true,
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i));
}
