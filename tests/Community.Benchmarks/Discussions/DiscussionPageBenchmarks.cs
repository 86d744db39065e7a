using System.Net;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Perfolizer.Mathematics.OutlierDetection;
using Community.Benchmarks.Support;
using Community.Core.Discussions;

namespace Community.Benchmarks.Discussions;

/// <summary>
/// The discussion pages over HTTP, as a reader gets them: the built web app in its own process on Kestrel, a SQLite
/// database with a community of 10,000 threads and a question with 200 posts, HttpClient on loopback. Each iteration
/// is one request, so the median and P95 columns are those of single requests; no outlier is removed.
/// </summary>
[Config(typeof(OneRequestPerIteration))]
public partial class DiscussionPageBenchmarks
{
    private string root = null!;
    private WebServer server = null!;
    private HttpClient anonymous = null!;
    private HttpClient member = null!;
    private string threadPath = null!;
    private string listPath = null!;
    private string filteredPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        root = Path.Combine(Path.GetTempPath(), "kp-bench-http-" + Guid.NewGuid().ToString("N")[..8]);
        var corpus = new DiscussionCorpus(root);
        server = new WebServer(root);
        anonymous = NewClient(out _);
        member = NewClient(out var cookies);
        SignIn(member, cookies).GetAwaiter().GetResult();

        threadPath = DiscussionUrls.Thread(DiscussionCorpus.PilotSlug, corpus.BigThreadId, corpus.BigThreadTitle);
        listPath = DiscussionUrls.List(DiscussionCorpus.PilotSlug);
        filteredPath = listPath + "?toon=Unanswered&sorteer=Votes";

        // Sanity: the pages are what they claim (200 posts; a full first page of 25 out of 10,001), then a warm server.
        var thread = Get(member, threadPath).GetAwaiter().GetResult();
        var articles = Regex.Count(thread, "<article class=\"kp-post");
        if (articles != 200) throw new InvalidOperationException($"The thread page shows {articles} posts, expected 200.");
        if (!thread.Contains("name=\"Reply.Body\"", StringComparison.Ordinal)) throw new InvalidOperationException("The member's thread page has no reply form.");
        var list = Get(anonymous, listPath).GetAwaiter().GetResult();
        if (Regex.Count(list, "class=\"kp-thread-item\"") != DiscussionRules.PageSize) throw new InvalidOperationException("The list page is not full.");
        for (var i = 0; i < 30; i++)
            foreach (var (client, path) in new[] { (anonymous, threadPath), (member, threadPath), (anonymous, listPath), (member, listPath), (anonymous, filteredPath) })
                Get(client, path).GetAwaiter().GetResult();
        Console.WriteLine($"// thread page {Encoding(thread)}, list page {Encoding(list)}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        anonymous.Dispose();
        member.Dispose();
        server.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    [Benchmark(Description = "thread, 200 posts, anonymous")]
    public Task<string> ThreadAnonymous() => Get(anonymous, threadPath);

    [Benchmark(Description = "thread, 200 posts, member (action forms)")]
    public Task<string> ThreadMember() => Get(member, threadPath);

    [Benchmark(Description = "list of 10,000, first page, anonymous")]
    public Task<string> ListAnonymous() => Get(anonymous, listPath);

    [Benchmark(Description = "list of 10,000, first page, member")]
    public Task<string> ListMember() => Get(member, listPath);

    [Benchmark(Description = "list, unanswered by votes, anonymous")]
    public Task<string> ListFilteredAnonymous() => Get(anonymous, filteredPath);

    private HttpClient NewClient(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = server.BaseAddress,
        };
    }

    private static async Task<string> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
        return body;
    }

    private static async Task SignIn(HttpClient client, CookieContainer cookies)
    {
        var form = await Get(client, "/account/inloggen");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var response = await client.PostAsync("/account/inloggen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = DiscussionCorpus.MemberEmail, ["Input.Password"] = DiscussionCorpus.MemberPassword, ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect || cookies.Count < 2)
            throw new InvalidOperationException($"Signing in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static string Encoding(string html) => $"{html.Length / 1024} KB";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private sealed class OneRequestPerIteration : ManualConfig
    {
        public OneRequestPerIteration() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Throughput).WithLaunchCount(1).WithWarmupCount(30).WithIterationCount(300)
            .WithInvocationCount(1).WithUnrollFactor(1).WithOutlierMode(OutlierMode.DontRemove).WithId("OneRequestPerIteration"));
    }
}
