using System.Text.RegularExpressions;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Digests;
using Community.Core.Discussions;
using Community.Core.Email;
using Community.EndToEnd.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

public sealed class DigestFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task A_member_sets_a_daily_digest_previews_it_receives_it_and_unsubscribes_from_the_link_in_the_mail() => RunAsync(async () =>
    {
        var email = await App.CreateUserAsync("Dirk Digest");
        var askerEmail = await App.CreateUserAsync("Vera Vraag");
        var title = "Wie heeft ervaring met een buurtbus " + Guid.NewGuid().ToString("N")[..4] + "?";
        using (var scope = App.Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Community.Core.Accounts.User>>();
            var dirk = (await users.FindByEmailAsync(email))!.Id;
            var vera = (await users.FindByEmailAsync(askerEmail))!.Id;
            await sp.GetRequiredService<CommunityService>().JoinAsync(Demo.OpenPilot, null, new Actor(dirk, false));
            await sp.GetRequiredService<CommunityService>().JoinAsync(Demo.OpenPilot, null, new Actor(vera, false));
            await sp.GetRequiredService<DiscussionService>().CreateThreadAsync(Demo.OpenPilot, new ThreadInput(ThreadKind.Question, title, "Wij zoeken chauffeurs.", null), new Actor(vera, false));
        }

        var member = await NewSessionAsync();
        var page = member.Page;
        await member.SignInAsync(email);
        await member.VisitAsync("/account/profiel");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "E-mailinstellingen: overzichtsmail en meldingen" }));
        await page.GetByLabel("Dagelijks").CheckAsync();
        await page.Field("Tijdstip").SelectOptionAsync(new SelectOptionValue { Label = "07:00" });
        await page.GetByLabel("Als iemand mij noemt").UncheckAsync();
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Instellingen opslaan" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Je e-mailinstellingen zijn opgeslagen.");
        await Expect(page.GetByLabel("Dagelijks")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Als iemand mij noemt")).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel("Als iemand mijn vraag beantwoordt")).ToBeCheckedAsync();

        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Bekijk je volgende overzichtsmail" }));
        // Other tests of this run ask questions in the same demo community, so the count is theirs plus this one.
        await Expect(page.Locator("main")).ToContainTextAsync(new Regex(@"Je dagelijkse overzicht: \d+ nieuwe vra(ag|gen) in"));
        await Expect(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Nieuwe vraag: " + title })).ToBeVisibleAsync();

        // What `send-digests --user` does: this user's digest now, queued, and the queue sent (to the .eml folder here).
        using (var scope = App.Services.CreateScope())
        {
            var digests = scope.ServiceProvider.GetRequiredService<DigestService>();
            // A minute later: a digest leaves out the last 30 seconds, whose transactions may still be open.
            var later = DateTimeOffset.UtcNow.AddMinutes(1);
            var (due, reason) = await digests.ForUserAsync(email, later);
            Assert.True(due is not null, reason);
            await digests.RunAsync([due!], later);
            await App.Services.GetRequiredService<MailQueueSender>().SendDueAsync(100);
        }
        // Read with MimeKit: the pickup files are written by MailKit now, with bare line feeds the shared Mailbox does not split.
        var mail = Directory.GetFiles(App.Mail.Directory, "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
            .Single(m => m.To.ToString().Contains(email, StringComparison.OrdinalIgnoreCase) && m.Subject?.StartsWith("Je dagelijkse overzicht", StringComparison.Ordinal) == true);
        var text = mail.TextBody ?? "";
        Assert.Contains(title, text);
        var link = Regex.Match(text, @"https?://\S+/afmelden\?t=\S+").Value;
        Assert.NotEmpty(link);

        // Opened in a browser that is not signed in, as from a mail program: the page asks; the button turns it off.
        var reader = await NewSessionAsync();
        await reader.VisitAsync(new Uri(link).PathAndQuery);
        await Expect(reader.Page.Locator("main")).ToContainTextAsync("Wil je geen overzichtsmail meer krijgen?");
        await reader.ClickAndLandAsync(reader.Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Afmelden" }));
        await Expect(reader.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Je bent afgemeld: je krijgt geen overzichtsmail meer.");

        await member.VisitAsync("/account/profiel/e-mail");
        await Expect(page.GetByLabel("Geen overzichtsmail")).ToBeCheckedAsync();
        await member.VisitAsync("/account/profiel/e-mail/voorbeeld");
        await Expect(page.Locator("main")).ToContainTextAsync("Je krijgt geen overzichtsmail.");
        await reader.VisitAsync("/afmelden?t=vervalst", expectedStatus: 400);
        await Expect(reader.Page.Locator("main")).ToContainTextAsync("Deze afmeldlink is ongeldig.");
    });
}
