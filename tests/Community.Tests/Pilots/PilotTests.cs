using System.Net;
using Community.Core.Communities;
using Community.Core.Pilots;
using Community.Tests.Support;

namespace Community.Tests.Pilots;

public sealed class PilotTests(Apps apps) : AppTest(apps)
{
    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Admin_creates_a_pilot_with_every_field_and_finds_it_by_filter(Db db)
    {
        var app = await App(db);
        var (browser, admin) = await app.SignedInAsync(admin: true, name: "Petra Beheer");
        using var _ = browser;
        var earlier = await app.CreatePilotAsync(admin, "Eerdere pilot " + Guid.NewGuid().ToString("N")[..6]);
        var title = "Buurtgezinscoach " + Guid.NewGuid().ToString("N")[..6];

        var form = await browser.GetAsync("/pilots/nieuw");
        form.AssertStatus(HttpStatusCode.OK);
        var created = await browser.SubmitAsync(form, form.FormWithField("Form.Title"),
            ("Form.Title", title),
            ("Form.Summary", "Een gezinscoach in de buurt voor gezinnen met opvoedvragen."),
            ("Form.KnowledgeQuestion", "Voorkomt een buurtgezinscoach zwaardere jeugdhulp?"),
            ("Form.Programme", "Transformatie jeugd"),
            ("Form.Phase", "Preparation"),
            ("Form.Visibility", "Closed"),
            ("Form.MunicipalityIds", form.ValueForLabel("Aalten")), ("Form.MunicipalityIds", form.ValueForLabel("Winterswijk")),
            ("Form.ThemeIds", form.ValueForLabel("Jeugdhulp")),
            ("Form.LearningGoals", "Ouders willen weten waar ze terechtkunnen."),
            ("Form.StartDate", "2026-03-01"), ("Form.EndDate", "2027-02-28"),
            ("Form.Milestones[0].Date", "2026-03-01"), ("Form.Milestones[0].Title", "Start in Aalten-Zuid"),
            ("Form.Milestones[1].Date", "2026-09-15"), ("Form.Milestones[1].Title", "Tussenevaluatie met ouders"),
            ("Form.Partners[0].Organisation", "Hogeschool Achterhoek"), ("Form.Partners[0].Role", "Onderzoek"), ("Form.Partners[0].StudentCount", "6"),
            ("Form.Partners[1].Organisation", "Jeugdzorg Oost"), ("Form.Partners[1].Role", "Coaches leveren"),
            ("Form.Costs", "€ 60.000"), ("Form.CostsCoveredBy", "Gemeente Aalten en Winterswijk samen"),
            ("Form.ContactName", "Petra Beheer"), ("Form.ContactEmail", "petra@gemeente.test"),
            ("Form.BuildsOnIds", form.ValueForLabel(await TitleOf(app, earlier))));
        created.AssertRedirect("/pilots/");
        var slug = created.Location!["/pilots/".Length..];

        var details = await browser.FollowAsync(created);
        details.AssertStatus(HttpStatusCode.OK);
        foreach (var text in new[]
                 {
                     title, "Een gezinscoach in de buurt", "Voorkomt een buurtgezinscoach zwaardere jeugdhulp?", "Transformatie jeugd",
                     "Voorbereiding", "Aalten, Winterswijk", "Jeugdhulp", "Ouders willen weten waar ze terechtkunnen.",
                     "1 maart 2026", "28 februari 2027", "Start in Aalten-Zuid", "Tussenevaluatie met ouders",
                     "Hogeschool Achterhoek", "Onderzoek", "6", "Jeugdzorg Oost", "Coaches leveren", "€ 60.000",
                     "Gemeente Aalten en Winterswijk samen", "petra@gemeente.test", "Besloten leergemeenschap", "Bouwt voort op",
                 })
            Assert.Contains(text, details.Text);
        Assert.Contains($"/pilots/{earlier}", details.Links);
        Assert.Contains("De pilot is opgeslagen.", details.Text);

        // The admin who made it coordinates its community.
        var community = await browser.GetAsync($"/pilots/{slug}/leergemeenschap");
        Assert.Contains("Je bent coördinator van deze leergemeenschap.", community.Text);

        using var anonymous = app.NewBrowser();
        async Task<bool> Listed(string query) => (await anonymous.GetAsync("/pilots" + query)).Links.Contains($"/pilots/{slug}");
        Assert.True(await Listed(""));
        Assert.True(await Listed("?gemeente=aalten"));
        Assert.True(await Listed("?gemeente=winterswijk&thema=jeugdhulp&fase=Preparation"));
        Assert.True(await Listed("?q=" + Uri.EscapeDataString(title.ToLowerInvariant())));
        Assert.False(await Listed("?gemeente=doetinchem"));
        Assert.False(await Listed("?thema=participatie"));
        Assert.False(await Listed("?fase=Execution"));
        Assert.False(await Listed("?q=bestaat-niet-" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task The_pilot_list_filters_and_sorts()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var b = await app.CreatePilotAsync(admin, $"B {tag} sortering", phase: PilotPhase.Idea, municipalities: ["Montferland"]);
        var a = await app.CreatePilotAsync(admin, $"A {tag} sortering", phase: PilotPhase.Completed, municipalities: ["Montferland"]);
        using var browser = app.NewBrowser();

        var byTitle = (await browser.GetAsync($"/pilots?q={tag}&sorteer=Title")).Links.Where(l => l == $"/pilots/{a}" || l == $"/pilots/{b}").ToList();
        Assert.Equal([$"/pilots/{a}", $"/pilots/{b}"], byTitle);
        var byPhase = (await browser.GetAsync($"/pilots?q={tag}&sorteer=Phase")).Links.Where(l => l == $"/pilots/{a}" || l == $"/pilots/{b}").ToList();
        Assert.Equal([$"/pilots/{b}", $"/pilots/{a}"], byPhase);
        var completed = await browser.GetAsync($"/pilots?q={tag}&fase=Completed");
        Assert.Contains($"/pilots/{a}", completed.Links);
        Assert.DoesNotContain($"/pilots/{b}", completed.Links);
        Assert.Contains("1 pilots gevonden", completed.Text);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_coordinator_edits_the_pilot(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var coordinator = await app.CreateUserAsync();
        var slug = await app.CreatePilotAsync(admin, "Te bewerken " + Guid.NewGuid().ToString("N")[..6]);
        await app.AddMemberAsync(slug, coordinator, admin, coordinator: true);
        using var browser = await app.SignInAsAsync(coordinator);

        var details = await browser.GetAsync($"/pilots/{slug}");
        Assert.Contains($"/pilots/{slug}/bewerken", details.Links);
        var form = await browser.GetAsync($"/pilots/{slug}/bewerken");
        form.AssertStatus(HttpStatusCode.OK);
        var saved = await browser.SubmitAsync(form, form.FormWithField("Form.Title"),
            ("Form.Title", "Nieuwe titel na bewerking"), ("Form.Phase", "Completion"), ("Form.Costs", "€ 12.500"));
        saved.AssertRedirect($"/pilots/{slug}");
        var after = await browser.FollowAsync(saved);
        Assert.Contains("Nieuwe titel na bewerking", after.Text);
        Assert.Contains("Afronding", after.Text);
        Assert.Contains("€ 12.500", after.Text);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Someone_who_does_not_coordinate_gets_403_and_changes_nothing(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var member = await app.CreateUserAsync();
        var title = "Niet van jou " + Guid.NewGuid().ToString("N")[..6];
        var slug = await app.CreatePilotAsync(admin, title);
        await app.AddMemberAsync(slug, member, admin);
        using var memberBrowser = await app.SignInAsAsync(member);

        var details = await memberBrowser.GetAsync($"/pilots/{slug}");
        Assert.DoesNotContain($"/pilots/{slug}/bewerken", details.Links);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberBrowser.GetAsync($"/pilots/{slug}/bewerken")).Status);
        var post = await memberBrowser.PostAsync($"/pilots/{slug}/bewerken",
            ("Form.Title", "Gekaapt"), ("Form.Summary", "x"), ("Form.KnowledgeQuestion", "x"), ("Form.Phase", "Idea"), ("Form.Visibility", "Open"));
        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        Assert.Contains("Geen toegang", post.Text);
        var progress = await memberBrowser.PostAsync($"/pilots/{slug}?handler=Progress",
            ("Progress.Date", "2026-01-01"), ("Progress.Title", "Gekaapt"), ("Progress.Body", "x"));
        Assert.Equal(HttpStatusCode.Forbidden, progress.Status);

        using var anonymous = app.NewBrowser();
        (await anonymous.GetAsync($"/pilots/{slug}/bewerken")).AssertRedirect("http://localhost/account/inloggen");
        (await anonymous.GetAsync("/pilots/nieuw")).AssertRedirect("http://localhost/account/inloggen");
        Assert.Equal(HttpStatusCode.Forbidden, (await memberBrowser.GetAsync("/pilots/nieuw")).Status);

        var unchanged = await anonymous.GetAsync($"/pilots/{slug}");
        Assert.Contains(title, unchanged.Text);
        Assert.DoesNotContain("Gekaapt", unchanged.Text);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_progress_update_appears_on_the_timeline_newest_first(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true, name: "Coördinator Cora");
        var slug = await app.CreatePilotAsync(admin);
        using var browser = await app.SignInAsAsync(admin);

        async Task Post(string date, string title, string body)
        {
            var page = await browser.GetAsync($"/pilots/{slug}");
            var posted = await browser.SubmitAsync(page, page.FormForHandler("Progress"),
                ("Progress.Date", date), ("Progress.Title", title), ("Progress.Body", body));
            posted.AssertRedirect($"/pilots/{slug}");
        }
        await Post("2026-02-01", "Eerste gesprekken", "We spraken **twaalf** gezinnen.");
        await Post("2026-04-15", "Tweede ronde", "Nog eens acht gezinnen.");

        using var anonymous = app.NewBrowser();
        var details = await anonymous.GetAsync($"/pilots/{slug}");
        var text = details.Text;
        Assert.Contains("15 april 2026: Tweede ronde", text);
        Assert.Contains("1 februari 2026: Eerste gesprekken", text);
        Assert.True(text.IndexOf("Tweede ronde", StringComparison.Ordinal) < text.IndexOf("Eerste gesprekken", StringComparison.Ordinal));
        Assert.Contains("<strong>twaalf</strong>", details.Html);
        // People are named to signed-in readers only, as everywhere else; visitors see who posted as the pilot team.
        Assert.DoesNotContain("Coördinator Cora", text);
        Assert.Contains("Pilotteam", text);
        Assert.Contains("Coördinator Cora", (await browser.GetAsync($"/pilots/{slug}")).Text);
    }

    [Fact]
    public async Task A_closed_pilots_progress_does_not_name_its_author_to_signed_in_outsiders()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true, name: "Besloten Bea " + Guid.NewGuid().ToString("N")[..5]);
        var slug = await app.CreatePilotAsync(admin, visibility: Community.Core.Communities.CommunityVisibility.Closed);
        using var coordinator = await app.SignInAsAsync(admin);
        var page = await coordinator.GetAsync($"/pilots/{slug}");
        (await coordinator.SubmitAsync(page, page.FormForHandler("Progress"),
            ("Progress.Date", "2026-03-01"), ("Progress.Title", "Start"), ("Progress.Body", "Begonnen."))).AssertRedirect($"/pilots/{slug}");

        var (outsider, _) = await app.SignedInAsync();
        using var _o = outsider;
        var seen = await outsider.GetAsync($"/pilots/{slug}");
        Assert.Contains("Start", seen.Text);
        Assert.DoesNotContain(admin.DisplayName, seen.Text);
        Assert.Contains(admin.DisplayName, (await coordinator.GetAsync($"/pilots/{slug}")).Text);
    }

    [Fact]
    public async Task Progress_text_is_markdown_without_raw_html_or_script_links()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        using var browser = await app.SignInAsAsync(admin);
        var page = await browser.GetAsync($"/pilots/{slug}");
        var posted = await browser.SubmitAsync(page, page.FormForHandler("Progress"), ("Progress.Date", "2026-05-01"), ("Progress.Title", "Veilig"),
            ("Progress.Body", "<script>alert('x')</script> <img src=x onerror=alert(1)> [klik](javascript:alert(1)) [goed](https://example.org)"));
        posted.AssertRedirect();
        var html = (await browser.GetAsync($"/pilots/{slug}")).Html;
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=\"x\"", html);
        Assert.DoesNotContain("javascript:alert", html);
        Assert.Contains("href=\"https://example.org\"", html);
    }

    [Fact]
    public async Task Progress_without_a_title_shows_the_form_again_with_the_message_and_the_text()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        using var browser = await app.SignInAsAsync(admin);
        var page = await browser.GetAsync($"/pilots/{slug}");
        var again = await browser.SubmitAsync(page, page.FormForHandler("Progress"), ("Progress.Title", ""), ("Progress.Body", "Wat ik al typte"));
        again.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Geef de voortgang een titel.", again.ErrorFor("Progress.Title"));
        Assert.Equal("Wat ik al typte", again.ValueOf("Progress.Body"));
    }

    [Fact]
    public async Task A_coordinator_removes_a_progress_update()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        using var browser = await app.SignInAsAsync(admin);
        var page = await browser.GetAsync($"/pilots/{slug}");
        (await browser.SubmitAsync(page, page.FormForHandler("Progress"), ("Progress.Date", "2026-05-01"), ("Progress.Title", "Weg ermee"), ("Progress.Body", "tekst"))).AssertRedirect();
        page = await browser.GetAsync($"/pilots/{slug}");
        Assert.Contains("Weg ermee", page.Text);
        (await browser.SubmitAsync(page, page.FormForHandler("DeleteProgress"))).AssertRedirect();
        Assert.DoesNotContain("Weg ermee", (await browser.GetAsync($"/pilots/{slug}")).Text);
    }

    [Fact]
    public async Task An_end_date_before_the_start_is_refused_next_to_the_field_and_nothing_typed_is_lost()
    {
        var app = await App();
        var (browser, _) = await app.SignedInAsync(admin: true);
        using var _b = browser;
        var form = await browser.GetAsync("/pilots/nieuw");
        var again = await browser.SubmitAsync(form, form.FormWithField("Form.Title"),
            ("Form.Title", "Terug in de tijd"), ("Form.Summary", "Samenvatting die blijft"), ("Form.KnowledgeQuestion", "Kan dat?"),
            ("Form.StartDate", "2026-06-01"), ("Form.EndDate", "2026-01-01"), ("Form.Partners[0].Organisation", "Partner die blijft"));
        again.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("De einddatum ligt voor de startdatum.", again.ErrorFor("Form.EndDate"));
        Assert.Equal("Terug in de tijd", again.ValueOf("Form.Title"));
        Assert.Equal("Samenvatting die blijft", again.ValueOf("Form.Summary"));
        Assert.Equal("Partner die blijft", again.ValueOf("Form.Partners[0].Organisation"));
        Assert.DoesNotContain("Terug in de tijd", (await browser.GetAsync("/pilots")).Text);
    }

    [Fact]
    public async Task Every_error_in_the_summary_links_to_a_field_on_the_page_also_in_partner_and_milestone_rows()
    {
        var app = await App();
        var (browser, _) = await app.SignedInAsync(admin: true);
        using var _b = browser;
        var form = await browser.GetAsync("/pilots/nieuw");
        var again = await browser.SubmitAsync(form, form.FormWithField("Form.Title"),
            ("Form.Title", "Rijen met fouten"), ("Form.Summary", "Samenvatting"), ("Form.KnowledgeQuestion", "Vraag?"),
            ("Form.Partners[0].Organisation", "Partner"), ("Form.Partners[0].StudentCount", "zes"),
            ("Form.Milestones[0].Date", "2026-02-31"), ("Form.Milestones[0].Title", "Mijlpaal"));
        again.AssertStatus(HttpStatusCode.OK);
        var links = again.Document.QuerySelectorAll("[role=alert] li a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("#Form_Partners_0__StudentCount", links);
        Assert.Contains("#Form_Milestones_0__Date", links);
        foreach (var link in links)
            Assert.True(again.Document.GetElementById(link[1..]) is not null, $"The error summary links to {link}, which is not on the page.");
        Assert.Equal("true", again.Document.GetElementById("Form_Partners_0__StudentCount")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task More_rows_for_partners_keeps_what_was_typed_without_javascript()
    {
        var app = await App();
        var (browser, _) = await app.SignedInAsync(admin: true);
        using var _b = browser;
        var form = await browser.GetAsync("/pilots/nieuw");
        Assert.Null(form.ValueOf("Form.Partners[3].Organisation"));
        var more = await browser.SubmitAsync(form, form.FormWithField("Form.Title"), ("Form.Title", "Nog niet klaar"),
            ("Form.Partners[0].Organisation", "Eerste partner"), ("Form.Partners[1].Organisation", "Tweede partner"), ("moreRows", "1"));
        more.AssertStatus(HttpStatusCode.OK);
        Assert.Empty(more.Errors);
        Assert.Equal("Nog niet klaar", more.ValueOf("Form.Title"));
        Assert.Equal("Tweede partner", more.ValueOf("Form.Partners[1].Organisation"));
        Assert.NotNull(more.Document.QuerySelector("input[name='Form.Partners[4].Organisation']"));
        Assert.DoesNotContain("Nog niet klaar", (await browser.GetAsync("/pilots")).Text);
    }

    [Fact]
    public async Task Editing_keeps_partners_and_milestones_and_an_emptied_row_is_dropped()
    {
        var app = await App();
        var (browser, _) = await app.SignedInAsync(admin: true);
        using var _b = browser;
        var form = await browser.GetAsync("/pilots/nieuw");
        var created = await browser.SubmitAsync(form, form.FormWithField("Form.Title"), ("Form.Title", "Met partners " + Guid.NewGuid().ToString("N")[..6]),
            ("Form.Summary", "s"), ("Form.KnowledgeQuestion", "k"),
            ("Form.Partners[0].Organisation", "Blijft BV"), ("Form.Partners[1].Organisation", "Verdwijnt BV"),
            ("Form.Milestones[0].Date", "2026-05-05"), ("Form.Milestones[0].Title", "Bevrijdingsmijlpaal"));
        created.AssertRedirect("/pilots/");
        var edit = await browser.GetAsync(created.Location + "/bewerken");
        Assert.Equal("Blijft BV", edit.ValueOf("Form.Partners[0].Organisation"));
        Assert.Equal("2026-05-05", edit.ValueOf("Form.Milestones[0].Date"));
        var saved = await browser.SubmitAsync(edit, edit.FormWithField("Form.Title"), ("Form.Partners[1].Organisation", ""));
        saved.AssertRedirect(created.Location);
        var details = await browser.FollowAsync(saved);
        Assert.Contains("Blijft BV", details.Text);
        Assert.DoesNotContain("Verdwijnt BV", details.Text);
        Assert.Contains("Bevrijdingsmijlpaal", details.Text);
    }

    [Fact]
    public async Task A_pilot_without_required_fields_gets_a_message_per_field()
    {
        var app = await App();
        var (browser, _) = await app.SignedInAsync(admin: true);
        using var _b = browser;
        var form = await browser.GetAsync("/pilots/nieuw");
        var again = await browser.SubmitAsync(form, form.FormWithField("Form.Title"));
        again.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Geef de pilot een titel.", again.ErrorFor("Form.Title"));
        Assert.Equal("Vat de pilot samen in een paar zinnen.", again.ErrorFor("Form.Summary"));
        Assert.Equal("Wat is de centrale kennisvraag?", again.ErrorFor("Form.KnowledgeQuestion"));
    }

    [Theory]
    [InlineData("/pilots/bestaat-niet")]
    [InlineData("/pilots/bestaat-niet/bewerken")]
    [InlineData("/pilots/bestaat-niet/leergemeenschap")]
    [InlineData("/pilots/bestaat-niet/leergemeenschap/leden")]
    [InlineData("/leden/geen-gebruiker")]
    [InlineData("/uitnodiging/onbekend-token")]
    [InlineData("/deze/pagina/bestaat/niet")]
    public async Task Unknown_slugs_and_ids_give_the_friendly_404_page(string url)
    {
        var app = await App();
        var (browser, _) = await app.SignedInAsync(admin: true);
        using var _b = browser;
        var page = await browser.GetAsync(url);
        page.AssertStatus(HttpStatusCode.NotFound);
        Assert.True(page.Text.Contains("Pagina niet gevonden") || page.Text.Contains("Deze uitnodiging is ongeldig"), page.Text);
        Assert.Contains("/pilots", page.Links);
    }

    private static Task<string> TitleOf(AppFactory app, string slug) =>
        app.QueryAsync(async db => (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Pilots, p => p.Slug == slug)).Title);
}
