using System.Net;
using System.Text.RegularExpressions;
using Community.Core.Data;
using Community.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Community.Tests.Cli;

/// <summary>The built web app run as the admin CLI, as an operator would: <c>dotnet Community.Web.dll &lt;verb&gt;</c> in an empty folder.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kp-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public CommandLineTests() => Directory.CreateDirectory(_root);

    private string Database => Path.Combine(_root, "App_Data", "community.db");

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        Tools.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Community.Web.dll"), .. args], check: false, workingDirectory: _root,
            environment: new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = null,
                ["CI"] = null,
            },
            timeout: TimeSpan.FromMinutes(3));

    [Fact]
    public async Task An_unknown_verb_prints_the_usage_and_exits_with_2()
    {
        var (exit, output, error) = await RunAsync("migreer");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown verb 'migreer'", error);
        Assert.Contains("Usage: dotnet run --project src/Community.Web -- <verb>", error);
        Assert.Contains("create-admin --email <address>", error);
        Assert.DoesNotContain("Unhandled exception", output + error);
        Assert.False(File.Exists(Database));
    }

    [Theory]
    [InlineData]
    [InlineData("--email")]
    [InlineData("--email", "geen-adres")]
    public async Task Create_admin_without_a_valid_email_prints_the_usage_and_exits_with_2(params string[] options)
    {
        var (exit, _, error) = await RunAsync(["create-admin", .. options]);
        Assert.Equal(2, exit);
        Assert.Contains("create-admin needs --email <address>", error);
        Assert.Contains("Usage:", error);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_with_0()
    {
        var (exit, output, _) = await RunAsync("help");
        Assert.Equal(0, exit);
        Assert.Contains("migrate", output);
        Assert.Contains("seed-demo", output);
    }

    [Fact]
    public async Task Migrate_creates_the_sqlite_database_and_a_second_run_finds_it_up_to_date()
    {
        var (exit, output, error) = await RunAsync("migrate");
        Assert.True(exit == 0, output + error);
        Assert.Contains("Applying", output);
        Assert.True(File.Exists(Database));
        var tables = await ScalarListAsync("SELECT name FROM sqlite_master WHERE type = 'table'");
        foreach (var table in new[] { "Pilots", "Communities", "Memberships", "AspNetUsers", "Municipalities", "__EFMigrationsHistory" })
            Assert.Contains(table, tables);

        var again = await RunAsync("migrate");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Database is up to date.", again.Output);
    }

    [Fact]
    public async Task Create_admin_makes_a_confirmed_admin_who_can_sign_in_with_the_printed_password()
    {
        var (exit, output, error) = await RunAsync("create-admin", "--email", "eerste.beheerder@gemeente.test");
        Assert.True(exit == 0, output + error);
        var password = Regex.Match(output, @"Temporary password \(shown once\): (\S+)").Groups[1].Value;
        Assert.NotEmpty(password);

        // Running it again for the same address keeps the account and says so.
        var again = await RunAsync("create-admin", "--email", "eerste.beheerder@gemeente.test");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("is now a platform admin", again.Output);

        await using var app = await AppFactory.CreateAsync(Db.Sqlite, "Production",
            new Dictionary<string, string?> { ["Storage:DataDirectory"] = Path.Combine(_root, "App_Data"), ["Security:RequireHttps"] = "false" });
        using var browser = app.NewBrowser();
        await browser.SignInAsync("eerste.beheerder@gemeente.test", password);
        var admin = await browser.GetAsync("/beheer/gebruikers");
        admin.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("eerste.beheerder@gemeente.test", admin.Text);
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Seed_demo_adds_the_demo_content_once_with_random_passwords_outside_development()
    {
        var (exit, output, error) = await RunAsync("seed-demo");
        Assert.True(exit == 0, output + error);
        Assert.Contains("Demo content added: 5 accounts, 5 pilots. Passwords are random", output);
        Assert.DoesNotContain(DemoSeeder.DemoPassword, output);
        Assert.Equal("5", (await ScalarListAsync("SELECT COUNT(*) FROM Pilots")).Single());
        Assert.Equal("8", (await ScalarListAsync("SELECT COUNT(*) FROM Municipalities")).Single());

        var again = await RunAsync("seed-demo");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already there", again.Output);
        Assert.Equal("5", (await ScalarListAsync("SELECT COUNT(*) FROM Pilots")).Single());

        await using var app = await AppFactory.CreateAsync(Db.Sqlite, "Production",
            new Dictionary<string, string?> { ["Storage:DataDirectory"] = Path.Combine(_root, "App_Data") });
        using var browser = app.NewBrowser();
        Assert.Contains("5 pilots gevonden", (await browser.GetAsync("/pilots")).Text);
        var signIn = await browser.TrySignInAsync("beheer@kennisplatform.test", DemoSeeder.DemoPassword);
        Assert.Equal("Het e-mailadres of wachtwoord klopt niet.", signIn.ErrorFor("Input.Password"));
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Import_markdown_makes_wiki_pages_with_progress_and_a_summary_and_a_second_run_adds_nothing()
    {
        Assert.Equal(0, (await RunAsync("seed-demo")).ExitCode);
        var folder = Path.Combine(_root, "notities");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        await File.WriteAllTextAsync(Path.Combine(folder, "huisbezoek.md"), "# Afspraken met schuldeisers\n\nBel vooraf aan. Zie [[Signalen]].");
        await File.WriteAllTextAsync(Path.Combine(folder, "sub", "signalen.md"), "---\ntitle: Signalen\n---\nHuurachterstand van twee maanden.");
        await File.WriteAllTextAsync(Path.Combine(folder, "leeg.txt"), "geen markdown");
        const string pilot = "vroegsignalering-schulden-in-de-wijk";

        var (exit, output, error) = await RunAsync("import-markdown", folder, "--pilot", pilot);
        Assert.True(exit == 0, output + error);
        Assert.Contains($"Importing 2 file(s) into the wiki of {pilot}:", output);
        Assert.Contains("[1/2] huisbezoek.md: nieuwe pagina 'Afspraken met schuldeisers'", output);
        Assert.Contains("Done: 2 new page(s), 0 updated, 0 skipped.", output);
        var titles = await ScalarListAsync("SELECT p.Title FROM WikiPages p JOIN Communities c ON c.Id = p.CommunityId JOIN Pilots x ON x.Id = c.PilotId " +
            $"WHERE x.Slug = '{pilot}' ORDER BY p.Title");
        Assert.Contains("Afspraken met schuldeisers", titles);
        Assert.Contains("Signalen", titles);

        var again = await RunAsync("import-markdown", folder, "--pilot", pilot);
        Assert.Contains("Done: 0 new page(s), 0 updated, 2 skipped.", again.Output);

        var unknown = await RunAsync("import-markdown", folder, "--pilot", "bestaat-niet");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Er is geen pilot met de slug bestaat-niet.", unknown.Error);
        var usage = await RunAsync("import-markdown", folder);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("import-markdown needs a folder and --pilot <slug>.", usage.Error);
    }

    [PostgresFact]
    public async Task Migrate_works_on_postgresql_from_configuration_arguments()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var (exit, output, error) = await RunAsync("migrate", "--Database:Provider=PostgreSql", $"--Database:ConnectionString={connectionString}");
        Assert.True(exit == 0, output + error);
        Assert.Contains("Applying", output);
        var again = await RunAsync("migrate", "--Database:Provider=PostgreSql", $"--Database:ConnectionString={connectionString}");
        Assert.Contains("Database is up to date.", again.Output);
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM \"__EFMigrationsHistory\"", connection);
        Assert.True((long)(await command.ExecuteScalarAsync())! > 0);
    }

    private async Task<List<string>> ScalarListAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
