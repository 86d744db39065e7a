using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

/// <summary>The pages are server-rendered and only enhanced by script; with script off the core flows still work.</summary>
public sealed class WithoutJavaScriptTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task Sign_in_switch_language_join_and_leave_a_community_without_JavaScript() => RunAsync(async () =>
    {
        var email = await App.CreateUserAsync("Noor Zonderscript");
        var member = await NewSessionAsync(javaScript: false);
        var page = member.Page;
        await member.SignInAsync(email);
        await member.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap");
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Word lid" }));
        await Expect(page.Locator("main")).ToContainTextAsync("Je bent lid van deze leergemeenschap.");

        // The confirmation is a script enhancement; without it the form simply submits.
        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "Leergemeenschap verlaten" }));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Word lid" })).ToBeVisibleAsync();

        await member.ClickAndLandAsync(page.GetByRole(AriaRole.Button, new() { Name = "English" }));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
    });
}
