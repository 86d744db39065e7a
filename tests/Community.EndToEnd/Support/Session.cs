using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Community.EndToEnd.Support;

/// <summary>One person in their own browser context. Every page they reach is checked with axe-core.</summary>
public sealed class Session(IBrowserContext context, IPage page, Accessibility accessibility) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;
    public IPage Page { get; } = page;

    private bool auditing;
    private bool audits = true;

    public static async Task<Session> OpenAsync(IBrowser browser, string baseUrl, Accessibility accessibility, ConcurrentQueue<string> browserErrors,
        bool javaScript = true)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "nl-NL", JavaScriptEnabled = javaScript });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        // With script off, Playwright cannot evaluate axe in the page either; those pages are checked with script on elsewhere.
        var session = new Session(context, page, accessibility) { audits = javaScript };
        // A script blocked by the CSP or throwing is a bug a user would notice (a dead button), even if no test clicks it.
        page.PageError += (_, error) => browserErrors.Enqueue($"{page.Url}: script error: {error}");
        page.Console += (_, message) =>
        {
            // axe-core's CSSOM preload copies the page's stylesheets into <style> elements, which the strict CSP rightly
            // blocks; events arrive in order, so whatever is reported while axe runs is axe's, not the app's.
            if (message.Type == "error" && !session.auditing && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                browserErrors.Enqueue($"{page.Url}: {message.Text}");
        };
        return session;
    }

    /// <summary>Runs axe-core on the page as it is now (also after a change without navigation, such as an opened disclosure).</summary>
    public async Task CheckAccessibilityAsync(string? state = null)
    {
        if (!audits) return;
        auditing = true;
        try
        {
            // Page.EvaluateAsync has no timeout of its own; a stuck page must fail the test, not hang the run.
            await accessibility.CheckAsync(Page, state).WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            auditing = false;
        }
    }

    /// <summary>Goes to a path and checks the page; fails on an unexpected status.</summary>
    public async Task<IResponse> VisitAsync(string path, int expectedStatus = 200)
    {
        var response = await Page.GotoAsync(path) ?? throw new InvalidOperationException($"No response for {path}.");
        Assert.True(response.Status == expectedStatus, $"GET {path} answered {response.Status}, expected {expectedStatus}.");
        await CheckAccessibilityAsync();
        return response;
    }

    /// <summary>Clicks something that navigates (a link, a submit button) and checks the page it lands on.</summary>
    public async Task ClickAndLandAsync(ILocator target)
    {
#pragma warning disable CS0612 // Deprecated as racy for navigations started elsewhere; here the listener is set before the click that starts it.
        await Page.RunAndWaitForNavigationAsync(() => target.ClickAsync());
#pragma warning restore CS0612
        await CheckAccessibilityAsync();
    }

    public async Task SignInAsync(string email, string password = AppFixture.DemoPassword)
    {
        await VisitAsync("/account/inloggen");
        await Page.GetByLabel("E-mailadres").FillAsync(email);
        await Page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync(password);
        await ClickAndLandAsync(Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Inloggen" }));
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" })).ToBeVisibleAsync();
    }

    public async Task SignOutAsync()
    {
        await ClickAndLandAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }));
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Inloggen" })).ToBeVisibleAsync();
    }

    public static Regex Path(string path) => new("^https?://[^/]+" + Regex.Escape(path) + "([?#].*)?$");

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
