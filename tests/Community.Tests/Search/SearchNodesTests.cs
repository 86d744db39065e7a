using System.Diagnostics;
using System.Net;
using System.Text;
using Community.Core.Search;
using Community.Tests.Support;
using Xunit.Abstractions;

namespace Community.Tests.Search;

/// <summary>
/// The built app as separate processes, as an operator runs it: two web nodes on one PostgreSQL, each with its own data
/// folder and index, and the <c>reindex</c> verb.
/// </summary>
public sealed class SearchNodesTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kp-nodes-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<Node> _nodes = [];
    private static string App => Path.Combine(AppContext.BaseDirectory, "Community.Web.dll");

    private Dictionary<string, string?> Environment(string dataDirectory, string? connectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_URLS"] = null,
        ["CI"] = null,
        ["Database__Provider"] = connectionString is null ? "Sqlite" : "PostgreSql",
        ["Database__ConnectionString"] = connectionString ?? "",
        ["Storage__DataDirectory"] = dataDirectory,
        ["Security__RequireHttps"] = "false",
        ["Security__AuthRequestsPerMinute"] = "100000",
        ["Site__PublicUrl"] = "http://localhost",
        ["Email__SmtpHost"] = "",
    };

    private async Task<string> RunAsync(string dataDirectory, string? connectionString, params string[] args)
    {
        var (exit, stdout, stderr) = await Tools.RunAsync("dotnet", [App, .. args], check: false, workingDirectory: _root,
            environment: Environment(dataDirectory, connectionString), timeout: TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, $"{string.Join(' ', args)} exited with {exit}:\n{stdout}\n{stderr}");
        return stdout + "\n" + stderr;
    }

    [PostgresFact]
    public async Task A_post_written_through_one_node_is_found_through_the_other_also_after_a_kill()
    {
        Directory.CreateDirectory(_root);
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var (dir1, dir2) = (Path.Combine(_root, "node1"), Path.Combine(_root, "node2"));
        var email = AppFactory.UniqueEmail("beheer");
        await RunAsync(dir1, connectionString, "seed-demo");
        await RunAsync(dir1, connectionString, "create-admin", "--email", email, "--password", AppFactory.Password);
        var node1 = await StartAsync(dir1, connectionString);
        var node2 = await StartAsync(dir2, connectionString);

        using var writer = node1.Browser();
        await writer.SignInAsync(email, AppFactory.Password);
        const string slug = "praktijkondersteuner-jeugd-bij-de-huisarts";
        (await writer.PostAsync($"/pilots/{slug}/leergemeenschap?handler=Join")).AssertRedirect();
        var word = SearchProbe.Word("knoop");
        (await writer.PostAsync($"/pilots/{slug}/discussies/nieuw", ("Input.Kind", "Question"), ("Input.Title", $"Vraag over {word}"),
            ("Input.Body", "Wie heeft hier ervaring mee?"))).AssertRedirect();
        using var reader = node2.Browser();
        var took = await SearchProbe.FoundAsync(reader, word, extra: "&type=vraag", total: 1);
        output.WriteLine($"Found through the other node after {took.TotalMilliseconds:0} ms (load {File.ReadAllText("/proc/loadavg").Trim()}).");
        // The demo content was there before node 2 started: its empty index was built from the database.
        Assert.True(await SearchProbe.TotalAsync(reader, "huisarts") > 0);

        // kill -9: no shutdown at all. What is written meanwhile is in the outbox, and the restarted node catches up.
        node2.Kill();
        var missed = SearchProbe.Word("gemist");
        (await writer.PostAsync($"/pilots/{slug}/discussies/nieuw", ("Input.Kind", "Discussion"), ("Input.Title", $"Discussie over {missed}"),
            ("Input.Body", "Terwijl de tweede server uit stond."))).AssertRedirect();
        var restarted = await StartAsync(dir2, connectionString);
        using var again = restarted.Browser();
        await SearchProbe.FoundAsync(again, missed);
        await SearchProbe.FoundAsync(again, word, extra: "&type=vraag");
        foreach (var node in _nodes) Assert.DoesNotContain("fail:", node.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reindex_rebuilds_everything_with_progress_and_a_summary_and_the_result_is_searchable()
    {
        Directory.CreateDirectory(_root);
        var data = Path.Combine(_root, "App_Data");
        await RunAsync(data, null, "seed-demo");
        var (exit, stdout, stderr) = await Tools.RunAsync("dotnet", [App, "reindex"], check: false, workingDirectory: _root,
            environment: Environment(data, null), timeout: TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Rebuilding the search index from", stdout);
        Assert.Matches(@"\[#+\] 100% \d+ documents", stderr);
        Assert.Matches(@"Search index rebuilt in \d+[.,]\d s: \d+ documents", stdout);
        Assert.Matches(@"pilot\s+5", stdout);
        Assert.Matches(@"les\s+\d+", stdout);
        Assert.Matches(@"evaluatie\s+1", stdout);
        Assert.Contains("Index size:", stdout);

        using var index = new LuceneSearchIndex(Path.Combine(data, "search"));
        var result = index.Search(new SearchRequest("huisarts", SearchViewer.Anonymous));
        Assert.True(result.Total > 0);
        Assert.True(index.AppliedSequence > 0);
        // The Closed demo pilot's community content is in the index, but not for an anonymous reader.
        Assert.True(index.Search(new SearchRequest("wijk", new SearchViewer(true, new HashSet<int>()))).Total
            >= index.Search(new SearchRequest("wijk", SearchViewer.Anonymous)).Total);
    }

    private async Task<Node> StartAsync(string dataDirectory, string connectionString)
    {
        var port = Tools.FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _root };
        start.ArgumentList.Add(App);
        foreach (var (k, v) in Environment(dataDirectory, connectionString))
            if (v is null) start.Environment.Remove(k); else start.Environment[k] = v;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var node = new Node(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        _nodes.Add(node);
        using var http = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return node;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (node.Process.HasExited || watch.Elapsed > TimeSpan.FromMinutes(2)) Assert.Fail($"The node did not start:\n{node.Log}");
            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes) node.Kill();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class Node
    {
        private readonly StringBuilder _log = new();

        public Node(Process process, Uri address)
        {
            Process = process;
            Address = address;
            process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }
        public Uri Address { get; }

        public string Log
        {
            get { lock (_log) return _log.ToString(); }
        }

        public Browser Browser() => new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = Address });

        /// <summary>SIGKILL to this process (and its children) by its own id: no shutdown, as after a crash.</summary>
        public void Kill()
        {
            try
            {
                if (!Process.HasExited) Process.Kill(entireProcessTree: true);
                Process.WaitForExit(10_000);
            }
            catch (InvalidOperationException) { }
        }
    }
}
