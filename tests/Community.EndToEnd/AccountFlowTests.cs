using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

public sealed class AccountFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task Register_confirm_through_the_mail_link_sign_in_and_out() => RunAsync(async () =>
    {
        var email = $"nieuw-{Guid.NewGuid():N}"[..18] + "@gemeente.test";
        var visitor = await NewSessionAsync();
        var page = visitor.Page;

        await visitor.VisitAsync("/");
        await visitor.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Registreren" }));
        await page.Field("Naam").FillAsync("Sanne de Vries");
        await page.Field("E-mailadres").FillAsync(email);
        await page.Field("Wachtwoord").FillAsync("lange zin als wachtwoord");
        await page.Field("Herhaal wachtwoord").FillAsync("lange zin als wachtwoord");
        await visitor.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Account aanmaken" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"We hebben een e-mail gestuurd naar {email}");

        // Not confirmed yet: signing in must not work.
        await visitor.VisitAsync("/account/inloggen");
        await page.Field("E-mailadres").FillAsync(email);
        await page.Field("Wachtwoord").FillAsync("lange zin als wachtwoord");
        await visitor.ClickAndLandAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Inloggen" }));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" })).ToHaveCountAsync(0);

        var mail = await App.Mail.WaitForAsync(email, m => m.Subject.Contains("Bevestig je e-mailadres"));
        Assert.Contains("Hallo Sanne de Vries", mail.Body);
        await visitor.VisitAsync(mail.FirstLink());
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Je e-mailadres is bevestigd.");

        await visitor.ClickAndLandAsync(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Inloggen" }));
        await page.Field("E-mailadres").FillAsync(email);
        await page.Field("Wachtwoord").FillAsync("lange zin als wachtwoord");
        await visitor.ClickAndLandAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Inloggen" }));
        await Expect(page).ToHaveURLAsync(Session.Path("/account/profiel"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" })).ToBeVisibleAsync();
        await Expect(page.Field("Naam")).ToHaveValueAsync("Sanne de Vries");

        await visitor.SignOutAsync();
        await Expect(page).ToHaveURLAsync(Session.Path("/"));
        await visitor.VisitAsync("/account/profiel");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/inloggen"));
    });

    [Fact]
    public Task A_wrong_password_says_so_in_Dutch_and_keeps_the_address() => RunAsync(async () =>
    {
        var visitor = await NewSessionAsync();
        var page = visitor.Page;
        await visitor.VisitAsync("/account/inloggen");
        await page.Field("E-mailadres").FillAsync(Demo.Bram);
        await page.Field("Wachtwoord").FillAsync("dit is niet het wachtwoord");
        await visitor.ClickAndLandAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Inloggen" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Er ging iets mis");
        await Expect(page.Field("E-mailadres")).ToHaveValueAsync(Demo.Bram);
        await Expect(page.Field("Wachtwoord")).ToHaveValueAsync("");
    });

    [Fact]
    public Task Forgotten_password_is_reset_through_the_mail_link() => RunAsync(async () =>
    {
        var email = await App.CreateUserAsync("Wim Vergeetachtig");
        var visitor = await NewSessionAsync();
        var page = visitor.Page;
        await visitor.VisitAsync("/account/inloggen");
        await visitor.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Wachtwoord vergeten?" }));
        await page.Field("E-mailadres").FillAsync(email);
        await visitor.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Stuur de link" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Als er een account bij dit adres hoort");

        var mail = await App.Mail.WaitForAsync(email, m => m.Subject == "Nieuw wachtwoord voor het Kennisplatform");
        await visitor.VisitAsync(mail.FirstLink());
        await Expect(page.Field("E-mailadres")).ToHaveValueAsync(email);
        await page.Field("Nieuw wachtwoord").FillAsync("een heel nieuw wachtwoord");
        await page.Field("Herhaal wachtwoord").FillAsync("een heel nieuw wachtwoord");
        await visitor.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Wachtwoord opslaan" }));
        await Expect(page).ToHaveURLAsync(Session.Path("/account/inloggen"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Je wachtwoord is gewijzigd.");

        await visitor.SignInAsync(email, "een heel nieuw wachtwoord");
    });
}
