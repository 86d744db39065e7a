using Community.Core.Search;

namespace Community.Tests.Search;

public sealed class SearchIndexBasicsTests
{
    private static readonly SearchViewer Admin = new(true, new HashSet<int>());

    [Fact]
    public async Task An_applied_document_is_found_at_once_and_a_deleted_one_is_gone_at_once()
    {
        using var temp = await TempIndex.WithCorpusAsync();
        var doc = DutchCorpus.Get("wiki:16") with { Key = "wiki:900", Title = "Signaleringskaart voor huisbezoeken", Body = "Een kaart met signalen van eenzaamheid." };

        await temp.Index.ApplyAsync([doc], [], 101);
        Assert.Equal(["wiki:900"], temp.Index.Search(new SearchRequest("eenzaamheid", Admin)).Hits.Select(h => h.Key));

        await temp.Index.ApplyAsync([], ["wiki:900"], 102);
        Assert.Equal(0, temp.Index.Search(new SearchRequest("eenzaamheid", Admin)).Total);
        Assert.Equal(102, temp.Index.AppliedSequence);
    }

    [Fact]
    public async Task An_upsert_replaces_the_document_with_the_same_key()
    {
        using var temp = await TempIndex.WithCorpusAsync();
        var edited = DutchCorpus.Get("thread:22") with { Body = "De wachttijd is nu drie weken." };
        await temp.Index.ApplyAsync([edited], [], 101);

        var result = temp.Index.Search(new SearchRequest("wachttijd", Admin));
        Assert.Equal(1, result.Total);
        Assert.Contains("drie", result.Hits[0].SnippetHtml);
        Assert.Equal(0, temp.Index.Search(new SearchRequest("gedaald", Admin)).Total);
    }

    [Fact]
    public async Task The_applied_sequence_survives_closing_and_opening_the_index()
    {
        using var temp = await TempIndex.WithCorpusAsync();
        await temp.Index.ApplyAsync([], ["chat:14"], 4711);

        var reopened = temp.Reopen();

        Assert.Equal(4711, reopened.AppliedSequence);
        Assert.Equal(["wiki:13"], reopened.Search(new SearchRequest("regisseur", Admin)).Hits.Select(h => h.Key));
    }

    [Fact]
    public void A_new_index_is_empty_and_has_applied_nothing()
    {
        using var temp = new TempIndex();
        Assert.Equal(0, temp.Index.AppliedSequence);
        Assert.Equal(0, temp.Index.Search(new SearchRequest("wijkteam", Admin)).Total);
    }

    [Fact]
    public async Task A_snippet_is_the_part_of_a_long_text_around_the_words_found()
    {
        using var temp = new TempIndex();
        var filler = string.Concat(Enumerable.Repeat("Het overleg 😀 met de partners verliep zoals altijd rustig. ", 60));
        var body = filler + "Daarna kwam de <b>respijtzorg</b> ter sprake, en ook de mantelzorgers zelf. " + filler;
        await temp.Index.ApplyAsync([DutchCorpus.Get("wiki:16") with { Key = "wiki:1", Body = body }], [], 1);

        var snippet = Assert.Single(temp.Index.Search(new SearchRequest("mantelzorger respijtzorg", Admin)).Hits).SnippetHtml;

        Assert.StartsWith("… ", snippet);
        Assert.EndsWith(" …", snippet);
        Assert.Contains("&lt;b&gt;<mark>respijtzorg</mark>&lt;/b&gt;", snippet);
        Assert.Contains("<mark>mantelzorgers</mark>", snippet);
        Assert.InRange(System.Net.WebUtility.HtmlDecode(snippet.Replace("<mark>", "").Replace("</mark>", "")).Length, 150, 240);
        Assert.DoesNotContain('\uFFFD', System.Net.WebUtility.HtmlDecode(snippet));
    }

    [Fact]
    public async Task A_hit_on_the_title_only_shows_the_opening_of_the_text()
    {
        using var temp = new TempIndex();
        var body = string.Concat(Enumerable.Repeat("Een tekst zonder het gezochte woord. ", 20));
        await temp.Index.ApplyAsync([DutchCorpus.Get("wiki:16") with { Key = "wiki:1", Title = "Respijtzorg", Body = body }], [], 1);

        var snippet = Assert.Single(temp.Index.Search(new SearchRequest("respijtzorg", Admin)).Hits).SnippetHtml;

        Assert.StartsWith("Een tekst zonder", snippet);
        Assert.EndsWith(" …", snippet);
    }

    [Fact]
    public async Task Concurrent_applies_are_serialized_and_concurrent_searches_see_only_whole_batches()
    {
        using var temp = new TempIndex();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Each batch adds two documents with the word: a reader never sees half a batch.
                var total = temp.Index.Search(new SearchRequest("sterrenkijker", Admin) { IncludeFacets = false }).Total;
                Assert.Equal(0, total % 2);
            }
        })).ToList();
        var writers = Enumerable.Range(1, 16).Select(i => Task.Run(() => temp.Index.ApplyAsync(
        [
            DutchCorpus.Get("wiki:16") with { Key = $"wiki:{i}a", Body = "De sterrenkijker." },
            DutchCorpus.Get("wiki:16") with { Key = $"wiki:{i}b", Body = "Nog een sterrenkijker." },
        ], [], i))).ToList();
        await Task.WhenAll(writers);
        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.Equal(32, temp.Index.Search(new SearchRequest("sterrenkijker", Admin)).Total);
        Assert.InRange(temp.Index.AppliedSequence, 1, 16);
    }
}
