using Microsoft.Playwright;

namespace Community.EndToEnd.Support;

/// <summary>One Playwright driver and one Chromium for the whole run; each test gets its own context.</summary>
public sealed class Browsers : IAsyncDisposable
{
    /// <summary>Debian's Chromium. `playwright install` downloads browsers, which this closed network cannot do.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("KP_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task StartAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"Chromium was not found at {ExecutablePath}. The end-to-end tests drive Debian's Chromium: " +
                "install it with `sudo apt-get install -y chromium` (tests/run-all.sh does this when it may), " +
                "or point KP_CHROMIUM at another Chromium binary. Do not run `playwright install`.");
        // Two shared cores run the app, the browser and the tests: the 5-second default fails on load, not on bugs.
        Assertions.SetDefaultExpectTimeout(10_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Without the background-networking switches Chromium stalls on start-up on a network without internet.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
    }
}
