using System.Net;
using AngleSharp.Html.Dom;
using Community.Core.Communities;
using Community.Tests.Support;

namespace Community.Tests.Security;

/// <summary>Bad input into every form and every query string: a 4xx or the form again with a message, never a 500 or a logged error.</summary>
public sealed class BadInputTests(Apps apps) : AppTest(apps)
{
    public static readonly string[] Corpus =
    [
        new string('x', 100_000),
        "a\u0000b\u0001c\u001b[31m\u007f",
        "2026-13-45",
        "31-02-2026",
        "-1",
        "-2147483649",
        "99999999999999999999",
        "1e308",
        "Kwijt",
        "abc",
        "<script>alert(1)</script>\"'><",
        "🙂 ẞ ﷽ \u202e",
        " ",
    ];

    [Fact]
    public async Task Every_form_survives_the_bad_input_corpus()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var open = await app.CreatePilotAsync(admin, visibility: CommunityVisibility.Open);
        var closed = await app.CreatePilotAsync(admin, visibility: CommunityVisibility.Closed);
        using var adminBrowser = await app.SignInAsAsync(admin);
        var (outsider, _) = await app.SignedInAsync();
        using var _o = outsider;
        using var anonymous = app.NewBrowser();

        var pages = new (Browser Browser, string Url)[]
        {
            (anonymous, "/account/registreren"), (anonymous, "/account/inloggen"), (anonymous, "/account/wachtwoord-vergeten"),
            (anonymous, "/account/bevestiging-opnieuw"), (anonymous, "/account/wachtwoord-herstellen?email=a%40b.test&code=abc"),
            (adminBrowser, "/account/profiel"), (adminBrowser, "/account/wachtwoord-wijzigen"), (adminBrowser, "/pilots/nieuw"),
            (adminBrowser, $"/pilots/{open}/bewerken"), (adminBrowser, $"/pilots/{open}"), (adminBrowser, $"/pilots/{open}/leergemeenschap/leden"),
            (adminBrowser, "/beheer/gemeenten"), (adminBrowser, "/beheer/themas"), (adminBrowser, "/beheer/gebruikers"),
            (outsider, $"/pilots/{closed}/leergemeenschap"), (outsider, $"/pilots/{open}/leergemeenschap"),
            (adminBrowser, $"/pilots/{open}/leergemeenschap/moderatie"),
        };
        var failures = new List<string>();
        var forms = 0;
        foreach (var (browser, url) in pages)
        {
            var page = await browser.GetAsync(url);
            Assert.True((int)page.Status < 500, $"{url}: {page.Status}");
            foreach (var form in page.Document.Forms.Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)
                         && (f.GetAttribute("action") ?? "") is not ("/account/uitloggen" or "/taal")))
            {
                forms++;
                var names = form.Elements.Select(e => e.GetAttribute("name")).OfType<string>()
                    .Where(n => n != "__RequestVerificationToken" && n != "moreRows").Distinct().ToList();
                foreach (var value in Corpus)
                {
                    var result = await browser.SubmitAsync(page, WithQueryValues(form, value), names.Select(n => (n, (string?)value)).ToArray());
                    Check(result, $"POST {form.GetAttribute("action") ?? url} with {Describe(value)}", failures);
                }
            }
        }
        Assert.True(forms >= 15, $"only {forms} forms found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_query_string_and_route_value_survives_the_bad_input_corpus()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        using var browser = await app.SignInAsAsync(admin);
        using var anonymous = app.NewBrowser();
        var failures = new List<string>();
        foreach (var raw in Corpus)
        {
            // A real server refuses request lines over 8 KB before the app sees them.
            var value = Uri.EscapeDataString(raw.Length > 2000 ? raw[..2000] : raw);
            // A NUL in the path never reaches the app (Kestrel answers 400; the test server refuses to send it).
            var segment = Uri.EscapeDataString((raw.Length > 2000 ? raw[..2000] : raw).Replace("\0", ""));
            foreach (var url in new[]
                     {
                         $"/pilots?q={value}&gemeente={value}&thema={value}&fase={value}&sorteer={value}",
                         $"/leden?q={value}&gemeente={value}&tag={value}&pagina={value}",
                         $"/beheer/gebruikers?q={value}", $"/pilots/{slug}/leergemeenschap/leden?q={value}",
                         $"/account/bevestigen?userId={value}&code={value}&returnUrl={value}",
                         $"/account/wachtwoord-herstellen?email={value}&code={value}",
                         $"/account/inloggen?returnUrl={value}", $"/account/registreren?returnUrl={value}",
                         $"/pilots/{segment}", $"/pilots/{segment}/bewerken", $"/pilots/{segment}/leergemeenschap", $"/pilots/{segment}/leergemeenschap/moderatie", $"/leden/{segment}",
                         $"/uitnodiging/{segment}", $"/fout/{segment}", $"/beheer/{segment}",
                     })
            {
                Check(await browser.GetAsync(url), $"GET {url[..Math.Min(url.Length, 120)]} (signed in)", failures);
                Check(await anonymous.GetAsync(url), $"GET {url[..Math.Min(url.Length, 120)]} (anonymous)", failures);
            }
            foreach (var url in new[]
                     {
                         $"/pilots/{slug}?handler=DeleteProgress&updateId={value}", $"/beheer/gemeenten?handler=Rename&id={value}",
                         $"/beheer/themas?handler=Delete&id={value}", $"/beheer/gebruikers?handler=Lock&userId={value}",
                         $"/pilots/{slug}?handler={value}", $"/pilots/{slug}", $"/pilots/{slug}/leergemeenschap/leden", $"/leden?handler={value}",
                         $"/pilots/{slug}/leergemeenschap/leden?handler=Approve&userId={value}", $"/pilots/{slug}/leergemeenschap?handler={value}",
                         $"/pilots/{slug}/leergemeenschap/moderatie?handler=Hide&postId={value}", $"/pilots/{slug}/leergemeenschap/moderatie?handler={value}",
                         $"/pilots/{slug}/leergemeenschap/moderatie?handler=PrivacyGuard&Mode={value}",
                     })
                Check(await browser.PostAsync(url), $"POST {url[..Math.Min(url.Length, 120)]}", failures);
            foreach (var url in new[] { $"/pilots/{slug}?handler={value}", $"/pilots/{slug}/leergemeenschap?handler={value}", $"/account/profiel?handler={value}" })
                Check(await browser.GetAsync(url), $"GET {url[..Math.Min(url.Length, 120)]}", failures);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Huge_page_numbers_and_unknown_filters_show_the_list_anyway()
    {
        var app = await App();
        var (browser, _) = await app.SignedInAsync();
        using var _b = browser;
        foreach (var url in new[] { "/leden?pagina=2147483647", "/leden?pagina=99999999999", "/leden?pagina=-5", "/leden?gemeente=abc" })
        {
            var page = await browser.GetAsync(url);
            page.AssertStatus(HttpStatusCode.OK);
            Assert.Contains("leden gevonden", page.Text);
        }
        var pilots = await browser.GetAsync("/pilots?fase=99&sorteer=Kwijt&gemeente=nergens");
        pilots.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("pilots gevonden", pilots.Text);
    }

    [Fact]
    public async Task The_pilot_form_names_each_bad_value_next_to_its_field()
    {
        var app = await App();
        var (browser, _) = await app.SignedInAsync(admin: true);
        using var _b = browser;
        var form = await browser.GetAsync("/pilots/nieuw");
        var again = await browser.SubmitAsync(form, form.FormWithField("Form.Title"),
            ("Form.Title", "Slechte invoer"), ("Form.Summary", "s"), ("Form.KnowledgeQuestion", "k"),
            ("Form.StartDate", "2026-13-45"), ("Form.Partners[0].Organisation", "Org"), ("Form.Partners[0].StudentCount", "-5"),
            ("Form.Phase", "Kwijt"), ("Form.ContactEmail", "geen-adres"));
        again.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("‘2026-13-45’ is geen geldige waarde.", again.ErrorFor("Form.StartDate"));
        Assert.Equal("Vul een geldig e-mailadres in.", again.ErrorFor("Form.ContactEmail"));
        Assert.Contains("Vul een aantal tussen 0 en 10000 in.", again.Errors);
        Assert.Contains("‘Kwijt’ is geen geldige waarde.", again.Errors);
        Assert.Equal("Slechte invoer", again.ValueOf("Form.Title"));

        // A number that is not a phase is refused by model binding, ids that do not exist by the service; both with a message.
        var phase = await browser.SubmitAsync(form, form.FormWithField("Form.Title"),
            ("Form.Title", "Onbekende fase"), ("Form.Summary", "s"), ("Form.KnowledgeQuestion", "k"), ("Form.Phase", "99"));
        phase.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("‘99’ is geen geldige waarde.", phase.Errors);
        var municipality = await browser.SubmitAsync(form, form.FormWithField("Form.Title"),
            ("Form.Title", "Onbekende gemeente"), ("Form.Summary", "s"), ("Form.KnowledgeQuestion", "k"), ("Form.MunicipalityIds", "999999"));
        municipality.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Een gekozen gemeente bestaat niet (meer).", municipality.Errors);
        Assert.DoesNotContain("Onbekende", (await browser.GetAsync("/pilots")).Text);
    }

    [Fact]
    public async Task The_profile_form_keeps_what_was_typed_and_explains_each_problem()
    {
        var app = await App();
        var (browser, user) = await app.SignedInAsync();
        using var _b = browser;
        var form = await browser.GetAsync("/account/profiel");

        var noName = await browser.SubmitAsync(form, form.FormWithField("Input.DisplayName"),
            ("Input.DisplayName", ""), ("Input.Organisation", "Gemeente Aalten"), ("Input.WorkingOn", "Wat ik typte blijft staan"), ("Input.Tags", "jeugd, wmo"));
        noName.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Vul je naam in.", noName.ErrorFor("Input.DisplayName"));
        Assert.Equal("Gemeente Aalten", noName.ValueOf("Input.Organisation"));
        Assert.Equal("Wat ik typte blijft staan", noName.ValueOf("Input.WorkingOn"));
        Assert.Equal("jeugd, wmo", noName.ValueOf("Input.Tags"));

        var tooManyTags = await browser.SubmitAsync(form, form.FormWithField("Input.DisplayName"),
            ("Input.Tags", string.Join(",", Enumerable.Range(1, 16).Select(i => "tag" + i))), ("Input.JobRole", "Beleidsadviseur"));
        Assert.Equal("Gebruik maximaal 15 trefwoorden.", tooManyTags.ErrorFor("Input.Tags"));
        Assert.Equal("Beleidsadviseur", tooManyTags.ValueOf("Input.JobRole"));

        var unknownMunicipality = await browser.SubmitAsync(form, form.FormWithField("Input.DisplayName"), ("Input.MunicipalityId", "999999"));
        Assert.Contains("Kies een gemeente uit de lijst.", unknownMunicipality.Errors);
        var notANumber = await browser.SubmitAsync(form, form.FormWithField("Input.DisplayName"), ("Input.MunicipalityId", "abc"));
        notANumber.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("‘abc’ is geen geldige waarde.", notANumber.Errors);

        // Nothing of that was saved.
        var profile = await browser.GetAsync("/account/profiel");
        Assert.Equal(user.DisplayName, profile.ValueOf("Input.DisplayName"));
        Assert.NotEqual("Gemeente Aalten", profile.ValueOf("Input.Organisation"));
    }

    private static void Check(Page page, string what, List<string> failures)
    {
        if ((int)page.Status >= 500) failures.Add($"{what}: {(int)page.Status}");
        else if (page.Status == HttpStatusCode.OK && page.Text.Contains("Er ging aan onze kant iets mis", StringComparison.Ordinal))
            failures.Add($"{what}: the error page with 200");
    }

    /// <summary>The form with the route values in its action (user ids, record ids) replaced by the bad value too.</summary>
    private static IHtmlFormElement WithQueryValues(IHtmlFormElement form, string value)
    {
        var clone = (IHtmlFormElement)form.Clone(deep: true);
        var action = WebUtility.HtmlDecode(form.GetAttribute("action") ?? "");
        var q = action.IndexOf('?');
        if (q < 0) return form;
        var parts = action[(q + 1)..].Split('&').Select(p => p.StartsWith("handler=", StringComparison.Ordinal)
            ? p : p.Split('=')[0] + "=" + Uri.EscapeDataString(value.Length > 2000 ? value[..2000] : value));
        clone.SetAttribute("action", action[..q] + "?" + string.Join("&", parts));
        return clone;
    }

    private static string Describe(string value) => value.Length > 40 ? $"{value.Length} characters" : $"'{value}'";
}
