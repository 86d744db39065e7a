using Community.EndToEnd.Support;
using Xunit.Abstractions;

namespace Community.EndToEnd;

/// <summary>
/// WCAG 1.4.10 (reflow): at 320 CSS pixels wide, the page scrolls only vertically. Wide tables may scroll inside
/// their own region (the criterion's exception for data tables), never the whole page.
/// </summary>
public sealed class ReflowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task Pages_fit_a_320_pixel_wide_screen() => RunAsync(async () =>
    {
        var admin = await NewSessionAsync();
        await admin.Page.SetViewportSizeAsync(320, 640);
        await admin.SignInAsync(Demo.Admin);
        string[] paths =
        [
            "/", "/pilots", $"/pilots/{Demo.CompletedPilot}", $"/pilots/{Demo.OpenPilot}/leergemeenschap",
            $"/pilots/{Demo.OpenPilot}/leergemeenschap/leden", "/pilots/nieuw", "/leden", "/account/profiel", "/beheer", "/beheer/gebruikers",
        ];
        var tooWide = new List<string>();
        foreach (var path in paths)
        {
            await admin.VisitAsync(path);
            var widths = await admin.Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (widths[0] > widths[1]) tooWide.Add($"{path}: {widths[0]} px wide in a {widths[1]} px window");
        }
        Assert.True(tooWide.Count == 0, "Pages that scroll sideways at 320 px:" + Environment.NewLine + string.Join(Environment.NewLine, tooWide));
    });
}
