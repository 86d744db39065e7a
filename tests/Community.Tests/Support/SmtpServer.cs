using System.Diagnostics;

namespace Community.Tests.Support;

/// <summary>
/// A real SMTP server (Debian's python3-aiosmtpd) on a free loopback port that saves every message it receives
/// as an .eml file, with the envelope recipients in an X-Envelope-To header.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    // A handler that writes atomically, so a test never reads half a message.
    private const string Script = """
        import asyncio, os, sys, uuid
        from aiosmtpd.controller import Controller

        folder, port = sys.argv[1], int(sys.argv[2])
        rules_file = os.path.join(os.path.dirname(folder), "rcpt-rules.txt")

        class Save:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                # Lines "address code", read on every RCPT so a test can change them while the server runs.
                try:
                    with open(rules_file) as f:
                        rules = dict(line.split(" ", 1) for line in f.read().splitlines() if line)
                except FileNotFoundError:
                    rules = {}
                code = rules.get(address.lower())
                if code:
                    return code + (" 5.1.1 Mailbox unavailable" if code.startswith("5") else " 4.3.0 Try again later")
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(folder, uuid.uuid4().hex)
                with open(name + ".tmp", "wb") as f:
                    f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
                    f.write(envelope.original_content)
                os.rename(name + ".tmp", name + ".eml")
                return "250 Message accepted"

        controller = Controller(Save(), hostname="127.0.0.1", port=port)
        controller.start()
        print("READY", flush=True)
        sys.stdin.read()  # runs until the test closes stdin or ends
        controller.stop()
        """;

    private static readonly Lazy<bool> Installed = new(() =>
    {
        if (!File.Exists(Python)) return false;
        using var p = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true, RedirectStandardOutput = true });
        p!.WaitForExit(10_000);
        return p.HasExited && p.ExitCode == 0;
    });

    private readonly Process _process;
    private readonly string _root;

    private SmtpServer(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public Mailbox Received => new(Path.Combine(_root, "received"));

    public static string? SkipReason => Installed.Value || Tools.InCi ? null
        : "SKIPPED: no SMTP server for the test (/usr/bin/python3 with aiosmtpd). Install it with 'apt-get install python3-aiosmtpd'. In CI (CI=true) this test fails instead.";

    /// <summary>
    /// Answers RCPT TO for <paramref name="address"/> with <paramref name="code"/> from now on: 550 (the mailbox does not
    /// exist, permanent) or 450/451 (try again later); null answers 250 again.
    /// </summary>
    public void Answer(string address, int? code)
    {
        var file = Path.Combine(_root, "rcpt-rules.txt");
        var rules = File.Exists(file)
            ? File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p[1])
            : [];
        if (code is null) rules.Remove(address.ToLowerInvariant());
        else rules[address.ToLowerInvariant()] = code.Value.ToString();
        File.WriteAllLines(file + ".tmp", rules.Select(r => r.Key + " " + r.Value));
        File.Move(file + ".tmp", file, overwrite: true);
    }

    /// <param name="port">A port chosen beforehand, e.g. one the app was already pointed at while no server listened.</param>
    public static async Task<SmtpServer> StartAsync(int? port = null)
    {
        if (!Installed.Value)
            throw new InvalidOperationException("python3-aiosmtpd is missing (/usr/bin/python3 -c 'import aiosmtpd' fails). Install it: apt-get install python3-aiosmtpd.");
        var root = Path.Combine(Path.GetTempPath(), "kp-smtp-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(root, "received"));
        var script = Path.Combine(root, "smtp_server.py");
        await File.WriteAllTextAsync(script, Script);
        port ??= Tools.FreePort();
        var process = Process.Start(new ProcessStartInfo(Python, [script, Path.Combine(root, "received"), port.Value.ToString()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start the SMTP server.");
        var server = new SmtpServer(process, root, port.Value);
        var ready = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(20))) != ready || await ready != "READY")
        {
            var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "(no answer in 20 s)";
            await server.DisposeAsync();
            throw new InvalidOperationException("The SMTP server did not start: " + error);
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5_000)) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
