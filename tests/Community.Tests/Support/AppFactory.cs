using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Pilots;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Community.Tests.Support;

public sealed record TestUser(string Id, string Email, string Password, string DisplayName);

/// <summary>
/// The real app in memory on a real database: a SQLite file in a temp data directory, or a PostgreSQL database.
/// Environment "Testing" (not Development: no demo content), mail as .eml files in the temp data directory,
/// and every Warning+ log entry recorded in <see cref="Logs"/>.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = "Test-wachtwoord-2026";
    private static int _counter;
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    public AppFactory(Db db, string? connectionString = null, string environment = "Testing", IDictionary<string, string?>? settings = null)
    {
        Db = db;
        _environment = environment;
        DataDirectory = Path.Combine(Path.GetTempPath(), "kp-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(DataDirectory);
        if (db == Db.PostgreSql && connectionString is null) throw new ArgumentException("PostgreSQL needs a connection string.");
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = db.ToString(),
            ["Database:ConnectionString"] = connectionString ?? "",
            ["Storage:DataDirectory"] = DataDirectory,
            ["Site:PublicUrl"] = "http://localhost",
            ["Security:RequireHttps"] = "false",
            // Tests sign in a lot from one address; the rate-limit test sets its own limit.
            ["Security:AuthRequestsPerMinute"] = "100000",
            ["Email:SmtpHost"] = "",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
    }

    public Db Db { get; }

    public string DataDirectory { get; }

    public LogCapture Logs { get; } = new();

    public Mailbox Mail => new(Path.Combine(DataDirectory, "mail"));

    /// <summary>A fresh app on a fresh database of the given kind (a new PostgreSQL database in the shared cluster).</summary>
    public static async Task<AppFactory> CreateAsync(Db db, string environment = "Testing", IDictionary<string, string?>? settings = null)
    {
        var connectionString = db == Db.PostgreSql ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() : null;
        var app = new AppFactory(db, connectionString, environment, settings);
        // Start now, so that a failing start shows up here and not in the middle of a test.
        _ = app.Server;
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        // Only the capture: the app's console log would drown the test output, and errors fail the test with their text.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs));
        // Identity's 100 000 PBKDF2 rounds per password were most of the run time of tests that sign in hundreds
        // of times. The real hasher still runs; the stored hash records its round count, so the code paths are the same.
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each status code.</summary>
    public Browser NewBrowser() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("http://localhost"),
    }));

    /// <summary>A browser signed in as a new user (created confirmed through Identity, signed in through the login form).</summary>
    public async Task<(Browser Browser, TestUser User)> SignedInAsync(bool admin = false, string? name = null)
    {
        var user = await CreateUserAsync(name: name, admin: admin);
        var browser = NewBrowser();
        await browser.SignInAsync(user.Email, user.Password);
        return (browser, user);
    }

    public async Task<Browser> SignInAsAsync(TestUser user)
    {
        var browser = NewBrowser();
        await browser.SignInAsync(user.Email, user.Password);
        return browser;
    }

    public static string UniqueEmail(string prefix = "user") =>
        $"{prefix}.{Interlocked.Increment(ref _counter)}.{Guid.NewGuid().ToString("N")[..6]}@gemeente.test";

    /// <summary>A confirmed account, made with the real UserManager (as the CLI and seeder do).</summary>
    public async Task<TestUser> CreateUserAsync(string? name = null, bool admin = false, string? email = null, string? municipality = null,
        string? organisation = null, string? tags = null, bool confirmed = true)
    {
        email ??= UniqueEmail();
        name ??= "Tester " + email.Split('@')[0];
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        var user = new User
        {
            UserName = email, Email = email, EmailConfirmed = confirmed, DisplayName = name, Organisation = organisation,
            MunicipalityId = municipality is null ? null : (await db.Municipalities.SingleAsync(m => m.Name == municipality)).Id,
            Tags = ProfileService.ParseTags(tags).Select(t => new ProfileTag { Name = t }).ToList(),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        if (admin) await users.AddToRoleAsync(user, Roles.Admin);
        return new TestUser(user.Id, email, Password, name);
    }

    /// <summary>A pilot made through the real PilotService by <paramref name="admin"/> (who becomes its first coordinator).</summary>
    public async Task<string> CreatePilotAsync(TestUser admin, string? title = null, CommunityVisibility visibility = CommunityVisibility.Open,
        PilotPhase phase = PilotPhase.Execution, string[]? municipalities = null, string[]? themes = null, string? summary = null)
    {
        title ??= "Pilot " + Guid.NewGuid().ToString("N")[..8];
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        var municipalityNames = municipalities ?? [];
        var themeNames = themes ?? [];
        var input = new PilotInput
        {
            Title = title, Summary = summary ?? $"Samenvatting van {title}.", KnowledgeQuestion = $"Wat leren we van {title}?",
            Phase = phase, Visibility = visibility,
            MunicipalityIds = await db.Municipalities.Where(m => municipalityNames.Contains(m.Name)).Select(m => m.Id).ToListAsync(),
            ThemeIds = await db.Themes.Where(t => themeNames.Contains(t.Name)).Select(t => t.Id).ToListAsync(),
        };
        return await scope.ServiceProvider.GetRequiredService<PilotService>().CreateAsync(input, new Actor(admin.Id, true));
    }

    /// <summary>Makes <paramref name="user"/> an active member (or coordinator) through the real CommunityService.</summary>
    public async Task AddMemberAsync(string slug, TestUser user, TestUser admin, bool coordinator = false)
    {
        using var scope = Services.CreateScope();
        var communities = scope.ServiceProvider.GetRequiredService<CommunityService>();
        var status = await communities.JoinAsync(slug, null, new Actor(user.Id, false));
        if (status == MembershipStatus.Requested) await communities.ApproveAsync(slug, user.Id, new Actor(admin.Id, true));
        if (coordinator) await communities.SetRoleAsync(slug, user.Id, MembershipRole.Coordinator, new Actor(admin.Id, true));
    }

    public async Task<T> QueryAsync<T>(Func<CommunityDbContext, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<CommunityDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
