using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

public sealed class ProfileFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task A_filled_in_profile_makes_a_colleague_findable_by_municipality_and_tag() => RunAsync(async () =>
    {
        var tag = "buurtkamer" + Guid.NewGuid().ToString("N")[..4];
        var email = await App.CreateUserAsync("Femke Profiel");
        var member = await NewSessionAsync();
        var page = member.Page;
        await member.SignInAsync(email);
        await member.VisitAsync("/account/profiel");
        await page.Field("Organisatie").FillAsync("Wijkteam Lichtenvoorde");
        await page.Field("Gemeente").SelectOptionAsync(new SelectOptionValue { Label = "Oost Gelre" });
        await page.Field("Functie").FillAsync("Opbouwwerker");
        await page.Field("Waar ik aan werk").FillAsync("Een huiskamer in de wijk waar inwoners zonder afspraak binnenlopen.");
        await page.Field("Trefwoorden").FillAsync($"ontmoeting, {tag}");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Profiel opslaan" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Je profiel is opgeslagen.");
        await Expect(page.Field("Functie")).ToHaveValueAsync("Opbouwwerker");

        // A colleague finds her by what she works on, and by municipality.
        var colleague = await NewSessionAsync();
        await colleague.SignInAsync(Demo.Bram);
        await colleague.VisitAsync("/leden");
        await colleague.Page.GetByLabel("Zoek op naam, organisatie of trefwoord").FillAsync(tag);
        await colleague.ClickAndLandAsync(colleague.Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Zoeken" }));
        var card = colleague.Page.Locator("main").GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Femke Profiel" });
        await Expect(card).ToContainTextAsync("Opbouwwerker · Wijkteam Lichtenvoorde · Oost Gelre");
        await Expect(colleague.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 leden gevonden");

        await colleague.VisitAsync("/leden");
        await colleague.Page.GetByLabel("Gemeente").SelectOptionAsync(new SelectOptionValue { Label = "Oost Gelre" });
        await colleague.ClickAndLandAsync(colleague.Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Zoeken" }));
        await Expect(colleague.Page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Femke Profiel" })).ToBeVisibleAsync();

        await colleague.ClickAndLandAsync(colleague.Page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Femke Profiel" }));
        await Expect(colleague.Page.Locator("main")).ToContainTextAsync("Een huiskamer in de wijk");
        await Expect(colleague.Page.Locator("main").GetByRole(AriaRole.Link, new() { Name = tag })).ToBeVisibleAsync();
    });
}
