using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

public sealed class WikiFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task Write_edit_twice_diff_restore_follow_a_link_write_a_lesson_and_upvote_a_question() => RunAsync(async () =>
    {
        var name = "Wiki Willemijn " + Guid.NewGuid().ToString("N")[..4];
        var email = await App.CreateUserAsync(name);
        var member = await NewSessionAsync();
        var page = member.Page;
        var main = page.Locator("main");
        await member.SignInAsync(email);
        await member.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Word lid" }));
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Naar de wiki" }));

        // Write a page with a link to a page that does not exist yet.
        var title = "Vervoer naar het dorpshuis " + Guid.NewGuid().ToString("N")[..4];
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Nieuwe pagina", Exact = true }));
        await page.Field("Titel").FillAsync(title);
        await page.Field("Tekst").FillAsync("## Hoe\n\nVrijwilligers rijden op dinsdag. Zie [[Rooster chauffeurs]].");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Pagina opslaan" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();

        // Edit it twice.
        foreach (var (text, summary) in new[] { ("Vrijwilligers rijden op dinsdag en vrijdag.", "Vrijdag erbij"), ("Vrijwilligers rijden op vrijdag.", "Dinsdag vervalt") })
        {
            await member.ClickAndLandAsync(main.GetByRole(AriaRole.Link, new() { NameRegex = new("^Bewerken") }));
            await page.Field("Tekst").FillAsync($"## Hoe\n\n{text} Zie [[Rooster chauffeurs]].");
            await page.Field("Wat heb je gewijzigd?").FillAsync(summary);
            await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Pagina opslaan" }));
            await Expect(main).ToContainTextAsync(text);
        }

        // The history, and the diff of the last change: additions and removals named, not only coloured.
        await member.ClickAndLandAsync(main.GetByRole(AriaRole.Link, new() { Name = "Geschiedenis" }));
        await Expect(main.GetByRole(AriaRole.Row)).ToHaveCountAsync(4);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Vergelijk van versie 1" }).CheckAsync();
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Versies vergelijken" }));
        await Expect(main.Locator("del").First).ToContainTextAsync("verwijderd:");
        await Expect(main.Locator("ins").First).ToContainTextAsync("toegevoegd:");

        // Restore version 1 as a new version.
        await member.ClickAndLandAsync(main.GetByRole(AriaRole.Link, new() { Name = "Terug naar de geschiedenis" }));
        await member.ClickAndLandAsync(main.GetByRole(AriaRole.Link, new() { Name = "Versie 1", Exact = true }));
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Deze versie terugzetten" }));
        await Expect(main).ToContainTextAsync("Versie 1 is teruggezet als nieuwe versie.");
        await Expect(main).ToContainTextAsync("Vrijwilligers rijden op dinsdag.");

        // Follow the [[link]] to create the missing page.
        await member.ClickAndLandAsync(main.GetByRole(AriaRole.Link, new() { Name = "Rooster chauffeurs (pagina bestaat nog niet)" }));
        await Expect(page.Field("Titel")).ToHaveValueAsync("Rooster chauffeurs");
        await page.Field("Tekst").FillAsync("Elke eerste maandag van de maand maken we het rooster.");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Pagina opslaan" }));
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();

        // Write a lesson from the template; it shows under Lessen.
        await member.VisitAsync($"/pilots/{Demo.OpenPilot}/wiki");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Link, new() { Name = "Nieuwe les geleerd" }));
        var lesson = "Les: chauffeurs vooraf bellen " + Guid.NewGuid().ToString("N")[..4];
        await page.Field("Titel").FillAsync(lesson);
        await page.Field("Thema").SelectOptionAsync(new SelectOptionValue { Label = "Wmo-ondersteuning" });
        await page.Field("Trefwoorden").FillAsync("vervoer, vrijwilligers");
        await Expect(page.Field("Tekst")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("## Wat we leerden"));
        await page.Field("Tekst").FillAsync("## Context\n\nOuderen misten de rit.\n\n## Wat we leerden\n\nBel de avond ervoor.");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Pagina opslaan" }));
        await Expect(main).ToContainTextAsync("Les geleerd");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Lessen" }));
        await page.GetByLabel("Trefwoord").SelectOptionAsync("vervoer");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Filteren" }));
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = lesson })).ToBeVisibleAsync();
        await Expect(main).ToContainTextAsync("Bel de avond ervoor.");

        // Upvote a knowledge question.
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Kennisvragen" }));
        var question = main.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Hoe betrekken we scholen bij vroegsignalering in de wijk?" });
        await member.ClickAndLandAsync(question.GetByRole(AriaRole.Button, new() { NameRegex = new("^Dit wil ik ook weten") }));
        await Expect(main).ToContainTextAsync("Je stem is geteld.");
        await Expect(question.GetByRole(AriaRole.Button, new() { NameRegex = new("stem intrekken") })).ToHaveAttributeAsync("aria-pressed", "true");
    });

    [Fact]
    public Task A_coordinator_turns_an_accepted_answer_into_a_lesson_and_both_link_to_each_other() => RunAsync(async () =>
    {
        const string question = "Welke signalen van vaste lasten voorspellen schulden het best?";
        var coordinator = await NewSessionAsync();
        var page = coordinator.Page;
        var main = page.Locator("main");
        await coordinator.SignInAsync(Demo.Bram);
        await coordinator.VisitAsync($"/pilots/{Demo.DiscussionPilot}/discussies");
        await coordinator.ClickAndLandAsync(main.GetByRole(AriaRole.Link, new() { Name = question }));
        var threadPath = new Uri(page.Url).AbsolutePath;

        await coordinator.ClickAndLandAsync(main.GetByRole(AriaRole.Link, new() { Name = "Maak hier een les van" }));
        await Expect(page.Field("Titel")).ToHaveValueAsync("Les: " + question);
        await Expect(page.Field("Tekst")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Antwoord van Bram"));
        // A unique title, so a second run against the same database does not meet its own lesson.
        var lesson = "Les: " + question + " " + Guid.NewGuid().ToString("N")[..4];
        await page.Field("Titel").FillAsync(lesson);
        await coordinator.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Pagina opslaan" }));
        await Expect(main).ToContainTextAsync("Les geleerd");
        await Expect(main).ToContainTextAsync("Uit de vraag:");

        await coordinator.ClickAndLandAsync(main.GetByRole(AriaRole.Link, new() { Name = question, Exact = true }).First);
        Assert.Equal(threadPath, new Uri(page.Url).AbsolutePath);
        await Expect(main).ToContainTextAsync("Vastgelegd als les:");
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = lesson })).ToBeVisibleAsync();
    });

    [Fact]
    public Task Two_editors_at_once_get_a_conflict_page_that_keeps_the_second_text() => RunAsync(async () =>
    {
        var first = await NewSessionAsync();
        await first.SignInAsync(Demo.Anouk);
        var second = await NewSessionAsync();
        await second.SignInAsync(Demo.Admin);
        var url = $"/pilots/{Demo.CompletedPilot}/wiki/werkwijze-praktijkondersteuner-jeugd/bewerken";
        await first.VisitAsync(url);
        await second.VisitAsync(url);
        await first.Page.Field("Tekst").FillAsync("Versie van Anouk.");
        await first.ClickAndLandAsync(first.Page.GetByRole(AriaRole.Button, new() { Name = "Pagina opslaan" }));
        await second.Page.Field("Tekst").FillAsync("Versie van Petra.");
        await second.ClickAndLandAsync(second.Page.GetByRole(AriaRole.Button, new() { Name = "Pagina opslaan" }));
        await Expect(second.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Iemand anders heeft deze pagina opgeslagen");
        await Expect(second.Page.Field("Tekst")).ToHaveValueAsync("Versie van Petra.");
        await Expect(second.Page.GetByLabel("Tekst van de andere versie (alleen lezen)")).ToHaveValueAsync("Versie van Anouk.");
    });
}
