using System.Text.RegularExpressions;
using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

public sealed class PilotFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task Admin_creates_a_pilot_with_every_field_and_posts_progress() => RunAsync(async () =>
    {
        var title = "Buurtcoach voor jongvolwassenen " + Guid.NewGuid().ToString("N")[..6];
        var admin = await NewSessionAsync();
        var page = admin.Page;
        await admin.SignInAsync(Demo.Admin);
        await admin.VisitAsync("/pilots");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Nieuwe pilot" }));

        await page.Field("Titel").FillAsync(title);
        await page.Field("Samenvatting").FillAsync("Een buurtcoach helpt jongvolwassenen van 18 tot 23 jaar bij wonen, werk en geld.");
        await page.Field("Centrale kennisvraag").FillAsync("Voorkomt een vaste buurtcoach dat jongvolwassenen tussen wal en schip vallen?");
        await page.Field("Programma").FillAsync("Transformatie jeugd");
        await page.Field("Fase").SelectOptionAsync(new SelectOptionValue { Label = "Uitvoering" });
        await page.GetByLabel("Besloten leergemeenschap").CheckAsync();
        await page.GetByLabel("Aalten", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Oost Gelre", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Jeugdhulp", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Participatie", new() { Exact = true }).CheckAsync();
        await page.Field("Wat betrokkenen willen leren").FillAsync("Welke hulp jongeren zelf vragen, en wanneer ze afhaken.");
        await page.Field("Startdatum").FillAsync("2026-03-01");
        await page.Field("Einddatum").FillAsync("2027-02-28");
        await page.GetByLabel("Datum van mijlpaal 1").FillAsync("2026-09-01");
        await page.GetByLabel("Mijlpaal 1", new() { Exact = true }).FillAsync("Tussenevaluatie met de jongeren");
        await page.GetByLabel("Organisatie van partner 1").FillAsync("Hogeschool Achterhoek");
        await page.GetByLabel("Rol van partner 1").FillAsync("Onderzoek naar afhaken");
        await page.GetByLabel("Aantal studenten bij partner 1").FillAsync("3");
        await page.Field("Kosten").FillAsync("€ 60.000 voor een jaar");
        await page.Field("Wie de kosten dekt").FillAsync("Gemeente Aalten en gemeente Oost Gelre samen");
        await page.Field("Naam").FillAsync("Petra Beheer");
        await page.Field("E-mailadres").FillAsync("petra@gemeente.test");
        await page.GetByLabel(Demo.CompletedPilotTitle).CheckAsync();
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Pilot opslaan" }));

        await Expect(page).ToHaveURLAsync(new Regex("/pilots/buurtcoach-voor-jongvolwassenen-[0-9a-f]{6}$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("De pilot is opgeslagen.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync("Fase: Uitvoering");
        await Expect(main).ToContainTextAsync("Besloten leergemeenschap");
        await Expect(main).ToContainTextAsync("Voorkomt een vaste buurtcoach");
        await Expect(main).ToContainTextAsync("Transformatie jeugd");
        await Expect(main).ToContainTextAsync("Aalten, Oost Gelre");
        await Expect(main).ToContainTextAsync("€ 60.000 voor een jaar");
        await Expect(main).ToContainTextAsync("Gemeente Aalten en gemeente Oost Gelre samen");
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = "petra@gemeente.test" })).ToBeVisibleAsync();
        await Expect(main).ToContainTextAsync("Welke hulp jongeren zelf vragen");
        await Expect(main.GetByRole(AriaRole.Row).Filter(new() { HasText = "Hogeschool Achterhoek" })).ToContainTextAsync("Onderzoek naar afhaken");
        await Expect(main.GetByRole(AriaRole.Row).Filter(new() { HasText = "Hogeschool Achterhoek" })).ToContainTextAsync("3");
        await Expect(main.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Tussenevaluatie met de jongeren" })).ToBeVisibleAsync();
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = Demo.CompletedPilotTitle })).ToBeVisibleAsync();
        await Expect(main).ToContainTextAsync("Nog geen voortgang gemeld.");

        // The creator coordinates the new community.
        await admin.ClickAndLandAsync(main.GetByRole(AriaRole.Link, new() { Name = "Naar de leergemeenschap" }));
        await Expect(page.Locator("main")).ToContainTextAsync("Je bent coördinator van deze leergemeenschap.");
        await page.GoBackAsync();

        await page.GetByText("Voortgang toevoegen").ClickAsync();
        await admin.CheckAccessibilityAsync("progress form open");
        await page.Field("Datum").FillAsync("2026-04-15");
        await page.Field("Titel").FillAsync("Eerste tien jongeren in beeld");
        await page.Field("Wat is er gebeurd?").FillAsync("De buurtcoach sprak **tien** jongeren; zes vroegen hulp bij geldzaken.");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Voortgang plaatsen" }));

        var update = page.Locator("main").GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Eerste tien jongeren in beeld" });
        await Expect(update).ToContainTextAsync("zes vroegen hulp bij geldzaken");
        await Expect(update.Locator("strong")).ToHaveTextAsync("tien");
        await Expect(update).ToContainTextAsync("Petra Beheer");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Nog geen voortgang gemeld.");

        // Findable in the list with the filters a colleague would use.
        await admin.VisitAsync("/pilots?gemeente=oost-gelre&thema=participatie&fase=Execution");
        await Expect(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await admin.VisitAsync("/pilots?gemeente=montferland");
        await Expect(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = title })).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Bad_input_on_the_pilot_form_keeps_what_was_typed_and_explains_in_Dutch() => RunAsync(async () =>
    {
        var admin = await NewSessionAsync();
        var page = admin.Page;
        await admin.SignInAsync(Demo.Admin);
        await admin.VisitAsync("/pilots/nieuw");

        await page.Field("Samenvatting").FillAsync("Samenvatting die bewaard moet blijven.");
        await page.Field("Centrale kennisvraag").FillAsync("Blijft mijn kennisvraag staan?");
        await page.GetByLabel("Winterswijk", new() { Exact = true }).CheckAsync();
        await page.Field("E-mailadres").FillAsync("geen-adres");
        await page.GetByLabel("Organisatie van partner 1").FillAsync("Wijkteam Oost");
        await page.Field("Startdatum").FillAsync("2026-06-01");
        await page.Field("Einddatum").FillAsync("2026-01-01");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Pilot opslaan" }));

        await Expect(page).ToHaveURLAsync(Session.Path("/pilots/nieuw"));
        var summary = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Er ging iets mis" });
        await Expect(summary).ToBeVisibleAsync();
        // Keyboard and screen-reader users land on the list of problems, not at the top of the page.
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.GetByRole(AriaRole.Link, new() { Name = "Geef de pilot een titel." })).ToBeVisibleAsync();
        await Expect(summary.GetByRole(AriaRole.Link, new() { Name = "Vul een geldig e-mailadres in." })).ToBeVisibleAsync();

        var titleField = page.Field("Titel");
        await Expect(titleField).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(titleField).ToHaveAccessibleDescriptionAsync(new Regex("Geef de pilot een titel."));
        await Expect(page.Field("E-mailadres")).ToHaveAccessibleDescriptionAsync(new Regex("Vul een geldig e-mailadres in."));

        await Expect(page.Field("Samenvatting")).ToHaveValueAsync("Samenvatting die bewaard moet blijven.");
        await Expect(page.Field("Centrale kennisvraag")).ToHaveValueAsync("Blijft mijn kennisvraag staan?");
        await Expect(page.Field("E-mailadres")).ToHaveValueAsync("geen-adres");
        await Expect(page.GetByLabel("Winterswijk", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Organisatie van partner 1")).ToHaveValueAsync("Wijkteam Oost");
        await Expect(page.Field("Startdatum")).ToHaveValueAsync("2026-06-01");

        // The summary's link takes the keyboard user to the field.
        await summary.GetByRole(AriaRole.Link, new() { Name = "Geef de pilot een titel." }).ClickAsync();
        await Expect(titleField).ToBeFocusedAsync();

        // With the field errors fixed, the service's own rule (end before start) is reported at its field too.
        await titleField.FillAsync("Pilot met een verkeerde planning");
        await page.Field("E-mailadres").FillAsync("contact@gemeente.test");
        await admin.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Pilot opslaan" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("De einddatum ligt voor de startdatum.");
        await Expect(page.Field("Einddatum")).ToHaveAccessibleDescriptionAsync(new Regex("De einddatum ligt voor de startdatum."));
        await Expect(page.Field("Titel")).ToHaveValueAsync("Pilot met een verkeerde planning");
        await Expect(page.GetByLabel("Organisatie van partner 1")).ToHaveValueAsync("Wijkteam Oost");
    });
}
