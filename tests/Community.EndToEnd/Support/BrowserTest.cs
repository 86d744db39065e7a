using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Xunit.Abstractions;

namespace Community.EndToEnd.Support;

/// <summary>
/// Base for the flows: hands out browser sessions, and after the flow fails it when axe-core found a
/// violation, the browser reported a script or CSP error, or the app logged an error. On failure it saves
/// a screenshot of every open page under TestResults/screenshots.
/// </summary>
[Collection(EndToEndCollection.Name)]
public abstract class BrowserTest(AppFixture app, ITestOutputHelper output)
{
    private readonly List<Session> sessions = [];
    // Filled from Playwright's event thread while the flow runs.
    private readonly ConcurrentQueue<string> browserErrors = new();

    protected AppFixture App => app;
    protected ITestOutputHelper Output => output;
    protected Accessibility Accessibility { get; } = new();

    protected async Task<Session> NewSessionAsync(bool javaScript = true)
    {
        var session = await Session.OpenAsync(app.Browsers.Browser, app.BaseUrl, Accessibility, browserErrors, javaScript);
        sessions.Add(session);
        return session;
    }

    protected async Task RunAsync(Func<Task> flow, [CallerMemberName] string name = "")
    {
        var mark = app.Log.Count;
        try
        {
            await flow();
            Accessibility.AssertNone();
            Assert.True(browserErrors.IsEmpty, "The browser reported errors:" + Environment.NewLine + string.Join(Environment.NewLine, browserErrors));
            var errors = app.Log.Since(mark);
            Assert.True(errors.Count == 0, "The app logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
        catch
        {
            await ScreenshotAsync(name);
            throw;
        }
        finally
        {
            foreach (var session in sessions) await session.DisposeAsync();
            sessions.Clear();
        }
    }

    private async Task ScreenshotAsync(string name)
    {
        var directory = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));
        Directory.CreateDirectory(directory);
        for (var i = 0; i < sessions.Count; i++)
        {
            try
            {
                var file = Path.Combine(directory, $"{GetType().Name}.{name}.{i + 1}.png");
                await sessions[i].Page.ScreenshotAsync(new() { Path = file, FullPage = true });
                output.WriteLine($"Screenshot of {sessions[i].Page.Url}: {file}");
            }
            catch (Microsoft.Playwright.PlaywrightException e)
            {
                output.WriteLine($"No screenshot: {e.Message}");
            }
        }
    }
}
