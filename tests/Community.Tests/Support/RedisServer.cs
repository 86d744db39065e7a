using System.Diagnostics;

namespace Community.Tests.Support;

/// <summary>
/// A throwaway Redis (Debian's <c>redis-server</c>) on a free loopback port, in memory only, stopped on dispose; a
/// watchdog stops it when the test process ends first. For the chat on more than one server.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>KP_TEST_REDIS_SERVER names the binary when it lives elsewhere.</summary>
    public static string? Binary { get; } = Environment.GetEnvironmentVariable("KP_TEST_REDIS_SERVER") is { Length: > 0 } configured
        ? (File.Exists(configured) ? configured : null)
        : new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    public static string? SkipReason =>
        Binary is not null || Tools.InCi ? null
            : "SKIPPED: no redis-server (apt-get install redis-server, or KP_TEST_REDIS_SERVER). In CI (CI=true) this test fails instead of skipping.";

    public static async Task<RedisServer> StartAsync()
    {
        var binary = Binary ?? throw new InvalidOperationException("redis-server not found: apt-get install redis-server (tests/run-all.sh does so when it may).");
        var port = Tools.FreePort();
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", Path.GetTempPath() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true) ready.TrySetResult(); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"redis-server exited with {process.ExitCode}."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId} && kill -0 {process.Id}; do sleep 1; done; kill {process.Id}";
        using (Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { UseShellExecute = false })) { }
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new RedisServer(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>A fact that needs redis-server: skipped with the reason without it (and without PostgreSQL), unless CI is set.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute() => Skip = (RedisServer.SkipReason ?? PostgresServer.SkipReason)!;
}
