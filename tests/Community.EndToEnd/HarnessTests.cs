using Community.EndToEnd.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Community.EndToEnd;

/// <summary>The harness's own promises; if one breaks, every flow would pass for the wrong reason.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class HarnessTests(AppFixture app)
{
    [Fact]
    public void Errors_the_app_logs_reach_the_capture()
    {
        var mark = app.Log.Count;
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Community.Web.Pages.Probe").LogError("Probe error from the harness test");
        Assert.Contains(app.Log.Since(mark), e => e.Contains("Probe error from the harness test"));
    }

    [Fact]
    public async Task The_app_runs_on_its_own_data_and_mail_folder()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var health = await http.GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        // Never the developer's App_Data: the SQLite file and mail live in a folder of this run.
        var data = app.Services.GetRequiredService<Community.Core.Data.DataPaths>().Root;
        Assert.StartsWith(Path.GetTempPath(), data);
        Assert.Equal(Path.Combine(data, "mail"), app.Mail.Directory);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", app.BaseUrl);
    }
}
