using Community.Core.Accounts;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Pilots;
using Community.EndToEnd.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

public sealed class PilotListTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task A_long_pilot_list_pages_by_24_and_the_next_page_keeps_the_search() => RunAsync(async () =>
    {
        var word = "Paginaproef" + Guid.NewGuid().ToString("N")[..6];
        await CreatePilotsAsync(word, 25);

        var visitor = await NewSessionAsync();
        var page = visitor.Page;
        await visitor.VisitAsync($"/pilots?q={word}&sorteer=Title");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("25 pilots gevonden");
        await Expect(page.Locator("main .kp-card")).ToHaveCountAsync(24);
        var pages = page.GetByRole(AriaRole.Navigation, new() { Name = "Paginering" });
        await Expect(pages.GetByRole(AriaRole.Link, new() { Name = "Pagina 1" })).ToHaveAttributeAsync("aria-current", "page");

        await visitor.ClickAndLandAsync(pages.GetByRole(AriaRole.Link, new() { Name = "Pagina 2" }));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"q={word}.*sorteer=Title.*pagina=2"));
        await Expect(page.Locator("main .kp-card")).ToHaveCountAsync(1);
        await Expect(page.Locator("main .kp-card")).ToContainTextAsync($"{word} 25");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Paginering" })
            .GetByRole(AriaRole.Link, new() { Name = "Pagina 2" })).ToHaveAttributeAsync("aria-current", "page");
    });

    private async Task CreatePilotsAsync(string word, int count)
    {
        var adminEmail = await App.CreateUserAsync("Pagina Beheer", admin: true);
        using var scope = App.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync(adminEmail);
        var pilots = scope.ServiceProvider.GetRequiredService<PilotService>();
        for (var i = 1; i <= count; i++)
            await pilots.CreateAsync(new PilotInput
            {
                // Two-digit numbers so sorting by title puts number 25 alone on page two.
                Title = $"{word} {i:00}", Summary = "Een pilot om de paginering te proberen.", KnowledgeQuestion = "Past alles op één pagina?",
                Phase = PilotPhase.Idea, Visibility = CommunityVisibility.Open,
            }, new Actor(admin!.Id, true));
    }
}
