using Community.Core.Accounts;
using Community.EndToEnd.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

/// <summary>
/// axe-core (WCAG 2.1 A and AA) on every page of the app, as the visitors who can reach it, including error
/// pages, forms showing their errors and the English variant. One violation anywhere fails the test with the full list.
/// </summary>
public sealed class EveryPageTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task Every_public_page_passes_axe_for_an_anonymous_visitor() => RunAsync(async () =>
    {
        var visitor = await NewSessionAsync();
        await visitor.VisitAsync("/");
        await visitor.VisitAsync("/pilots");
        await visitor.VisitAsync("/pilots?q=jeugd&gemeente=winterswijk&thema=jeugdhulp&fase=Completed&sorteer=Title");
        await visitor.VisitAsync("/pilots?q=bestaat-zeker-niet");
        foreach (var slug in Demo.PilotSlugs) await visitor.VisitAsync($"/pilots/{slug}");
        await visitor.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap");
        await visitor.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap/leden");
        await visitor.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap", expectedStatus: 403);
        await visitor.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap/leden");
        await Expect(visitor.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/inloggen\\?ReturnUrl="));
        await visitor.VisitAsync($"/pilots/{Demo.CompletedPilot}/wiki");
        await visitor.VisitAsync($"/pilots/{Demo.CompletedPilot}/wiki/werkwijze-praktijkondersteuner-jeugd");
        await visitor.VisitAsync($"/pilots/{Demo.CompletedPilot}/wiki/les-vaste-werkdagen-in-de-praktijk");
        await visitor.VisitAsync($"/pilots/{Demo.CompletedPilot}/wiki/werkwijze-praktijkondersteuner-jeugd/geschiedenis");
        await visitor.VisitAsync($"/pilots/{Demo.CompletedPilot}/wiki/werkwijze-praktijkondersteuner-jeugd/verschil?van=1&naar=2");
        await visitor.VisitAsync($"/pilots/{Demo.CompletedPilot}/wiki/werkwijze-praktijkondersteuner-jeugd/versie/1");
        await visitor.VisitAsync("/lessen");
        await visitor.VisitAsync("/lessen?thema=jeugdhulp&tag=huisarts");
        await visitor.VisitAsync("/zoeken");
        await visitor.VisitAsync("/zoeken?q=jeugd&type=pilot&sorteer=datum");
        await visitor.VisitAsync("/kennisvragen");
        await visitor.VisitAsync("/kennisvragen?sorteer=Newest&open=true");
        await visitor.ClickAndLandAsync(visitor.Page.Locator("main .kp-question-list a").First);

        await visitor.VisitAsync("/account/inloggen");
        await visitor.VisitAsync("/account/registreren");
        await visitor.VisitAsync("/account/wachtwoord-vergeten");
        await visitor.VisitAsync("/account/bevestiging-opnieuw");
        await visitor.VisitAsync("/account/wachtwoord-herstellen?email=iemand%40gemeente.test&code=abc");
        await visitor.VisitAsync("/account/bevestigen?userId=onbekend&code=abc", expectedStatus: 400);
        await visitor.VisitAsync("/uitnodiging/onbekende-code", expectedStatus: 404);

        // Friendly error pages.
        await visitor.VisitAsync("/pilots/bestaat-niet", expectedStatus: 404);
        await visitor.VisitAsync("/deze/pagina/bestaat/niet", expectedStatus: 404);
        await Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Naar de startpagina" })).ToBeVisibleAsync();

        // Forms showing their errors.
        var page = visitor.Page;
        await visitor.VisitAsync("/account/registreren");
        await visitor.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Account aanmaken" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Vul je naam in.");
        await visitor.VisitAsync("/account/wachtwoord-vergeten");
        await visitor.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Stuur de link" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Vul je e-mailadres in.");

        // Members-only pages send an anonymous visitor to sign in.
        await visitor.VisitAsync("/leden");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/inloggen\\?ReturnUrl=%2Fleden", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    });

    [Fact]
    public Task Every_page_passes_axe_for_the_platform_admin() => RunAsync(async () =>
    {
        var admin = await NewSessionAsync();
        var page = admin.Page;
        await admin.SignInAsync(Demo.Admin);
        await admin.VisitAsync("/");
        await admin.VisitAsync("/pilots");
        foreach (var slug in Demo.PilotSlugs)
        {
            await admin.VisitAsync($"/pilots/{slug}");
            await admin.VisitAsync($"/pilots/{slug}/bewerken");
        }
        await admin.VisitAsync($"/pilots/{Demo.CompletedPilot}");
        await page.GetByText("Voortgang toevoegen").ClickAsync();
        await admin.CheckAccessibilityAsync("progress form open");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Voortgang plaatsen" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();

        await admin.VisitAsync("/pilots/nieuw");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Meer rijen voor partners en mijlpalen" }));
        await admin.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap");
        await admin.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap/leden");
        await admin.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap");
        await admin.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap/leden");
        // Platform admins read a chat they are not a member of (read-only notice instead of the form).
        await admin.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap/chat");
        await admin.VisitAsync("/beheer/zoeken");

        await admin.VisitAsync("/account/profiel");
        await admin.VisitAsync("/account/uitloggen");
        await admin.VisitAsync("/account/wachtwoord-wijzigen");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Wachtwoord opslaan" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await admin.VisitAsync("/leden");
        await admin.VisitAsync("/leden?q=jeugd");
        await admin.VisitAsync("/leden?tag=wijkteam");
        await admin.VisitAsync($"/leden/{await UserIdAsync(Demo.Anouk)}");
        await admin.VisitAsync("/leden/onbekend", expectedStatus: 404);

        await admin.VisitAsync("/beheer");
        await admin.VisitAsync("/beheer/gebruikers");
        await admin.VisitAsync("/beheer/gebruikers?q=anouk");
        await admin.VisitAsync("/beheer/gemeenten");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Toevoegen" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await admin.VisitAsync("/beheer/themas");

        await admin.VisitAsync($"/pilots/{Demo.CompletedPilot}/evaluatie");
        await admin.VisitAsync($"/pilots/{Demo.CompletedPilot}/wiki");
        await admin.VisitAsync($"/pilots/{Demo.CompletedPilot}/wiki/nieuw?les=true");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Pagina opslaan" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await admin.VisitAsync($"/pilots/{Demo.CompletedPilot}/wiki/werkwijze-praktijkondersteuner-jeugd/bewerken");
        await admin.VisitAsync("/kennisvragen");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Kennisvraag plaatsen" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await admin.ClickAndLandAsync(page.Locator("main .kp-question-list a").First);
    });

    [Fact]
    public Task Coordinator_and_member_pages_pass_axe() => RunAsync(async () =>
    {
        var coordinator = await NewSessionAsync();
        var page = coordinator.Page;
        await coordinator.SignInAsync(Demo.Anouk);
        await coordinator.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap");
        await coordinator.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap/leden");
        await page.Field("E-mailadres").FillAsync("geen-adres");
        await coordinator.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Uitnodiging versturen" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await coordinator.VisitAsync($"/pilots/{Demo.ClosedPilot}/bewerken");
        await coordinator.VisitAsync("/account/profiel");
        // Signed in without the right: the friendly 403 page, not a redirect.
        await coordinator.VisitAsync("/beheer", expectedStatus: 403);
        await coordinator.VisitAsync("/pilots/nieuw", expectedStatus: 403);

        var member = await NewSessionAsync();
        await member.SignInAsync(Demo.Bram);
        await member.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap");
        await member.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap/leden");
        await member.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap");
        // The chat: as a member (with the send and promote forms), and an empty promote submitted (the error state).
        await member.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap/chat");
        await Expect(member.Page.Locator("#chat-status")).ToContainTextAsync("Verbonden");
        await member.CheckAccessibilityAsync("chat, connected");
        await member.ClickAndLandAsync(member.Page.GetByRole(AriaRole.Button, new() { Name = "Maak er een vraag van" }));
        await Expect(member.Page.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync();
        await member.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap/chat", expectedStatus: 403);
        await member.VisitAsync("/chat");
        await coordinator.VisitAsync($"/pilots/{Demo.ClosedPilot}/leergemeenschap/chat");
    });

    [Fact]
    public Task English_pages_pass_axe() => RunAsync(async () =>
    {
        var visitor = await NewSessionAsync();
        await visitor.VisitAsync("/");
        await visitor.ClickAndLandAsync(visitor.Page.GetByRole(AriaRole.Button, new() { Name = "English" }));
        await Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await visitor.VisitAsync("/pilots");
        await visitor.VisitAsync($"/pilots/{Demo.CompletedPilot}");
        await visitor.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap");
        await visitor.VisitAsync("/account/inloggen");
        await visitor.VisitAsync("/account/registreren");
        await visitor.ClickAndLandAsync(visitor.Page.Locator("main").GetByRole(AriaRole.Button));
        await visitor.VisitAsync("/pilots/bestaat-niet", expectedStatus: 404);

        // A signed-in user's choice is stored with the account, so a demo account would stay English for other tests.
        var admin = await NewSessionAsync();
        await admin.SignInAsync(await App.CreateUserAsync("Emma English", admin: true));
        await admin.VisitAsync("/");
        await admin.ClickAndLandAsync(admin.Page.GetByRole(AriaRole.Button, new() { Name = "English" }));
        await admin.VisitAsync("/pilots/nieuw");
        await admin.VisitAsync("/beheer");
        await admin.VisitAsync("/leden");
    });

    [Fact]
    public async Task The_accessibility_check_itself_finds_violations()
    {
        // Guards the guard: a wrong tag list or a broken axe injection would otherwise pass every page silently.
        var accessibility = new Accessibility();
        await using var context = await App.Browsers.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<html><head><title>x</title></head><body><main><img src=\"data:,\"><input type=\"text\"></main></body></html>");
        await accessibility.CheckAsync(page);
        Assert.Contains(accessibility.Violations, v => v.Contains("image-alt"));
        Assert.Contains(accessibility.Violations, v => v.Contains("html-has-lang"));
        Assert.Contains(accessibility.Violations, v => v.Contains("label"));

        // And on a real page with the app's styling: pale text must be caught as too little contrast.
        var styled = new Accessibility();
        await page.GotoAsync(App.BaseUrl + "/pilots");
        await page.EvaluateAsync("() => { const p = document.createElement('p'); p.textContent = 'Bleke tekst'; p.style.color = '#d8d8d8'; document.querySelector('main').append(p); }");
        await styled.CheckAsync(page);
        Assert.Contains(styled.Violations, v => v.Contains("color-contrast"));
    }

    private async Task<string> UserIdAsync(string email)
    {
        using var scope = App.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync(email);
        return user!.Id;
    }
}
