using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

public sealed class CommunityFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task Joining_an_Open_community_is_immediate() => RunAsync(async () =>
    {
        var email = await App.CreateUserAsync("Joost Open");
        var member = await NewSessionAsync();
        var page = member.Page;
        await member.SignInAsync(email);
        await member.VisitAsync($"/pilots/{Demo.OpenPilot}");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Naar de leergemeenschap" }));
        await Expect(page.Locator("main")).ToContainTextAsync("Over de pilot");

        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Word lid" }));
        await Expect(page.Locator("main")).ToContainTextAsync("Je bent lid van deze leergemeenschap.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Leergemeenschap verlaten" })).ToBeVisibleAsync();

        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Alle leden en wat ze doen" }));
        await Expect(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Joost Open" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task Request_to_join_a_Closed_community_and_the_coordinator_approves() => RunAsync(async () =>
    {
        var email = await App.CreateUserAsync("Roos Besloten");
        var requester = await NewSessionAsync();
        var page = requester.Page;
        await requester.SignInAsync(email);

        // Not a member: the page says it is closed and shows nothing of what members share.
        await requester.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap", expectedStatus: 403);
        await Expect(page.Locator("main")).ToContainTextAsync("Dit is een besloten leergemeenschap.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Over de pilot" })).ToHaveCountAsync(0);
        await requester.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap/leden", expectedStatus: 403);

        await requester.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap", expectedStatus: 403);
        await page.Field("Bericht aan de coördinatoren").FillAsync("Ik ben gezinsregisseur in Bronckhorst en wil graag meedoen.");
        await requester.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Lidmaatschap aanvragen" }));
        await Expect(page.Locator("main")).ToContainTextAsync("Je verzoek om lid te worden wacht op goedkeuring");
        var askMail = await App.Mail.WaitForAsync(Demo.Anouk, m => m.Subject == $"Roos Besloten vraagt lidmaatschap van {Demo.ClosedPilotTitle}");

        // The coordinator, in her own browser, follows the link from her mail and approves.
        var coordinator = await NewSessionAsync();
        await coordinator.SignInAsync(Demo.Anouk);
        await coordinator.VisitAsync(askMail.FirstLink());
        var request = coordinator.Page.Locator("main").GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Roos Besloten" });
        await Expect(request).ToContainTextAsync("Ik ben gezinsregisseur in Bronckhorst en wil graag meedoen.");
        await coordinator.ClickAndLandAsync(request.GetByRole(AriaRole.Button, new() { NameRegex = Demo.Action("Goedkeuren", "Roos Besloten") }));
        await Expect(coordinator.Page.Locator("main")).ToContainTextAsync("Er wachten geen verzoeken.");
        await Expect(coordinator.Page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Roos Besloten" })).ToBeVisibleAsync();

        var welcome = await App.Mail.WaitForAsync(email, m => m.Subject == $"Welkom bij {Demo.ClosedPilotTitle}");
        Assert.Contains("is goedgekeurd", welcome.Body);

        await requester.VisitAsync(welcome.FirstLink());
        await Expect(page.Locator("main")).ToContainTextAsync("Je bent lid van deze leergemeenschap.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Over de pilot" })).ToBeVisibleAsync();
        await requester.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap/leden");
        await Expect(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Roos Besloten" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task A_coordinator_invites_by_email_and_the_invitee_accepts_after_signing_in() => RunAsync(async () =>
    {
        var email = await App.CreateUserAsync("Ilse Uitgenodigd");
        var coordinator = await NewSessionAsync();
        await coordinator.SignInAsync(Demo.Anouk);
        await coordinator.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap/leden");
        await coordinator.Page.Field("E-mailadres").FillAsync(email);
        await coordinator.ClickAndLandAsync(coordinator.Page.GetByRole(AriaRole.Button, new() { Name = "Uitnodiging versturen" }));
        await Expect(coordinator.Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        var mail = await App.Mail.WaitForAsync(email, m => m.Subject.StartsWith($"Uitnodiging: leergemeenschap {Demo.ClosedPilotTitle}"));

        // A forwarded link is no way in for someone else: told so, and still outside.
        var stranger = await NewSessionAsync();
        await stranger.SignInAsync(await App.CreateUserAsync("Stijn Doorgestuurd"));
        await stranger.VisitAsync(mail.FirstLink());
        await stranger.ClickAndLandAsync(stranger.Page.GetByRole(AriaRole.Button, new() { Name = "Uitnodiging accepteren" }));
        await Expect(stranger.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Deze uitnodiging is voor een ander e-mailadres.");
        await stranger.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap", expectedStatus: 403);

        var invitee = await NewSessionAsync();
        var page = invitee.Page;
        await invitee.VisitAsync(mail.FirstLink());
        await Expect(page.Locator("main")).ToContainTextAsync($"Je bent uitgenodigd voor de leergemeenschap van {Demo.ClosedPilotTitle}.");
        await invitee.ClickAndLandAsync(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Inloggen" }));
        await page.Field("E-mailadres").FillAsync(email);
        await page.Field("Wachtwoord").FillAsync(AppFixture.DemoPassword);
        await invitee.ClickAndLandAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Inloggen" }));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/uitnodiging/"));

        await invitee.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Uitnodiging accepteren" }));
        await Expect(page).ToHaveURLAsync(Session.Path($"/pilots/{Demo.ClosedPilot}/leergemeenschap"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Je bent nu lid van de leergemeenschap.");
        await Expect(page.Locator("main")).ToContainTextAsync("Je bent lid van deze leergemeenschap.");

        // Used once: the same link no longer works.
        await invitee.VisitAsync(mail.FirstLink(), expectedStatus: 404);
    });
}
