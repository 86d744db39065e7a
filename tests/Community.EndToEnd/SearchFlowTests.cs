using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

/// <summary>Search from the header, filter, open a hit; with and without script; axe-clean with results, without and on bad input.</summary>
public sealed class SearchFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private static ILocator HeaderSearch(IPage page) => page.GetByRole(AriaRole.Search, new() { Name = "Zoeken op het platform" });

    /// <summary>The demo content reaches the index shortly after the app starts (the follower builds the empty index first).</summary>
    private static async Task UntilIndexedAsync(Session session)
    {
        for (var i = 0; i < 100; i++)
        {
            var response = await session.Page.APIRequest.GetAsync("/api/search?q=huisarts");
            if ((await response.JsonAsync())!.Value.GetProperty("total").GetInt32() > 0) return;
            await Task.Delay(200);
        }
        Assert.Fail("The demo content was not indexed within 20 s.");
    }

    [Fact]
    public Task A_visitor_searches_from_the_header_with_suggestions_filters_by_type_and_opens_a_hit() => RunAsync(async () =>
    {
        var visitor = await NewSessionAsync();
        var page = visitor.Page;
        await visitor.VisitAsync("/");
        await UntilIndexedAsync(visitor);

        var box = HeaderSearch(page).GetByRole(AriaRole.Combobox, new() { Name = "Zoekwoorden" });
        await box.PressSequentiallyAsync("Praktijk");
        var options = page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option);
        await Expect(options.First).ToBeVisibleAsync();
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        await visitor.CheckAccessibilityAsync("suggestions open");
        await box.PressAsync("ArrowDown");
        await Expect(options.First).ToHaveAttributeAsync("aria-selected", "true");
        await box.PressAsync("Escape");
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "false");

        await box.FillAsync("huisarts");
        await visitor.ClickAndLandAsync(HeaderSearch(page).GetByRole(AriaRole.Button, new() { Name = "Zoeken" }));
        await Expect(page).ToHaveURLAsync(Session.Path("/zoeken?q=huisarts"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("resultaten voor “huisarts”");
        await Expect(page.Locator(".kp-hit mark").First).ToBeVisibleAsync();

        var filters = page.GetByRole(AriaRole.Navigation, new() { Name = "Filters" });
        await visitor.ClickAndLandAsync(filters.GetByRole(AriaRole.Link).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"^\s*Pilot \(\d+\)") }));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/zoeken\?q=huisarts&type=pilot"));
        await Expect(page.Locator(".kp-hit .kp-tag").First).ToHaveTextAsync("Pilot");
        await Expect(filters.Locator("a[aria-current=true]")).ToContainTextAsync("Pilot");

        await visitor.ClickAndLandAsync(page.Locator(".kp-hit h3 a").First);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/pilots/[a-z0-9-]+$"));
    });

    [Fact]
    public Task Searching_filtering_and_paging_work_without_JavaScript() => RunAsync(async () =>
    {
        var visitor = await NewSessionAsync(javaScript: false);
        var page = visitor.Page;
        await visitor.VisitAsync("/");
        await UntilIndexedAsync(visitor);
        await HeaderSearch(page).GetByLabel("Zoekwoorden").FillAsync("jeugdhulp");
        await visitor.ClickAndLandAsync(HeaderSearch(page).GetByRole(AriaRole.Button, new() { Name = "Zoeken" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("resultaten voor “jeugdhulp”");

        await page.Locator("main").GetByLabel("Sorteren op").SelectOptionAsync("datum");
        await visitor.ClickAndLandAsync(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Zoeken" }));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sorteer=datum"));
        await visitor.ClickAndLandAsync(page.GetByRole(AriaRole.Navigation, new() { Name = "Filters" }).GetByRole(AriaRole.Link).First);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sorteer=datum"));
        await visitor.ClickAndLandAsync(page.Locator(".kp-hit h3 a").First);
        Assert.DoesNotContain("/zoeken", page.Url);
    });

    [Fact]
    public Task The_search_pages_pass_axe_with_results_without_results_on_bad_input_and_for_the_admin() => RunAsync(async () =>
    {
        var visitor = await NewSessionAsync();
        var page = visitor.Page;
        await visitor.VisitAsync("/zoeken");
        await UntilIndexedAsync(visitor);
        await visitor.VisitAsync("/zoeken?q=jeugdhulp");
        await visitor.VisitAsync("/zoeken?q=jeugdhulp&type=les&sorteer=datum");
        await visitor.VisitAsync("/zoeken?q=bestaatzekernietxyz");
        await Expect(page.Locator("main")).ToContainTextAsync("Niets gevonden");
        await visitor.VisitAsync("/zoeken?q=jeugdhulp&pagina=-1", expectedStatus: 400);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Kies een pagina van 1 tot en met 500.");
        await visitor.VisitAsync("/zoeken?q=%22((jeugd");

        var admin = await NewSessionAsync();
        await admin.SignInAsync(Demo.Admin);
        await admin.VisitAsync("/zoeken?q=casusoverleg");
        await Expect(admin.Page.Locator("main")).ToContainTextAsync(Demo.ClosedPilotTitle);
        await admin.VisitAsync("/beheer/zoeken");
        await Expect(admin.Page.Locator("main")).ToContainTextAsync("Wmo = Wet maatschappelijke ondersteuning");
        await admin.Page.GetByLabel("Nieuwe groep synoniemen").FillAsync("alleen");
        await admin.ClickAndLandAsync(admin.Page.GetByRole(AriaRole.Button, new() { Name = "Toevoegen" }));
        await Expect(admin.Page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Geef minstens twee woorden");
    });
}
