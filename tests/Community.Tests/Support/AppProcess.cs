using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Community.Tests.Support;

/// <summary>
/// The built web app as its own process on a loopback port (Production settings, plain HTTP), as one of several servers
/// would run it. Every line it logs is kept; <see cref="Errors"/> are the fail/crit ones.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly ConcurrentQueue<string> _lines = new();

    private AppProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<string> Errors => _lines.Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();

    public string Log => string.Join('\n', _lines);

    public static async Task<AppProcess> StartAsync(IDictionary<string, string> settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "kp-node-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDirectory);
        var baseAddress = new Uri($"http://127.0.0.1:{Tools.FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Community.Web.dll"));
        var all = new Dictionary<string, string>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Security:RequireHttps"] = "false",
            ["Security:AuthRequestsPerMinute"] = "100000",
            ["Site:PublicUrl"] = baseAddress.ToString(),
            ["Database:SeedDemoOnStartup"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (k, v) in settings) all[k] = v;
        foreach (var (k, v) in all) start.ArgumentList.Add($"--{k}={v}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        start.Environment.Remove("CI");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the web app.");
        var node = new AppProcess(process, baseAddress, dataDirectory);
        var started = new TaskCompletionSource();
        void Line(string? line)
        {
            if (line is null) return;
            node._lines.Enqueue(line.Trim());
            if (line.Contains("Application started", StringComparison.Ordinal)) started.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The web app exited with {process.ExitCode}:\n{node.Log}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // The test host may be killed before it disposes this: the node goes with it.
        var script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId} && kill -0 {process.Id}; do sleep 1; done; kill {process.Id}";
        using (Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { UseShellExecute = false })) { }
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>A cookie-keeping client of this node that does not follow redirects, and its cookies (for a hub connection).</summary>
    public (Browser Browser, CookieContainer Cookies) NewBrowser()
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        return (new Browser(http), cookies);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
