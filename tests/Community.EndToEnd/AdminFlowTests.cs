using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

public sealed class AdminFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task A_blocked_account_cannot_sign_in_until_unblocked() => RunAsync(async () =>
    {
        var email = await App.CreateUserAsync("Bert Geblokkeerd");
        var admin = await NewSessionAsync();
        var page = admin.Page;
        // Destructive actions ask for confirmation in the browser; the admin means it.
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.AcceptAsync(); };
        await admin.SignInAsync(Demo.Admin);
        await admin.VisitAsync("/beheer");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Gebruikers" }));
        await page.GetByLabel("Zoek op naam of e-mailadres").FillAsync(email);
        await admin.ClickAndLandAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Zoeken" }));
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Expect(row).ToContainTextAsync("Actief");
        await admin.ClickAndLandAsync(row.GetByRole(AriaRole.Button, new() { NameRegex = Demo.Action("Blokkeren", "Bert Geblokkeerd") }));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Geblokkeerd");
        Assert.Equal(["Bert Geblokkeerd blokkeren?"], dialogs);

        var blocked = await NewSessionAsync();
        await blocked.VisitAsync("/account/inloggen");
        await blocked.Page.Field("E-mailadres").FillAsync(email);
        await blocked.Page.Field("Wachtwoord").FillAsync(AppFixture.DemoPassword);
        await blocked.ClickAndLandAsync(blocked.Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Inloggen" }));
        await Expect(blocked.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Je account is geblokkeerd door een beheerder");
        await Expect(blocked.Page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" })).ToHaveCountAsync(0);

        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Row).Filter(new() { HasText = email })
            .GetByRole(AriaRole.Button, new() { NameRegex = Demo.Action("Deblokkeren", "Bert Geblokkeerd") }));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Actief");
        await blocked.SignInAsync(email);
    });

    [Fact]
    public Task A_new_theme_can_be_chosen_for_pilots_and_filtered_on() => RunAsync(async () =>
    {
        var theme = "Mantelzorg " + Guid.NewGuid().ToString("N")[..4];
        var admin = await NewSessionAsync();
        var page = admin.Page;
        await admin.SignInAsync(Demo.Admin);
        await admin.VisitAsync("/beheer/themas");
        await page.Field("Naam").FillAsync(theme);
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Toevoegen" }));
        await Expect(page.GetByLabel($"Nieuwe naam voor {theme}")).ToHaveValueAsync(theme);

        await admin.VisitAsync("/pilots/nieuw");
        await Expect(page.GetByLabel(theme, new() { Exact = true })).ToBeVisibleAsync();
        await admin.VisitAsync("/pilots");
        await page.GetByLabel("Thema").SelectOptionAsync(new SelectOptionValue { Label = theme });
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Filteren" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("0 pilots gevonden");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Alle filters wissen" })).ToBeVisibleAsync();
    });
}
