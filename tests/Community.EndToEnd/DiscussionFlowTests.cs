using System.Text.RegularExpressions;
using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

public sealed class DiscussionFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private const string Discussions = $"/pilots/{Demo.DiscussionPilot}/discussies";

    private async Task<Session> JoinedMemberAsync(string name)
    {
        var email = await App.CreateUserAsync(name);
        var session = await NewSessionAsync();
        await session.SignInAsync(email);
        await session.VisitAsync($"/pilots/{Demo.DiscussionPilot}/leergemeenschap");
        await session.ClickAndLandAsync(session.Page.GetByRole(AriaRole.Button, new() { Name = "Word lid" }));
        return session;
    }

    [Fact]
    public Task Ask_answer_accept_notify_report_and_hide() => RunAsync(async () =>
    {
        var title = "Hoe snel plannen jullie een keukentafelgesprek? " + Guid.NewGuid().ToString("N")[..4];
        var asker = await JoinedMemberAsync("Femke Vraag");
        var answerer = await JoinedMemberAsync("Eva Antwoord");

        // The asker writes a question; the live preview shows the Markdown as it will look.
        await asker.VisitAsync(Discussions);
        await asker.ClickAndLandAsync(asker.Page.GetByRole(AriaRole.Link, new() { Name = "Nieuwe vraag of discussie" }));
        await asker.Page.Field("Titel").FillAsync(title);
        await asker.Page.Field("Tekst").FillAsync("Wij zitten op **drie weken**. Hoe doen jullie dat?");
        await asker.Page.Field("Labels").FillAsync("wmo, keukentafel");
        await asker.Page.GetByRole(AriaRole.Button, new() { Name = "Voorbeeld" }).ClickAsync();
        await Expect(asker.Page.Locator(".kp-preview__panel strong")).ToHaveTextAsync("drie weken");
        await asker.CheckAccessibilityAsync("preview open");
        await asker.ClickAndLandAsync(asker.Page.GetByRole(AriaRole.Button, new() { Name = "Plaatsen" }));
        await Expect(asker.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        var threadUrl = asker.Page.Url;

        // The answerer gives a phone number: the privacy guard shows it highlighted, the text stays, a confirmation posts it.
        await answerer.VisitAsync(new Uri(threadUrl).PathAndQuery);
        await answerer.Page.Field("Antwoord").FillAsync("Binnen vijf dagen. Bel gerust ons algemene nummer 0314-123456.");
        await answerer.ClickAndLandAsync(answerer.Page.GetByRole(AriaRole.Button, new() { Name = "Plaatsen" }));
        await Expect(answerer.Page.Locator(".kp-privacy mark")).ToHaveTextAsync("0314-123456");
        await Expect(answerer.Page.Field("Antwoord")).ToHaveValueAsync("Binnen vijf dagen. Bel gerust ons algemene nummer 0314-123456.");
        await answerer.Page.GetByLabel("Ik heb dit gecontroleerd: dit zijn geen persoonsgegevens van een burger").CheckAsync();
        await answerer.ClickAndLandAsync(answerer.Page.GetByRole(AriaRole.Button, new() { Name = "Plaatsen" }));
        await Expect(answerer.Page.Locator("main")).ToContainTextAsync("Je reactie is geplaatst.");
        await answerer.Page.Field("Antwoord").FillAsync("En wie dat niet snapt is gewoon dom.");
        await answerer.ClickAndLandAsync(answerer.Page.GetByRole(AriaRole.Button, new() { Name = "Plaatsen" }));

        // The asker follows the question automatically, sees the bell, and accepts the first answer.
        await asker.VisitAsync("/");
        var bell = asker.Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Mijn meldingen.*2 ongelezen") });
        await Expect(bell).ToBeVisibleAsync();
        await asker.ClickAndLandAsync(bell);
        await asker.ClickAndLandAsync(asker.Page.Locator("main").GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(title)) }).Last);
        var firstAnswer = asker.Page.Locator("article").Filter(new() { HasText = "Binnen vijf dagen." });
        await asker.ClickAndLandAsync(firstAnswer.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Accepteer als antwoord") }));
        await Expect(asker.Page.Locator("article").Nth(1)).ToContainTextAsync("Geaccepteerd antwoord");
        await Expect(asker.Page.Locator("article").Nth(1)).ToContainTextAsync("Binnen vijf dagen.");

        // The asker reports the rude reply.
        var rude = asker.Page.Locator("article").Filter(new() { HasText = "gewoon dom" });
        await asker.ClickAndLandAsync(rude.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Melden") }));
        await asker.Page.GetByLabel("Ongepast").CheckAsync();
        await asker.Page.Field("Toelichting").FillAsync("Niet respectvol.");
        await asker.ClickAndLandAsync(asker.Page.GetByRole(AriaRole.Button, new() { Name = "Melding versturen" }));
        await Expect(asker.Page.Locator("main")).ToContainTextAsync("De coördinatoren bekijken je melding.");

        // The answerer is told the answer was accepted.
        await answerer.VisitAsync("/meldingen");
        await Expect(answerer.Page.Locator("main")).ToContainTextAsync("accepteerde jouw antwoord");

        // The coordinator hides the reported reply from the moderation queue.
        var coordinator = await NewSessionAsync();
        await coordinator.SignInAsync(Demo.Bram);
        await coordinator.VisitAsync($"/pilots/{Demo.DiscussionPilot}/leergemeenschap/moderatie");
        var report = coordinator.Page.Locator("main").GetByRole(AriaRole.Listitem).Filter(new() { HasText = "gewoon dom" }).First;
        await Expect(report).ToContainTextAsync("Niet respectvol.");
        await coordinator.ClickAndLandAsync(report.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Verbergen") }));
        await Expect(coordinator.Page.Locator("main")).Not.ToContainTextAsync("gewoon dom");

        await asker.VisitAsync(new Uri(threadUrl).PathAndQuery);
        await Expect(asker.Page.Locator("main")).Not.ToContainTextAsync("gewoon dom");
        await Expect(asker.Page.Locator("main")).ToContainTextAsync("Dit bericht is verborgen door een coördinator.");
    });

    [Fact]
    public Task Without_JavaScript_a_member_still_asks_and_the_list_filters() => RunAsync(async () =>
    {
        var email = await App.CreateUserAsync("Gijs Zonderscript");
        var member = await NewSessionAsync(javaScript: false);
        await member.SignInAsync(email);
        await member.VisitAsync($"/pilots/{Demo.DiscussionPilot}/leergemeenschap");
        await member.ClickAndLandAsync(member.Page.GetByRole(AriaRole.Button, new() { Name = "Word lid" }));
        await member.VisitAsync(Discussions + "/nieuw");
        await member.Page.GetByLabel("Discussie", new() { Exact = true }).CheckAsync();
        await member.Page.Field("Titel").FillAsync("Ervaringen met huisbezoeken zonder script");
        await member.Page.Field("Tekst").FillAsync("Wat werkt?");
        await member.ClickAndLandAsync(member.Page.GetByRole(AriaRole.Button, new() { Name = "Plaatsen" }));
        await Expect(member.Page.Locator("main")).ToContainTextAsync("Je discussie is geplaatst.");
        await member.VisitAsync(Discussions + "?toon=Answered");
        await Expect(member.Page.Locator("main")).ToContainTextAsync("Welke signalen van vaste lasten voorspellen schulden het best?");
        await Expect(member.Page.Locator("main")).Not.ToContainTextAsync("Ervaringen met huisbezoeken zonder script");
    });
}
