using System.Net;
using System.Text.Json;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Search;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Community.Tests.Search;

/// <summary>/zoeken, /api/search and the suggestions: who sees what, filters and pages, hostile and bad input, synonyms and the zero-result log.</summary>
public sealed class SearchPageTests(Apps apps) : AppTest(apps)
{
    /// <summary>
    /// Besides the shared list (tests/Shared/HostileQueries.cs): what reaches the index only through a URL (control characters,
    /// lone surrogates, percent-encoding) and input long enough to be cut. Each gives a page, never an error.
    /// </summary>
    public static readonly string[] HostileQueries =
    [
        "\"", "\"\"", "\"open", "open\"", "'", "(", ")", "((((", "))))", "[", "]", "{", "}", "[a TO", "{* TO *}", "*", "**", "?", "*?*", "~", "~2",
        "^", "^10", "a^", ":", "title:", ":title", "title:*", "body:(a OR", "AND", "OR", "NOT", "-", "--", "+", "++", "!", "&&", "||", "a && || b",
        "OR OR OR", "AND NOT", "- - -", "-\"\"", "\\", "\\\\", "/", "/regex/", "/[a-z", "a/b", "jeugd*zorg?", "*zorg", "?zorg", "zorg~0.5",
        "\"jeugd zorg\"~", "\"a\" \"", "<script>alert(1)</script>", "'; DROP TABLE \"Posts\"; --", "%00", "\0", "\u0001\u0002", "\t\n\r",
        "😀", "🏳️‍🌈", "\ud800", "ﷺ", "ä̈̈̈̈̈", "ǅ", "İ", "ß", "coöperatie", "\u202e", "&#x3C;", "%22", "null", "undefined", "NaN",
        new string('a', 5000), string.Join(" ", Enumerable.Repeat("jeugdzorg", 600)), string.Join(" OR ", Enumerable.Repeat("a", 2000)),
        new string('(', 3000), new string('"', 3001), "a* b* c* d* e* f* g* h* i* j* k* l* m* n* o* p*",
    ];

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_closed_communitys_titles_snippets_counts_and_facets_reach_only_its_members_and_admins(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var member = await app.CreateUserAsync();
        var outsider = await app.CreateUserAsync();
        var open = await app.CreatePilotAsync(admin, title: "Open " + SearchProbe.Word("pilot"), municipalities: ["Aalten"]);
        var closedTitle = "Geheim " + SearchProbe.Word("pilot");
        var closed = await app.CreatePilotAsync(admin, title: closedTitle, visibility: CommunityVisibility.Closed, municipalities: ["Winterswijk"]);
        await app.AddMemberAsync(closed, member, admin);
        var word = SearchProbe.Word();
        var secret = SearchProbe.Word("geheim");
        await app.CreateThreadAsync(open, admin, title: $"Openbaar over {word}", body: "Iedereen mag dit lezen.");
        await app.CreateThreadAsync(closed, member, title: $"Besloten over {word}", body: $"Alleen voor leden: {secret}.");

        var anonymous = app.NewBrowser();
        var outsiderBrowser = await app.SignInAsAsync(outsider);
        var memberBrowser = await app.SignInAsAsync(member);
        var adminBrowser = await app.SignInAsAsync(admin);
        await SearchProbe.FoundAsync(memberBrowser, word, total: 2);
        await SearchProbe.FoundAsync(adminBrowser, word, total: 2);

        foreach (var reader in new[] { anonymous, outsiderBrowser })
        {
            Assert.Equal(1, await SearchProbe.TotalAsync(reader, word));
            Assert.Equal(0, await SearchProbe.TotalAsync(reader, secret));
            var json = (await SearchProbe.ApiAsync(reader, word)).GetRawText();
            Assert.DoesNotContain("Besloten over", json);
            Assert.DoesNotContain(closed, json);

            var page = await reader.GetAsync($"/zoeken?q={word}");
            page.AssertStatus(HttpStatusCode.OK);
            Assert.Contains($"Openbaar over", page.Html);
            Assert.DoesNotContain("Besloten over", page.Html);
            Assert.DoesNotContain(closedTitle, page.Html);
            Assert.DoesNotContain("Winterswijk", page.Html);
            Assert.Contains("1 resultaten", page.Text);
            // Counts of the facets are over what this reader may see: one question, in one pilot.
            Assert.Contains("Vraag (1)", page.Text);

            var filtered = await reader.GetAsync($"/zoeken?q={word}&pilot={closed}");
            Assert.Contains("0 resultaten", filtered.Text);
            Assert.DoesNotContain("Besloten over", filtered.Html);
            Assert.Equal(0, (await SearchProbe.ApiAsync(reader, secret)).GetProperty("hits").GetArrayLength());
            var suggestions = await reader.Http.GetStringAsync("/api/search/suggesties?q=Besloten");
            Assert.DoesNotContain(word, suggestions);
        }

        var memberPage = await memberBrowser.GetAsync($"/zoeken?q={word}");
        Assert.Contains("Besloten over", memberPage.Html);
        Assert.Contains("2 resultaten", memberPage.Text);
        Assert.Contains("Vraag (2)", memberPage.Text);
        Assert.Contains("<mark>", (await memberBrowser.GetAsync($"/zoeken?q={secret}")).Html);
        Assert.Contains(word, await memberBrowser.Http.GetStringAsync("/api/search/suggesties?q=Besloten"));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Filters_sorting_and_pages_keep_each_other_and_a_hit_opens(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin, municipalities: ["Doetinchem"], themes: ["Jeugdhulp"]);
        var word = SearchProbe.Word();
        var threadId = 0;
        var lastDiscussionId = 0;
        for (var i = 0; i < 23; i++)
        {
            threadId = await app.CreateThreadAsync(slug, admin, title: $"Vraag {i} over {word}", kind: i % 2 == 0 ? Core.Discussions.ThreadKind.Question : Core.Discussions.ThreadKind.Discussion);
            if (i % 2 == 1) lastDiscussionId = threadId;
        }
        var browser = app.NewBrowser();
        await SearchProbe.FoundAsync(browser, word, total: 23);

        var page = await browser.GetAsync($"/zoeken?q={word}&type=vraag&sorteer=datum");
        page.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("12 resultaten", page.Text);
        var doetinchem = page.Document.QuerySelectorAll(".kp-facet a").First(a => a.TextContent.Contains("Doetinchem"));
        Assert.Contains("type=vraag", doetinchem.GetAttribute("href"));
        Assert.Contains("sorteer=datum", doetinchem.GetAttribute("href"));
        Assert.Contains("(12)", doetinchem.TextContent);
        Assert.Contains(page.Document.QuerySelectorAll(".kp-facet a"), a => a.TextContent.Contains("Jeugdhulp"));

        // Filters without words list everything they match, newest first, and keep the filters in the form.
        var onlyFilter = await browser.GetAsync($"/zoeken?pilot={slug}&type=discussie");
        onlyFilter.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("11 resultaten", onlyFilter.Text);
        Assert.Contains($"/discussies/{lastDiscussionId}/", onlyFilter.Document.QuerySelector(".kp-hit a")!.GetAttribute("href"));
        Assert.Equal("discussie", onlyFilter.Document.QuerySelector("input[type=hidden][name=type]")?.GetAttribute("value"));
        // Nothing at all is still no search.
        Assert.Contains("Zoek in pilots, discussies", (await browser.GetAsync("/zoeken")).Text);

        var all = await browser.GetAsync($"/zoeken?q={word}");
        Assert.Contains("23 resultaten", all.Text);
        Assert.Contains("Vraag (12)", all.Text);
        Assert.Contains("Discussie (11)", all.Text);
        var next = all.Document.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Contains("pagina=2", next);
        var second = await browser.GetAsync(next);
        Assert.Equal(3, second.Document.QuerySelectorAll(".kp-hit").Length);

        var byDate = await browser.GetAsync($"/zoeken?q={word}&sorteer=datum");
        var first = byDate.Document.QuerySelector(".kp-hit a")!.GetAttribute("href")!;
        Assert.Contains($"/discussies/{threadId}/", first);
        (await browser.GetAsync(first)).AssertStatus(HttpStatusCode.OK);

        var beyond = await SearchProbe.ApiAsync(browser, word, $"&type=discussie&pilot={slug}&page=2");
        Assert.Equal(11, beyond.GetProperty("total").GetInt32());
        Assert.Equal(0, beyond.GetProperty("hits").GetArrayLength());
        var api = await SearchProbe.ApiAsync(browser, word, $"&type=discussie&pilot={slug}&page=1");
        Assert.Equal(11, api.GetProperty("hits").GetArrayLength());
        Assert.True(api.TryGetProperty("took", out _));
        var hit = api.GetProperty("hits")[0];
        foreach (var field in new[] { "type", "title", "url", "snippet", "pilot", "updated" }) Assert.True(hit.TryGetProperty(field, out _), field);
        Assert.Equal(slug, hit.GetProperty("pilot").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Every_hostile_query_gets_a_page_and_json_never_an_error()
    {
        var app = await App(Db.Sqlite);
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        await app.CreateThreadAsync(slug, admin, title: "Jeugdzorg in de wijk", body: "Coöperatie en jeugdzorgaanbieders.");
        var browser = await app.SignInAsAsync(admin);
        var queries = Community.Testing.HostileQueries.All.Concat(HostileQueries).Distinct().ToList();
        Assert.True(queries.Count >= 50);
        foreach (var query in queries)
        {
            var escaped = Uri.EscapeDataString(query.Length > 20_000 ? query[..20_000] : query);
            var page = await browser.GetAsync($"/zoeken?q={escaped}");
            Assert.True(page.Status == HttpStatusCode.OK, $"/zoeken?q={query[..Math.Min(40, query.Length)]}: {(int)page.Status}");
            Assert.DoesNotContain("<script>alert", page.Html);
            var api = await browser.Http.GetAsync($"/api/search?q={escaped}");
            Assert.True(api.StatusCode == HttpStatusCode.OK, $"/api/search?q={query[..Math.Min(40, query.Length)]}: {(int)api.StatusCode}");
            JsonDocument.Parse(await api.Content.ReadAsStringAsync());
            var suggest = await browser.Http.GetAsync($"/api/search/suggesties?q={escaped}");
            Assert.Equal(HttpStatusCode.OK, suggest.StatusCode);
        }
    }

    [Theory]
    [InlineData("pagina=-1", "page=-1", "Kies een pagina van 1 tot en met 500.")]
    [InlineData("pagina=abc", "page=abc", "Kies een pagina van 1 tot en met 500.")]
    [InlineData("pagina=99999999999", "page=99999999999", "Kies een pagina van 1 tot en met 500.")]
    [InlineData("type=onzin", "type=onzin", "Onbekend soort resultaat: onzin.")]
    [InlineData("pilot=bestaat-niet", "pilot=bestaat-niet", "Die pilot bestaat niet.")]
    [InlineData("sorteer=willekeurig", "sort=willekeurig", "Sorteer op relevantie of datum.")]
    public async Task Bad_parameters_get_a_400_with_a_dutch_sentence(string pageParameter, string apiParameter, string message)
    {
        var app = await App(Db.Sqlite);
        var browser = app.NewBrowser();
        var page = await browser.GetAsync($"/zoeken?q=jeugd&{pageParameter}");
        page.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains(message, page.Text);
        Assert.Equal("jeugd", page.Document.QuerySelector("#zoekwoorden")!.GetAttribute("value"));
        var api = await browser.Http.GetAsync($"/api/search?q=jeugd&{apiParameter}");
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Bad_dates_get_a_400_and_a_long_query_is_cut_not_refused()
    {
        var app = await App(Db.Sqlite);
        var browser = app.NewBrowser();
        var page = await browser.GetAsync("/zoeken?q=jeugd&van=gisteren");
        page.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains("Geef een datum als jjjj-mm-dd.", page.Text);
        (await browser.GetAsync("/zoeken?q=jeugd&van=2026-05-01&tot=2026-01-01")).AssertStatus(HttpStatusCode.BadRequest);
        var json = await SearchProbe.ApiAsync(browser, new string('x', 10_000));
        Assert.Equal(SearchRules.QueryMaxLength, json.GetProperty("query").GetString()!.Length);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task An_admins_synonym_finds_the_other_word_and_an_edit_or_delete_applies_at_once(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        var (written, searched, third) = (SearchProbe.Word("wet"), SearchProbe.Word("afk"), SearchProbe.Word("ook"));
        await app.CreateThreadAsync(slug, admin, title: $"Uitvoering van de {written}");
        var browser = await app.SignInAsAsync(admin);
        await SearchProbe.FoundAsync(browser, written);
        Assert.Equal(0, await SearchProbe.TotalAsync(browser, searched));

        var adminPage = await browser.GetAsync("/beheer/zoeken");
        adminPage.AssertStatus(HttpStatusCode.OK);
        var refused = await browser.SubmitAsync(adminPage, adminPage.FormForHandler("Add"), ("Terms", "alleen"));
        refused.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Geef minstens twee woorden of termen, gescheiden door =.", refused.Text);

        (await browser.SubmitAsync(adminPage, adminPage.FormForHandler("Add"), ("Terms", $"{searched} = {written}"))).AssertRedirect("/beheer/zoeken");
        Assert.Equal(1, await SearchProbe.TotalAsync(browser, searched));
        Assert.Equal(0, await SearchProbe.TotalAsync(browser, third));

        adminPage = await browser.GetAsync("/beheer/zoeken");
        var id = await app.QueryAsync(c => c.SearchSynonyms.Where(s => s.Terms.Contains(searched)).Select(s => s.Id).SingleAsync());
        (await browser.SubmitAsync(adminPage, adminPage.FormForHandler("Save", $"id={id}"), ("terms", $"{third} = {written}"))).AssertRedirect("/beheer/zoeken");
        Assert.Equal(1, await SearchProbe.TotalAsync(browser, third));
        Assert.Equal(0, await SearchProbe.TotalAsync(browser, searched));

        adminPage = await browser.GetAsync("/beheer/zoeken");
        (await browser.SubmitAsync(adminPage, adminPage.FormForHandler("Delete", $"id={id}"))).AssertRedirect();
        Assert.Equal(0, await SearchProbe.TotalAsync(browser, third));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Searches_without_results_are_counted_without_who_searched_and_one_click_makes_a_knowledge_question(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var searcher = await app.CreateUserAsync();
        var word = SearchProbe.Word("mis");
        var anonymous = app.NewBrowser();
        var signedIn = await app.SignInAsAsync(searcher);
        Assert.Equal(0, await SearchProbe.TotalAsync(anonymous, $"Wachtlijst {word}"));
        (await signedIn.GetAsync($"/zoeken?q=wachtlijst++{word.ToUpperInvariant()}")).AssertStatus(HttpStatusCode.OK);
        (await signedIn.GetAsync($"/zoeken?q=wachtlijst+{word}&pagina=2")).AssertStatus(HttpStatusCode.OK);

        var miss = await app.QueryAsync(c => c.SearchMisses.SingleAsync(m => m.Query == $"wachtlijst {word}"));
        Assert.Equal(2, miss.Count);
        // The table has no column that could say who searched; nothing else records the query with a user.
        Assert.DoesNotContain(typeof(SearchMiss).GetProperties(), p => p.Name.Contains("User", StringComparison.OrdinalIgnoreCase));
        Assert.False(await app.QueryAsync(c => c.AuditEntries.AnyAsync(a => a.Details != null && a.Details.Contains(word))));

        var adminBrowser = await app.SignInAsAsync(admin);
        var page = await adminBrowser.GetAsync("/beheer/zoeken");
        Assert.Contains($"wachtlijst {word}", page.Text);
        var made = await adminBrowser.SubmitAsync(page, page.FormForHandler("MakeQuestion", $"id={miss.Id}"));
        made.AssertRedirect("/kennisvragen/");
        var question = await adminBrowser.GetAsync(made.Location!);
        Assert.Contains($"Wachtlijst {word}?", question.Text);
        Assert.DoesNotContain($"wachtlijst {word}", (await adminBrowser.GetAsync("/beheer/zoeken")).Text);
        // The new question is searchable like any other, so the same search now finds it.
        await SearchProbe.FoundAsync(anonymous, $"wachtlijst {word}");
    }
}
