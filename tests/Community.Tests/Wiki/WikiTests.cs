using System.IO.Compression;
using System.Net;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Wiki;
using Community.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Wiki;

public sealed class WikiTests(Apps apps) : AppTest(apps)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A pilot with a member who writes; returns the member's browser.</summary>
    private static async Task<(string Slug, TestUser Admin, TestUser Member, Browser Browser)> WikiWithMemberAsync(AppFactory app,
        CommunityVisibility visibility = CommunityVisibility.Open)
    {
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin, visibility: visibility);
        var member = await app.CreateUserAsync(name: Unique("Wiki Wendy"));
        await app.AddMemberAsync(slug, member, admin);
        return (slug, admin, member, await app.SignInAsAsync(member));
    }

    private static async Task<Page> CreatePageAsync(Browser browser, string slug, string title, string body, string? query = null)
    {
        var form = await browser.GetAsync($"/pilots/{slug}/wiki/nieuw{query}");
        form.AssertStatus(HttpStatusCode.OK);
        var saved = await browser.SubmitAsync(form, form.FormWithField("Form.Body"), ("Form.Title", title), ("Form.Body", body));
        saved.AssertRedirect($"/pilots/{slug}/wiki/");
        return await browser.FollowAsync(saved);
    }

    private static async Task<Page> EditAsync(Browser browser, string pageUrl, string body, string? summary = null, string? title = null)
    {
        var form = await browser.GetAsync(pageUrl + "/bewerken");
        form.AssertStatus(HttpStatusCode.OK);
        var values = new List<(string, string?)> { ("Form.Body", body), ("Form.Summary", summary) };
        if (title is not null) values.Add(("Form.Title", title));
        return await browser.SubmitAsync(form, form.FormWithField("Form.Body"), [.. values]);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_member_writes_and_edits_a_page_and_history_diff_and_restore_work(Db db)
    {
        var app = await App(db);
        var (slug, _, member, browser) = await WikiWithMemberAsync(app);
        using var _ = browser;

        var page = await CreatePageAsync(browser, slug, "Werkafspraken huisartsen", "De consulent werkt op dinsdag in de praktijk.");
        var url = $"/pilots/{slug}/wiki/werkafspraken-huisartsen";
        Assert.Equal(url, page.Url);
        Assert.Contains("De consulent werkt op dinsdag in de praktijk.", page.Text);
        Assert.Contains($"Versie 1, door {member.DisplayName}", page.Text);

        (await EditAsync(browser, url, "De consulent werkt op dinsdag en donderdag in de praktijk.", "Donderdag erbij")).AssertRedirect(url);
        (await EditAsync(browser, url, "De consulent werkt op donderdag in de praktijk.", "Dinsdag vervalt")).AssertRedirect(url);

        var history = await browser.GetAsync(url + "/geschiedenis");
        history.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Donderdag erbij", history.Text);
        Assert.Contains("Dinsdag vervalt", history.Text);
        Assert.Equal(3, history.Document.QuerySelectorAll("input[name=naar]").Length);

        // The compare form is a GET form (the test browser only posts forms): pick versions 1 and 3 as its radio buttons would.
        var compare = history.Form(f => (f.GetAttribute("action") ?? "").EndsWith("/verschil") && f.Method == "get", "to compare");
        var diff = await browser.GetAsync(compare.GetAttribute("action") + "?van=1&naar=3");
        diff.AssertStatus(HttpStatusCode.OK);
        var ins = diff.Document.QuerySelectorAll("main ins").Select(e => Page.Collapse(e.TextContent)).ToList();
        var del = diff.Document.QuerySelectorAll("main del").Select(e => Page.Collapse(e.TextContent)).ToList();
        Assert.Contains(ins, t => t.Contains("toegevoegd:") && t.Contains("donderdag"));
        Assert.Contains(del, t => t.Contains("verwijderd:") && t.Contains("dinsdag"));
        Assert.DoesNotContain(ins.Concat(del), t => t.Contains("praktijk"));

        var old = await browser.GetAsync(url + "/versie/1");
        old.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("De consulent werkt op dinsdag in de praktijk.", old.Text);
        var restored = await browser.SubmitAsync(old, old.FormForHandler("Restore"));
        restored.AssertRedirect(url);
        var after = await browser.FollowAsync(restored);
        Assert.Contains("De consulent werkt op dinsdag in de praktijk.", after.Text);
        Assert.Contains("Versie 4", after.Text);
        Assert.Contains("Versie 1 teruggezet", (await browser.GetAsync(url + "/geschiedenis")).Text);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Two_saves_from_the_same_base_revision_keep_both_texts(Db db)
    {
        var app = await App(db);
        var (slug, admin, _, first) = await WikiWithMemberAsync(app);
        using var _ = first;
        var other = await app.CreateUserAsync(name: Unique("Tweede Tom"));
        await app.AddMemberAsync(slug, other, admin);
        using var second = await app.SignInAsAsync(other);
        await CreatePageAsync(first, slug, "Planning", "Start in januari.");
        var url = $"/pilots/{slug}/wiki/planning";

        var formA = await first.GetAsync(url + "/bewerken");
        var formB = await second.GetAsync(url + "/bewerken");
        (await first.SubmitAsync(formA, formA.FormWithField("Form.Body"), ("Form.Body", "Start in februari, want de huisartsen hebben vakantie."))).AssertRedirect(url);

        var conflict = await second.SubmitAsync(formB, formB.FormWithField("Form.Body"), ("Form.Body", "Start in januari met twee praktijken."));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Contains("Iemand anders heeft deze pagina opgeslagen", string.Join(" ", conflict.Errors));
        Assert.Equal("Start in januari met twee praktijken.", conflict.ValueOf("Form.Body"));
        Assert.Contains("Start in februari, want de huisartsen hebben vakantie.", conflict.Document.GetElementById("conflict-text")!.TextContent);
        Assert.Equal("2", conflict.ValueOf("Form.BaseRevision"));
        // Nothing was overwritten.
        Assert.Contains("Start in februari", (await first.GetAsync(url)).Text);

        var merged = await second.SubmitAsync(conflict, conflict.FormWithField("Form.Body"),
            ("Form.Body", "Start in februari met twee praktijken, want de huisartsen hebben vakantie."));
        merged.AssertRedirect(url);
        var revisions = await app.QueryAsync(async d => await Task.FromResult(d.WikiRevisions.Where(r => r.Page!.Slug == "planning" && r.Page.Community!.Pilot!.Slug == slug)
            .OrderBy(r => r.Number).Select(r => r.Body).ToList()));
        Assert.Equal(["Start in januari.", "Start in februari, want de huisartsen hebben vakantie.", "Start in februari met twee praktijken, want de huisartsen hebben vakantie."], revisions);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Simultaneous_saves_through_the_service_let_exactly_one_win(Db db)
    {
        var app = await App(db);
        var (slug, admin, member, browser) = await WikiWithMemberAsync(app);
        browser.Dispose();
        await CreateViaServiceAsync(app, slug, member, "Gelijktijdig", "Basis.");

        async Task<string> SaveAsync(string text)
        {
            using var scope = app.Services.CreateScope();
            var wiki = scope.ServiceProvider.GetRequiredService<WikiService>();
            try
            {
                await wiki.UpdateAsync(slug, "gelijktijdig", new WikiPageInput { Title = "Gelijktijdig", Body = text, BaseRevision = 1 }, new Actor(member.Id, false));
                return "saved";
            }
            catch (EditConflictException e)
            {
                return "conflict:" + e.Current.Body;
            }
        }
        var results = await Task.WhenAll(SaveAsync("Tekst A."), SaveAsync("Tekst B."));
        Assert.Single(results, r => r == "saved");
        var conflict = Assert.Single(results, r => r.StartsWith("conflict:", StringComparison.Ordinal));
        Assert.True(conflict is "conflict:Tekst A." or "conflict:Tekst B.", conflict);
        var count = await app.QueryAsync(d => Task.FromResult(d.WikiRevisions.Count(r => r.Page!.Slug == "gelijktijdig" && r.Page.Community!.Pilot!.Slug == slug)));
        Assert.Equal(2, count);
    }

    private static async Task CreateViaServiceAsync(AppFactory app, string slug, TestUser author, string title, string body, bool lesson = false, int? themeId = null, string? tags = null)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<WikiService>().CreateAsync(slug,
            new WikiPageInput { Title = title, Body = body, IsLesson = lesson, ThemeId = themeId, Tags = tags }, new Actor(author.Id, false));
    }

    [Fact]
    public async Task Wiki_links_show_missing_pages_create_them_on_click_and_list_links_here()
    {
        var app = await App();
        var (slug, _, _, browser) = await WikiWithMemberAsync(app);
        using var _ = browser;
        var start = await CreatePageAsync(browser, slug, "Startpagina",
            "## Doel\n\nZie [[Werkwijze]] en [[Werkwijze|hoe we werken]].\n\n## Mensen\n\nDe [[Contactpersonen]].");
        var missing = start.Document.QuerySelectorAll("main a.kp-wikilink").ToList();
        Assert.Equal(3, missing.Count);
        Assert.All(missing, a => Assert.Contains("kp-wikilink--missing", a.ClassName));
        Assert.Contains("pagina bestaat nog niet", missing[0].TextContent);
        Assert.Equal($"/pilots/{slug}/wiki/nieuw?titel=Werkwijze", missing[0].GetAttribute("href"));
        Assert.Equal(["#kop-doel", "#kop-mensen"], start.Document.QuerySelectorAll("nav.kp-toc a").Select(a => a.GetAttribute("href")!).ToList());
        Assert.NotNull(start.Document.GetElementById("kop-doel"));

        var form = await browser.GetAsync(missing[1].GetAttribute("href")!);
        Assert.Equal("Werkwijze", form.ValueOf("Form.Title"));
        var saved = await browser.SubmitAsync(form, form.FormWithField("Form.Body"), ("Form.Body", "Elke week casusoverleg."));
        var werkwijze = await browser.FollowAsync(saved);
        Assert.Contains("Startpagina", werkwijze.Document.QuerySelector("[aria-labelledby=linkshere-heading]")!.TextContent);

        start = await browser.GetAsync($"/pilots/{slug}/wiki/startpagina");
        var links = start.Document.QuerySelectorAll("main a.kp-wikilink").ToList();
        Assert.Equal($"/pilots/{slug}/wiki/werkwijze", links[0].GetAttribute("href"));
        Assert.DoesNotContain("kp-wikilink--missing", links[0].ClassName);
        Assert.Equal("hoe we werken", Page.Collapse(links[1].TextContent));
        Assert.Contains("kp-wikilink--missing", links[2].ClassName);

        var duplicate = await browser.GetAsync($"/pilots/{slug}/wiki/nieuw?titel=Werkwijze");
        var refused = await browser.SubmitAsync(duplicate, duplicate.FormWithField("Form.Body"), ("Form.Body", "Nog een keer."));
        refused.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Er is al een pagina met de titel Werkwijze.", refused.ErrorFor("Form.Title"));
        Assert.Equal("Nog een keer.", refused.ValueOf("Form.Body"));
    }

    [Fact]
    public async Task A_renamed_page_answers_at_its_old_address_with_a_redirect_and_old_links_still_resolve()
    {
        var app = await App();
        var (slug, _, _, browser) = await WikiWithMemberAsync(app);
        using var _ = browser;
        await CreatePageAsync(browser, slug, "Overleg", "Elke dinsdag.");
        await CreatePageAsync(browser, slug, "Index", "Zie [[Overleg]].");
        (await EditAsync(browser, $"/pilots/{slug}/wiki/overleg", "Elke dinsdag.", "Nieuwe naam", title: "Casusoverleg")).AssertRedirect($"/pilots/{slug}/wiki/casusoverleg");

        var old = await browser.GetAsync($"/pilots/{slug}/wiki/overleg");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.Status);
        Assert.Equal($"/pilots/{slug}/wiki/casusoverleg", old.Location);
        var index = await browser.GetAsync($"/pilots/{slug}/wiki/index");
        Assert.Equal($"/pilots/{slug}/wiki/casusoverleg", index.Document.QuerySelector("main a.kp-wikilink")!.GetAttribute("href"));
        Assert.Contains("Index", (await browser.GetAsync($"/pilots/{slug}/wiki/casusoverleg")).Document.QuerySelector("[aria-labelledby=linkshere-heading]")!.TextContent);
    }

    [Fact]
    public async Task A_coordinator_deletes_a_page_members_no_longer_find_it_and_the_coordinator_restores_it()
    {
        var app = await App();
        var (slug, admin, _, member) = await WikiWithMemberAsync(app);
        using var _ = member;
        await CreatePageAsync(member, slug, "Tijdelijk", "Weg ermee.");
        var url = $"/pilots/{slug}/wiki/tijdelijk";
        Assert.DoesNotContain((await member.GetAsync(url)).Document.Forms, f => (f.GetAttribute("action") ?? "").Contains("handler=Delete"));

        using var coordinator = await app.SignInAsAsync(admin);
        var page = await coordinator.GetAsync(url);
        (await coordinator.SubmitAsync(page, page.FormForHandler("Delete"))).AssertRedirect($"/pilots/{slug}/wiki");
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(url)).Status);
        Assert.DoesNotContain("Tijdelijk", (await member.GetAsync($"/pilots/{slug}/wiki")).Text);
        var index = await coordinator.GetAsync($"/pilots/{slug}/wiki");
        Assert.Contains("Verwijderde pagina's", index.Text);

        var again = await member.GetAsync($"/pilots/{slug}/wiki/nieuw?titel=Tijdelijk");
        var refused = await member.SubmitAsync(again, again.FormWithField("Form.Body"), ("Form.Body", "Opnieuw."));
        Assert.Equal("Er is een verwijderde pagina met de titel Tijdelijk; een coördinator of beheerder kan haar terugzetten.", refused.ErrorFor("Form.Title"));

        page = await coordinator.GetAsync(url);
        Assert.Contains("Deze pagina is verwijderd", page.Text);
        (await coordinator.SubmitAsync(page, page.FormForHandler("Undelete"))).AssertRedirect(url);
        Assert.Contains("Weg ermee.", (await member.GetAsync(url)).Text);
        Assert.True(await app.QueryAsync(d => Task.FromResult(d.AuditEntries.Any(a => a.Action == "wiki.delete" && a.Target == $"pilot:{slug}"))));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_closed_wiki_and_its_export_are_for_members_only(Db db)
    {
        var app = await App(db);
        var (slug, _, member, browser) = await WikiWithMemberAsync(app, CommunityVisibility.Closed);
        using var _ = browser;
        await CreatePageAsync(browser, slug, "Geheime casus", "Alleen voor leden: familie \"De Vries\".");
        await CreateViaServiceAsync(app, slug, member, "Les over privacy", "## Wat we leerden\n\nToestemming vooraf.", lesson: true, tags: "privacy, avg");

        using var anonymous = app.NewBrowser();
        var (outsider, _) = await app.SignedInAsync();
        using var __ = outsider;
        foreach (var path in new[] { "/wiki", "/wiki/geheime-casus", "/wiki/geheime-casus/geschiedenis", "/wiki/export", "/wiki/geheime-casus/versie/1" })
        {
            var asOutsider = await outsider.GetAsync($"/pilots/{slug}{path}");
            Assert.Equal(HttpStatusCode.Forbidden, asOutsider.Status);
            Assert.DoesNotContain("De Vries", asOutsider.Html);
            var asAnonymous = await anonymous.GetAsync($"/pilots/{slug}{path}");
            Assert.Contains("/account/inloggen", asAnonymous.Location);
        }
        Assert.DoesNotContain("Les over privacy", (await outsider.GetAsync("/lessen")).Html);
        Assert.DoesNotContain("Les over privacy", (await anonymous.GetAsync("/lessen?tag=privacy")).Html);
        Assert.Contains("Les over privacy", (await browser.GetAsync("/lessen?tag=privacy")).Text);

        using var response = await browser.Http.GetAsync($"/pilots/{slug}/wiki/export");
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["geheime-casus.md", "les-over-privacy.md"], zip.Entries.Select(e => e.FullName).Order().ToList());
        using var reader = new StreamReader(zip.GetEntry("les-over-privacy.md")!.Open());
        var text = await reader.ReadToEndAsync();
        Assert.StartsWith("---\ntitle: \"Les over privacy\"\nlesson: true\n", text);
        Assert.Contains("tags: [\"avg\", \"privacy\"]", text);
        Assert.Contains("Toestemming vooraf.", text);
    }

    [Fact]
    public async Task Markdown_import_makes_pages_from_titles_in_front_matter_headings_or_file_names()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        using var scope = app.Services.CreateScope();
        var wiki = scope.ServiceProvider.GetRequiredService<WikiService>();
        var steps = new List<string>();
        var result = await wiki.ImportAsync(slug, [
            ("a.md", "---\ntitle: Uit front matter\nlesson: true\ntags: [jeugd, huisarts]\n---\n\nTekst A."),
            ("b.md", "# Uit de kop\n\nTekst B met [[Uit front matter]]."),
            ("werkwijze_wijkteam.md", "Tekst C."),
        ], new SyncProgress(steps));
        Assert.Equal(new ImportResult(3, 0, 0), result);
        Assert.Equal(3, steps.Count);
        var again = await wiki.ImportAsync(slug, [("b.md", "# Uit de kop\n\nTekst B met [[Uit front matter]]."), ("c.md", "# Werkwijze wijkteam\n\nNieuwe tekst.")]);
        Assert.Equal(new ImportResult(0, 1, 1), again);

        using var browser = app.NewBrowser();
        var lesson = await browser.GetAsync($"/pilots/{slug}/wiki/uit-front-matter");
        Assert.Contains("Les geleerd", lesson.Text);
        Assert.Contains("#huisarts", lesson.Text);
        Assert.Contains("Uit de kop", lesson.Document.QuerySelector("[aria-labelledby=linkshere-heading]")!.TextContent);
        Assert.Contains("Nieuwe tekst.", (await browser.GetAsync($"/pilots/{slug}/wiki/werkwijze-wijkteam")).Text);
    }

    [Fact]
    public async Task Hostile_markdown_stays_inert_on_the_page_its_history_old_versions_and_diffs()
    {
        var app = await App();
        var (slug, _, _, browser) = await WikiWithMemberAsync(app);
        using var _ = browser;
        var payloads = Community.Tests.Common.MarkdownSafetyTests.Payloads.Cast<object[]>().Select(row => (string)row[0]).ToList();
        await CreatePageAsync(browser, slug, "Aanval", string.Join("\n\n", payloads));
        var url = $"/pilots/{slug}/wiki/aanval";
        (await EditAsync(browser, url, string.Join("\n\n", payloads.AsEnumerable().Reverse()), "<script>alert(1)</script>")).AssertRedirect(url);
        foreach (var path in new[] { "", "/geschiedenis", "/versie/1", "/verschil?van=1&naar=2", "/bewerken" })
        {
            var page = await browser.GetAsync(url + path);
            page.AssertStatus(HttpStatusCode.OK);
            var main = page.Document.QuerySelector("main")!;
            Assert.Empty(main.QuerySelectorAll("script, iframe, object, embed, svg, style, img[onerror]"));
            foreach (var element in main.QuerySelectorAll("*"))
                foreach (var attribute in element.Attributes)
                {
                    Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{attribute.Name} on <{element.LocalName}> at {path}");
                    if (attribute.Name is "href" or "src") Assert.True(Markdown.IsAllowedUrl(attribute.Value), $"{attribute.Value} at {path}");
                }
        }
        var diff = await browser.GetAsync(url + "/verschil?van=1&naar=2");
        Assert.Contains("<script>alert(1)</script>", diff.Document.QuerySelector("main .kp-diff")!.TextContent);
    }

    private sealed class SyncProgress(List<string> steps) : IProgress<string>
    {
        public void Report(string value) => steps.Add(value);
    }
}
