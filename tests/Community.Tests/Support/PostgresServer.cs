using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Community.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temp dir, started on a free loopback port, deleted on dispose.
/// One shared cluster serves the whole test run (<see cref="SharedAsync"/>); each test class gets its own database.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartSharedAsync);
    private readonly string _root;
    private readonly string _bin;
    private bool _stopped;

    private PostgresServer(string root, string bin, int port)
    {
        _root = root;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The newest installed PostgreSQL's bin directory, or null.</summary>
    public static string? BinDirectory { get; } = FindBinDirectory();

    /// <summary>Set when the PostgreSQL tests must be skipped: no binaries and not in CI. In CI they run and fail loudly instead.</summary>
    public static string? SkipReason =>
        BinDirectory is not null || Tools.InCi ? null
            : "SKIPPED: no PostgreSQL binaries (/usr/lib/postgresql/*/bin/initdb, or KP_TEST_POSTGRES_BIN). Install them with 'apt-get install postgresql'. In CI (CI=true) these tests fail instead of skipping.";

    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = BinDirectory ?? throw new InvalidOperationException(
            "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (or KP_TEST_POSTGRES_BIN). Install the 'postgresql' package (tests/run-all.sh does so when it may).");
        // As root the cluster runs as postgres, which must reach the folder: /tmp rather than a TMPDIR under /root.
        var root = Path.Combine(Tools.IsRoot && Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath(), "kp-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var server = new PostgresServer(root, bin, Tools.FreePort());
        try
        {
            // initdb and postgres refuse to run as root: the cluster belongs to the postgres user then.
            if (Tools.IsRoot) await Tools.RunAsync("chown", ["postgres:postgres", root]);
            await server.RunAsync("initdb", ["-D", server.DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            await server.RunAsync("pg_ctl", ["-D", server.DataDir, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
                $"-c listen_addresses=127.0.0.1 -p {server.Port} -c unix_socket_directories={root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                "start"]);
            server.StartWatchdog();
        }
        catch
        {
            var log = Path.Combine(root, "server.log");
            var detail = File.Exists(log) ? File.ReadAllText(log) : "";
            await server.DisposeAsync();
            if (detail.Length > 0) throw new InvalidOperationException("PostgreSQL did not start:\n" + detail);
            throw;
        }
        return server;
    }

    private string DataDir => Path.Combine(_root, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 15 }.ToString();

    /// <summary>A fresh empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "kp_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Stops the server at once, as a crash or a network cut would.</summary>
    public async Task StopAsync()
    {
        if (_stopped || !Directory.Exists(Path.Combine(DataDir, "global"))) return;
        _stopped = true;
        await RunAsync("pg_ctl", ["-D", DataDir, "-m", "immediate", "-w", "stop"]);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private Task RunAsync(string tool, string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return Tools.IsRoot ? Tools.RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : Tools.RunAsync(path, args);
    }

    private static Task<PostgresServer> StartSharedAsync() => StartAsync();

    /// <summary>
    /// xunit 2 has no assembly fixture, and the test host may be killed right after the last test: a small shell
    /// process waits for this process to end, then stops the cluster and deletes its directory.
    /// </summary>
    private void StartWatchdog()
    {
        var stop = Tools.IsRoot ? $"runuser -u postgres -- '{_bin}/pg_ctl'" : $"'{_bin}/pg_ctl'";
        var script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId}; do sleep 1; done; " +
                     $"{stop} -D '{DataDir}' -m immediate -w stop; rm -rf '{_root}'";
        using var _ = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { UseShellExecute = false });
    }

    /// <summary>KP_TEST_POSTGRES_BIN names the folder with initdb and pg_ctl when they live elsewhere (e.g. Homebrew).</summary>
    private static string? FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable("KP_TEST_POSTGRES_BIN") is { Length: > 0 } configured)
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        if (!Directory.Exists("/usr/lib/postgresql")) return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(x => File.Exists(Path.Combine(x.Dir, "initdb")) && File.Exists(Path.Combine(x.Dir, "pg_ctl")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }
}

public static class Tools
{
    public static bool InCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static bool IsRoot { get; } = Environment.UserName == "root";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, string[] args, bool check = true,
        string? workingDirectory = null, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment)
                if (v is null) start.Environment.Remove(k); else start.Environment[k] = v;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time.");
        }
        var result = (process.ExitCode, await stdout, await stderr);
        if (check && result.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {result.ExitCode}:\n{result.Item2}\n{result.Item3}");
        return result;
    }
}
