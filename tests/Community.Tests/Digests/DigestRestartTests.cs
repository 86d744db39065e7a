using System.Diagnostics;
using Community.Core.Data;
using Community.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Community.Tests.Digests;

/// <summary>
/// The <c>send-digests</c> verb as a real process against a data directory and a real SMTP server, killed with SIGKILL
/// half-way and run again: every due user ends up with exactly one digest.
/// </summary>
public sealed class DigestRestartTests : IDisposable
{
    private const int Members = 150;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kp-digest-" + Guid.NewGuid().ToString("N")[..12]);

    public DigestRestartTests() => Directory.CreateDirectory(_root);

    private string DataDirectory => Path.Combine(_root, "App_Data");

    private ProcessStartInfo Cli(int smtpPort, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Community.Web.dll"), "send-digests", .. options.Length == 0 ? ["--batch-size", "10"] : options,
            $"--Storage:DataDirectory={DataDirectory}", "--Email:SmtpHost=127.0.0.1", $"--Email:SmtpPort={smtpPort}", "--Email:TimeoutSeconds=5",
            "--Site:PublicUrl=https://kennis.test"])
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        return start;
    }

    private async Task<(int Exit, string Output)> RunToEndAsync(int smtpPort, params string[] options)
    {
        using var p = Process.Start(Cli(smtpPort, options))!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await output + await error);
    }

    [SmtpFact]
    public async Task A_run_killed_half_way_and_run_again_gives_every_due_user_exactly_one_digest()
    {
        // The data: made through the real services, then moved into the past so that every member is due now.
        List<string> members;
        await using (var app = await AppFactory.CreateAsync(Db.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Digests:SchedulerEnabled"] = "false",
            ["Email:QueueWorker"] = "false",
        }))
        {
            var admin = await app.CreateUserAsync(admin: true);
            var slug = await app.CreatePilotAsync(admin, "Herstartpilot");
            members = [];
            for (var i = 0; i < Members; i++)
            {
                var u = await app.CreateUserAsync(email: $"lid{i}.{Guid.NewGuid().ToString("N")[..6]}@gemeente.test");
                await app.AddMemberAsync(slug, u, admin);
                members.Add(u.Email);
            }
            await app.CreateThreadAsync(slug, admin, "Wat leerden jullie deze week?");
            await app.QueryAsync(async db =>
            {
                const long Day = 864_000_000_000;
                await db.Database.ExecuteSqlRawAsync($"UPDATE \"AspNetUsers\" SET \"CreatedAt\" = \"CreatedAt\" - {30 * Day}");
                await db.Database.ExecuteSqlRawAsync($"UPDATE \"Threads\" SET \"CreatedAt\" = \"CreatedAt\" - {Day}");
                await db.Database.ExecuteSqlRawAsync($"UPDATE \"Posts\" SET \"CreatedAt\" = \"CreatedAt\" - {Day}");
                return 0;
            });
            // Mail from setting up (membership approvals) is not part of this test.
            await app.QueryAsync(db => db.OutgoingMails.ExecuteDeleteAsync());
        }
        SqliteConnection.ClearAllPools();

        await using var smtp = await SmtpServer.StartAsync();
        int Received() => Directory.GetFiles(smtp.Received.Directory, "*.eml").Length;

        // A dry run for one user prints the digest's text and records and sends nothing.
        var dry = await RunToEndAsync(smtp.Port, "--user", members[0], "--dry-run");
        Assert.True(dry.Exit == 0, dry.Output);
        Assert.Contains("1 digest(s) due.", dry.Output);
        Assert.Contains("Je wekelijkse overzicht: 1 nieuwe vraag in Herstartpilot", dry.Output);
        Assert.Contains("Nieuwe vraag: Wat leerden jullie deze week?", dry.Output);
        Assert.Contains("Dry run: nothing recorded or sent.", dry.Output);
        var dryAll = await RunToEndAsync(smtp.Port, "--dry-run");
        Assert.Contains($"{Members + 1} digest(s) due.", dryAll.Output);
        Assert.Contains("nothing new: not sent", dryAll.Output);
        Assert.Equal(0, Received());
        await using (var db = Open()) Assert.Equal(0, await db.DigestDeliveries.CountAsync());

        // First run: killed (SIGKILL, no cleanup) once some digests have arrived.
        using (var first = Process.Start(Cli(smtp.Port))!)
        {
            _ = first.StandardOutput.ReadToEndAsync();
            _ = first.StandardError.ReadToEndAsync();
            var until = DateTime.UtcNow.AddMinutes(2);
            while (Received() < 15 && !first.HasExited && DateTime.UtcNow < until) await Task.Delay(10);
            Assert.False(first.HasExited, "The first run ended before it could be killed half-way.");
            first.Kill();
            await first.WaitForExitAsync();
        }
        var atKill = Received();
        Assert.InRange(atKill, 15, Members - 1);

        // Second run: composes whoever was not composed, sends what is queued. Mails the killed run had claimed stay
        // leased (the sender's guard against two senders) until the lease runs out.
        var second = await RunToEndAsync(smtp.Port);
        Assert.True(second.Exit == 0, second.Output);
        var leased = await PendingAsync();
        // The lease runs out (minutes in real life); then a third run sends those, with their original Message-ID.
        await ExpireLeasesAsync();
        var third = await RunToEndAsync(smtp.Port);
        Assert.True(third.Exit == 0, third.Output);
        Assert.Contains("0 digest(s) due.", third.Output);
        Assert.Equal(0, await PendingAsync());

        var digests = smtp.Received.All().Where(m => m.Subject.StartsWith("Je wekelijkse overzicht", StringComparison.Ordinal)).ToList();
        var perUser = digests.GroupBy(m => m.To.Single(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        Assert.All(members, m => Assert.True(perUser.ContainsKey(m), $"No digest for {m}"));
        // At most the one mail in flight at the kill (accepted by the server, not yet marked sent) went twice, with the same Message-ID.
        var twice = perUser.Where(kv => kv.Value.Count > 1).ToList();
        Assert.True(twice.Count <= 1, $"{twice.Count} users got more than one digest (kill after {atKill}, {leased} leased)");
        foreach (var (_, mails) in twice)
        {
            Assert.Equal(2, mails.Count);
            Assert.Equal(mails[0].Headers["Message-ID"], mails[1].Headers["Message-ID"]);
        }
        Assert.Equal(Members, perUser.Count);
        Assert.Contains("https://kennis.test/afmelden?t=", digests[0].Text);

        await using var check = Open();
        Assert.Equal(Members + 1, await check.DigestDeliveries.CountAsync());
    }

    [Fact]
    public async Task Send_digests_refuses_bad_arguments_and_says_when_a_user_is_unknown()
    {
        var bad = await RunToEndAsync(Tools.FreePort(), "--batch-size", "0");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("send-digests takes --user <email>", bad.Output);
        var unknown = await RunToEndAsync(Tools.FreePort(), "--user", "niemand@gemeente.test");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("No digest for niemand@gemeente.test: no such user.", unknown.Output);
        var nothing = await RunToEndAsync(Tools.FreePort(), "--dry-run");
        Assert.True(nothing.Exit == 0, nothing.Output);
        Assert.Contains("0 digest(s) due.", nothing.Output);
        Assert.DoesNotContain("Unhandled exception", nothing.Output);
    }

    private CommunityDbContext Open() =>
        new(new DbContextOptionsBuilder<CommunityDbContext>().UseSqlite($"Data Source={Path.Combine(DataDirectory, "community.db")}").Options);

    private async Task<int> PendingAsync()
    {
        await using var db = Open();
        return await db.OutgoingMails.CountAsync(m => m.Status == Community.Core.Email.OutgoingMailStatus.Pending);
    }

    private async Task ExpireLeasesAsync()
    {
        await using var db = Open();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"OutgoingMails\" SET \"LeaseUntil\" = NULL, \"ClaimedBy\" = NULL WHERE \"Status\" = 0");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
