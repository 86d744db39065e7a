using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Community.EndToEnd;

public sealed class SmokeTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task Home_page_shows_the_platform() => RunAsync(async () =>
    {
        var visitor = await NewSessionAsync();
        await visitor.VisitAsync("/");
        await Assertions.Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "nl");
    });
}
