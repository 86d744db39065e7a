using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Community.Benchmarks.Support;

/// <summary>
/// The built Community.Web as its own process on Kestrel (Production settings, plain HTTP on loopback), on a given data
/// directory: what a server runs, so a request is measured as a browser would see it, minus the network.
/// </summary>
public sealed partial class WebServer : IDisposable
{
    private readonly Process process;

    public Uri BaseAddress { get; }

    public WebServer(string dataDirectory)
    {
        var repository = FindRepository();
        var web = Path.Combine(repository, "src", "Community.Web");
        // Release first: the benchmark project references the web project, so `dotnet run -c Release` builds it.
        var dll = new[] { "Release", "Debug" }.Select(c => Path.Combine(web, "bin", c, "net10.0", "Community.Web.dll")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"Build src/Community.Web first (no Community.Web.dll under {web}/bin).");
        if (!dll.Contains("Release")) Console.WriteLine($"// Warning: the web app runs from a Debug build: {dll}");
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, $"--Storage:DataDirectory={dataDirectory}", "--Security:RequireHttps=false", $"--Site:PublicUrl={BaseAddress}",
                "--Database:SeedDemoOnStartup=false", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information" },
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        start.Environment["ASPNETCORE_CONTENTROOT"] = web;
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the web app.");
        var started = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.Contains("Application started", StringComparison.Ordinal)) started.TrySetResult();
            if (Interesting().IsMatch(e.Data)) Console.WriteLine("// web: " + e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine("// web (stderr): " + e.Data); };
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The web app exited with code {process.ExitCode}."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!started.Task.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException("The web app did not start within two minutes.");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Community.sln"))) return dir.FullName;
        throw new InvalidOperationException("Community.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("warn|fail|crit|error|exception", RegexOptions.IgnoreCase)]
    private static partial Regex Interesting();
}
