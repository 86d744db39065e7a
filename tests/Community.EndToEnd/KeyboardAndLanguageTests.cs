using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

public sealed class KeyboardAndLanguageTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/pilots")]
    [InlineData("/pilots/" + Demo.CompletedPilot)]
    public Task The_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(string path) => RunAsync(async () =>
    {
        var visitor = await NewSessionAsync();
        var page = visitor.Page;
        await visitor.VisitAsync(path);

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Naar de inhoud" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        // Focus must be visible (WCAG 2.4.7): an outline or, as some themes do, a box shadow.
        var indicator = await skip.EvaluateAsync<string>("e => { const s = getComputedStyle(e); return s.outlineStyle + '|' + s.boxShadow; }");
        Assert.False(indicator == "none|none", $"The focused skip link shows no focus indicator ({indicator}).");

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        // The next Tab continues inside the content, not back in the header.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"),
            "After the skip link, Tab should go to the first control in the main content.");
    });

    [Fact]
    public Task Every_control_reached_by_Tab_shows_where_the_focus_is() => RunAsync(async () =>
    {
        var admin = await NewSessionAsync();
        var page = admin.Page;
        await admin.SignInAsync(Demo.Admin);
        var invisible = new List<string>();
        foreach (var path in new[] { "/", "/pilots", $"/pilots/{Demo.CompletedPilot}", "/pilots/nieuw", "/zoeken?q=jeugd" })
        {
            await admin.VisitAsync(path);
            var seen = new HashSet<string>();
            for (var i = 0; i < 60; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                var focus = await page.EvaluateAsync<string[]>("""
                    () => {
                        const e = document.activeElement;
                        if (!e || e === document.body) return null;
                        const s = getComputedStyle(e);
                        const name = (e.getAttribute('aria-label') || e.textContent || e.getAttribute('name') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
                        return [e.tagName.toLowerCase() + ' "' + name + '"', s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none' ? 'yes' : 'no'];
                    }
                    """);
                if (focus is null || !seen.Add(focus[0])) continue;
                if (focus[1] == "no") invisible.Add($"{path}: {focus[0]}");
            }
        }
        Assert.True(invisible.Count == 0, "Focused without a visible indicator (WCAG 2.4.7):" + Environment.NewLine + string.Join(Environment.NewLine, invisible));
    });

    [Fact]
    public Task The_language_switch_turns_the_interface_English_and_back() => RunAsync(async () =>
    {
        var visitor = await NewSessionAsync();
        var page = visitor.Page;
        await visitor.VisitAsync("/pilots?fase=Execution");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");

        await visitor.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "English" }));
        // Back on the same page, filters kept, in English.
        await Expect(page).ToHaveURLAsync(Session.Path("/pilots?fase=Execution"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        var back = page.GetByRole(AriaRole.Button, new() { Name = "Nederlands" });
        await Expect(back).ToHaveAttributeAsync("lang", "nl");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" })).ToBeVisibleAsync();

        // The choice sticks while browsing.
        await visitor.VisitAsync($"/pilots/{Demo.CompletedPilot}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await visitor.ClickAndLandAsync(back);
        await Expect(page).ToHaveURLAsync(Session.Path($"/pilots/{Demo.CompletedPilot}"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Naar de inhoud" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "English" })).ToHaveAttributeAsync("lang", "en");
    });
}
