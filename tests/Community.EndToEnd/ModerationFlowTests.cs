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

/// <summary>The moderation page as a coordinator uses it: reach it from the community home, hide a reported post, switch the privacy guard; axe on every page.</summary>
public sealed class ModerationFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private async Task<string> MemberIdAsync(string email, string slug, Actor admin)
    {
        using var scope = App.Services.CreateScope();
        var id = (await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync(email))!.Id;
        var communities = scope.ServiceProvider.GetRequiredService<CommunityService>();
        if (await communities.JoinAsync(slug, null, new Actor(id, false)) == MembershipStatus.Requested)
            await communities.ApproveAsync(slug, id, admin);
        return id;
    }

    [Fact]
    public Task A_coordinator_hides_a_reported_post_and_switches_the_privacy_guard() => RunAsync(async () =>
    {
        var slug = Demo.ClosedPilot;
        string adminId;
        using (var scope = App.Services.CreateScope())
            adminId = (await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync(Demo.Admin))!.Id;
        var admin = new Actor(adminId, true);
        var author = await MemberIdAsync(await App.CreateUserAsync("Auteur Moderatie"), slug, admin);
        var reporter = await MemberIdAsync(await App.CreateUserAsync("Melder Moderatie"), slug, admin);
        var title = "Ervaringen met vervoer " + Guid.NewGuid().ToString("N")[..6];
        int threadId, replyId;
        using (var scope = App.Services.CreateScope())
        {
            var discussions = scope.ServiceProvider.GetRequiredService<DiscussionService>();
            threadId = await discussions.CreateThreadAsync(slug, new ThreadInput(ThreadKind.Question, title, "Wie heeft ervaring?", null), new Actor(author, false));
            replyId = await discussions.ReplyAsync(slug, threadId, "Een reactie met **nadruk** en een [link](https://example.org).", false, new Actor(author, false));
            await scope.ServiceProvider.GetRequiredService<ModerationService>()
                .ReportAsync(slug, threadId, replyId, ReportReason.Other, "Dit hoort hier niet.", new Actor(reporter, false));
        }

        var session = await NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync(Demo.Admin);
        await session.VisitAsync($"/pilots/{slug}/leergemeenschap");
        await session.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Moderatie: meldingen, privacybewaking en logboek" }));
        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync(title);
        await Expect(main).ToContainTextAsync("Dit hoort hier niet.");
        await Expect(main).ToContainTextAsync("Anders");
        await session.VisitAsync($"/pilots/{slug}/leergemeenschap/moderatie?culture=en");
        await Expect(main).ToContainTextAsync("Reported posts");

        await session.VisitAsync($"/pilots/{slug}/leergemeenschap/moderatie");
        var hide = page.GetByRole(AriaRole.Button, new() { NameRegex = Demo.Action("Verbergen", $"bericht {replyId} van Auteur Moderatie in “{title}”") });
        await Expect(hide).ToBeVisibleAsync();
        await session.ClickAndLandAsync(hide);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Het bericht is verborgen en de melding is afgehandeld.");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Melding afgehandeld: bericht verborgen");

        await page.GetByLabel("Blokkeren tot het is aangepast").CheckAsync();
        await session.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Instelling opslaan" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("De instelling van de privacybewaking is opgeslagen.");
        await Expect(page.GetByLabel("Blokkeren tot het is aangepast")).ToBeCheckedAsync();
        // Back to the demo's setting, for the flows that write in this community.
        await page.GetByLabel("Waarschuwen en laten bevestigen").CheckAsync();
        await session.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Instelling opslaan" }));
        await Expect(page.GetByLabel("Waarschuwen en laten bevestigen")).ToBeCheckedAsync();
    });
}
