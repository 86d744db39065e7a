using Community.Core.Accounts;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.EndToEnd.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

/// <summary>The bell and the notifications page, axe-checked in Dutch and English. The thread is made through the Core services.</summary>
public sealed class NotificationFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task A_reply_rings_the_bell_and_the_notifications_page_marks_all_read() => RunAsync(async () =>
    {
        var askerEmail = await App.CreateUserAsync("Vera Vraagsteller");
        var replierEmail = await App.CreateUserAsync("Ahmed Antwoord");
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var asker = new Actor((await users.FindByEmailAsync(askerEmail))!.Id, false);
            var replier = new Actor((await users.FindByEmailAsync(replierEmail))!.Id, false);
            var communities = scope.ServiceProvider.GetRequiredService<CommunityService>();
            await communities.JoinAsync(Demo.OpenPilot, null, asker);
            await communities.JoinAsync(Demo.OpenPilot, null, replier);
            var discussions = scope.ServiceProvider.GetRequiredService<DiscussionService>();
            var thread = await discussions.CreateThreadAsync(Demo.OpenPilot,
                new ThreadInput(ThreadKind.Question, "Vervoer naar de dagbesteding", "Wie regelt bij jullie het vervoer?", null), asker);
            await discussions.ReplyAsync(Demo.OpenPilot, thread, "Bij ons de vrijwilligerscentrale.", false, replier);
            await discussions.ReplyAsync(Demo.OpenPilot, thread, "Vraag @Vera Vraagsteller het maar na bij de gemeente.", false, replier);
        }

        var session = await NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync(askerEmail);
        var bell = page.GetByRole(AriaRole.Link, new() { Name = "Mijn meldingen 2 ongelezen" });
        await Expect(bell).ToBeVisibleAsync();
        await session.ClickAndLandAsync(bell);
        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync("Ahmed Antwoord reageerde op Vervoer naar de dagbesteding");
        await Expect(main).ToContainTextAsync("Ahmed Antwoord noemde je in Vervoer naar de dagbesteding");
        await Expect(main.GetByText("Nieuw", new() { Exact = true })).ToHaveCountAsync(2);

        await session.VisitAsync("/meldingen?culture=en");
        await Expect(main).ToContainTextAsync("Ahmed Antwoord replied to Vervoer naar de dagbesteding");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "My notifications 2 unread" })).ToBeVisibleAsync();

        await session.VisitAsync("/meldingen?culture=nl");
        await session.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Alles als gelezen markeren" }));
        await Expect(main).ToContainTextAsync("Alle meldingen zijn als gelezen gemarkeerd.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Mijn meldingen", Exact = true })).ToBeVisibleAsync();
        await Expect(main.GetByText("Nieuw", new() { Exact = true })).ToHaveCountAsync(0);

        // Someone without notifications sees the empty page.
        var other = await NewSessionAsync();
        await other.SignInAsync(await App.CreateUserAsync("Nina Nieuwkomer"));
        await other.VisitAsync("/meldingen");
        await Expect(other.Page.Locator("main")).ToContainTextAsync("Je hebt nog geen meldingen.");
    });
}
