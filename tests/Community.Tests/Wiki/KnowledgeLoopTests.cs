using System.Net;
using Community.Core.Communities;
using Community.Core.Pilots;
using Community.Tests.Support;

namespace Community.Tests.Wiki;

/// <summary>The evaluation of a pilot, the knowledge questions it raises, votes, a pilot taking a question up, and the export.</summary>
public sealed class KnowledgeLoopTests(Apps apps) : AppTest(apps)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task An_evaluation_shows_on_the_pilot_page_and_its_questions_join_the_list_and_a_new_pilot_takes_one_up(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var title = Unique("Praktijkondersteuner");
        var slug = await app.CreatePilotAsync(admin, title, phase: PilotPhase.Execution);
        using var coordinator = await app.SignInAsAsync(admin);
        var question = Unique("Hoe houden we huisartsen betrokken na de pilot?");

        var form = await coordinator.GetAsync($"/pilots/{slug}/evaluatie");
        form.AssertStatus(HttpStatusCode.OK);
        var refused = await coordinator.SubmitAsync(form, form.FormWithField("Form.Conclusions"), ("Form.Conclusions", "Werkt goed."));
        refused.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Een pilot wordt geëvalueerd vanaf de fase Afronding; zet eerst de fase op Afronding.", refused.Errors);
        Assert.Equal("Werkt goed.", refused.ValueOf("Form.Conclusions"));

        await app.QueryAsync(async d =>
        {
            var pilot = d.Pilots.Single(p => p.Slug == slug);
            pilot.Phase = PilotPhase.Completion;
            return await d.SaveChangesAsync();
        });
        form = await coordinator.GetAsync($"/pilots/{slug}/evaluatie");
        var saved = await coordinator.SubmitAsync(form, form.FormWithField("Form.Conclusions"),
            ("Form.Conclusions", "Minder verwijzingen naar **specialistische** hulp."), ("Form.LearningPoints", "Vaste werkdagen helpen."),
            ("Form.ImprovementPoints", "Eerder beginnen met registreren."), ("Form.NewKnowledgeQuestions", $"{question}\n\n- Wat kost het per gezin?"));
        saved.AssertRedirect($"/pilots/{slug}");
        var page = await coordinator.FollowAsync(saved);
        var evaluation = page.Document.QuerySelector("section.kp-evaluation")!;
        Assert.Contains("Minder verwijzingen naar specialistische hulp.", Page.Collapse(evaluation.TextContent));
        Assert.NotNull(evaluation.QuerySelector("strong"));
        Assert.Contains("Vaste werkdagen helpen.", evaluation.TextContent);
        Assert.Contains(question, evaluation.TextContent);
        Assert.Contains("Wat kost het per gezin?", evaluation.TextContent);

        // Saving again does not duplicate the questions.
        form = await coordinator.GetAsync($"/pilots/{slug}/evaluatie");
        (await coordinator.SubmitAsync(form, form.FormWithField("Form.Conclusions"))).AssertRedirect();
        Assert.Equal(2, await app.QueryAsync(d => Task.FromResult(d.KnowledgeQuestions.Count(q => q.SourcePilot!.Slug == slug))));

        // Anyone reads the list; a signed-in member votes.
        using var anonymous = app.NewBrowser();
        var list = await anonymous.GetAsync("/kennisvragen?sorteer=Newest");
        list.AssertStatus(HttpStatusCode.OK);
        Assert.Contains(question, list.Text);
        var questionLink = list.Document.QuerySelectorAll("main a").First(a => a.TextContent == question).GetAttribute("href")!;
        var id = questionLink.Split('/').Last();

        var (voter, _) = await app.SignedInAsync();
        using var __ = voter;
        var details = await voter.GetAsync(questionLink);
        Assert.Contains("0 stemmen", details.Text);
        var voted = await voter.SubmitAsync(details, details.FormForHandler("Vote"));
        voted.AssertRedirect(questionLink);
        details = await voter.FollowAsync(voted);
        Assert.Contains("1 stemmen", details.Text);
        Assert.Contains("Je stem is geteld.", details.Text);
        Assert.Equal("true", details.FormForHandler("Vote").QuerySelector("button")!.GetAttribute("aria-pressed"));
        details = await voter.FollowAsync(await voter.SubmitAsync(details, details.FormForHandler("Vote")));
        Assert.Contains("0 stemmen", details.Text);

        // A coordinator of a new pilot links it as taking the question up: both pages show the loop closed.
        var next = await app.CreatePilotAsync(admin, Unique("Vervolgpilot huisartsen"));
        details = await coordinator.GetAsync(questionLink);
        var linked = await coordinator.SubmitAsync(details, details.FormForHandler("TakeUp"), ("PilotSlug", next));
        linked.AssertRedirect(questionLink);
        Assert.Contains("Vervolgpilot huisartsen", (await coordinator.FollowAsync(linked)).Text);
        var nextPage = await anonymous.GetAsync($"/pilots/{next}");
        Assert.Contains("Kennisvragen die deze pilot oppakt", nextPage.Text);
        Assert.Contains(question, nextPage.Text);
        Assert.Contains("opgepakt door", (await anonymous.GetAsync($"/pilots/{slug}")).Text);
        Assert.DoesNotContain(question, (await anonymous.GetAsync("/kennisvragen?open=true")).Text);

        // A member who coordinates nothing cannot link a pilot.
        var refusedLink = await voter.PostAsync($"/kennisvragen/{id}?handler=TakeUp", ("PilotSlug", next));
        Assert.Equal(HttpStatusCode.Forbidden, refusedLink.Status);
    }

    [Fact]
    public async Task A_member_asks_a_question_and_only_admins_export_the_list_as_csv_with_formulas_defused()
    {
        var app = await App();
        var (member, _) = await app.SignedInAsync();
        using var _ = member;
        var list = await member.GetAsync("/kennisvragen");
        var empty = await member.SubmitAsync(list, list.FormForHandler("Ask"), ("Ask.Text", ""));
        empty.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Formuleer de kennisvraag.", empty.ErrorFor("Ask.Text"));
        var text = "=HYPERLINK(\"http://evil.example\";\"klik\") " + Unique("Wat werkt");
        var asked = await member.SubmitAsync(list, list.FormForHandler("Ask"), ("Ask.Text", text), ("Ask.Explanation", "Voor de \"leerlijn\"; met puntkomma."));
        asked.AssertRedirect("/kennisvragen/");

        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/kennisvragen/export")).Status);
        var (admin, _) = await app.SignedInAsync(admin: true);
        using var __ = admin;
        using var response = await admin.Http.GetAsync("/kennisvragen/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("id;kennisvraag;toelichting;stemmen;bron;opgepakt_door;gesteld_op", csv.TrimStart('\uFEFF'));
        var line = csv.Split('\n').Single(l => l.Contains("Wat werkt"));
        Assert.Contains(";\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"klik\"\") ", line);
        Assert.Contains(";\"Voor de \"\"leerlijn\"\"; met puntkomma.\";0;", line);
    }

    [Fact]
    public async Task The_lessons_overview_filters_by_theme_municipality_pilot_and_tag()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var jeugd = await app.CreatePilotAsync(admin, Unique("Jeugd"), municipalities: ["Aalten"], themes: ["Jeugdhulp"]);
        var wmo = await app.CreatePilotAsync(admin, Unique("Wmo"), municipalities: ["Berkelland"], themes: ["Wmo-ondersteuning"], visibility: CommunityVisibility.Open);
        var themeId = await app.QueryAsync(d => Task.FromResult(d.Themes.Single(t => t.Name == "Jeugdhulp").Id));
        var tag = "tag" + Guid.NewGuid().ToString("N")[..6];
        using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services))
        {
            var wiki = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Community.Core.Wiki.WikiService>(scope.ServiceProvider);
            var actor = new Community.Core.Common.Actor(admin.Id, true);
            await wiki.CreateAsync(jeugd, new() { Title = "Les jeugd", Body = "## Context\n\nX\n\n## Wat we leerden\n\nHuisartsen willen een vast gezicht.", IsLesson = true, ThemeId = themeId, Tags = tag }, actor);
            await wiki.CreateAsync(wmo, new() { Title = "Les wmo", Body = "Dorpshuizen werken.", IsLesson = true, Tags = tag }, actor);
            await wiki.CreateAsync(wmo, new() { Title = "Gewone pagina", Body = "Geen les." }, actor);
        }
        using var browser = app.NewBrowser();
        var all = await browser.GetAsync($"/lessen?tag={tag}");
        Assert.Contains("Les jeugd", all.Text);
        Assert.Contains("Les wmo", all.Text);
        Assert.DoesNotContain("Gewone pagina", all.Text);
        Assert.Contains("Huisartsen willen een vast gezicht.", all.Text);
        Assert.DoesNotContain("Context", all.Text);

        Assert.DoesNotContain("Les wmo", (await browser.GetAsync($"/lessen?tag={tag}&thema=jeugdhulp")).Text);
        var byMunicipality = await browser.GetAsync($"/lessen?tag={tag}&gemeente=berkelland");
        Assert.Contains("Les wmo", byMunicipality.Text);
        Assert.DoesNotContain("Les jeugd", byMunicipality.Text);
        var byPilot = await browser.GetAsync($"/lessen?pilot={jeugd}");
        Assert.Contains("Les jeugd", byPilot.Text);
        Assert.DoesNotContain("Les wmo", byPilot.Text);
    }
}
