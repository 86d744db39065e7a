using System.Net;
using Community.Core.Data;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Community.Tests.Operations;

public sealed class OperationsTests(Apps apps) : AppTest(apps)
{
    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task At_start_every_migration_is_applied_reference_data_is_there_and_health_is_200(Db db)
    {
        var app = await App(db);
        var (applied, known, municipalities, themes, pilots) = await app.QueryAsync(async context => (
            (await context.Database.GetAppliedMigrationsAsync()).ToList(),
            context.Database.GetMigrations().ToList(),
            await context.Municipalities.CountAsync(),
            await context.Themes.CountAsync(),
            await context.Pilots.CountAsync()));
        Assert.NotEmpty(known);
        Assert.Equal(known, applied);
        Assert.Equal(DemoSeeder.AchterhoekMunicipalities.Length, municipalities);
        Assert.Equal(DemoSeeder.DefaultThemes.Length, themes);
        Assert.Equal(0, pilots);

        using var browser = app.NewBrowser();
        var health = await browser.GetAsync("/health");
        health.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Healthy", health.Html);
    }

    [Fact]
    public async Task The_sqlite_database_runs_in_write_ahead_log_mode_so_readers_do_not_wait_for_writers()
    {
        var app = await App(Db.Sqlite);
        var mode = await app.QueryAsync(async context =>
        {
            var connection = context.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            return (string?)await command.ExecuteScalarAsync();
        });
        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task Stylesheet_is_compressed_and_cached_for_a_year_while_pages_are_not_compressed()
    {
        var app = await App(Db.Sqlite);
        using var client = app.CreateClient();
        var home = await client.GetStringAsync("/");
        var css = System.Text.RegularExpressions.Regex.Match(home, "/dist/site\\.css\\?v=[^\"]+").Value;
        Assert.NotEmpty(css);

        using var cssRequest = new HttpRequestMessage(HttpMethod.Get, css);
        cssRequest.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var cssResponse = await client.SendAsync(cssRequest);
        cssResponse.EnsureSuccessStatusCode();
        Assert.Contains("br", cssResponse.Content.Headers.ContentEncoding);
        Assert.True(cssResponse.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(365), cssResponse.Headers.CacheControl?.ToString());

        // Pages carry antiforgery tokens: compressing them over HTTPS would open the door to BREACH.
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/account/inloggen");
        pageRequest.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var pageResponse = await client.SendAsync(pageRequest);
        Assert.Empty(pageResponse.Content.Headers.ContentEncoding);
        app.Logs.AssertNoErrors();
    }

    [PostgresFact]
    public async Task Health_is_503_when_postgresql_goes_down_and_pages_fail_politely()
    {
        // A cluster of its own: stopping the shared one would break the other tests.
        await using var server = await PostgresServer.StartAsync();
        await using var app = new AppFactory(Db.PostgreSql, await server.CreateDatabaseAsync());
        _ = app.Server;
        using var browser = app.NewBrowser();
        (await browser.GetAsync("/health")).AssertStatus(HttpStatusCode.OK);
        app.Logs.Clear();

        await server.StopAsync();

        var health = await browser.GetAsync("/health");
        health.AssertStatus(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", health.Html);
        var page = await browser.GetAsync("/pilots");
        page.AssertStatus(HttpStatusCode.InternalServerError);
        Assert.Contains("Er ging aan onze kant iets mis", page.Text);
        Assert.DoesNotContain("Npgsql", page.Html);
        Assert.DoesNotContain("127.0.0.1", page.Html);
        // An unreachable database is worth an error in the log; nothing else is.
        var expected = app.Logs.TakeErrors(e => e.Category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal)
            || e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            || (e.Category.StartsWith("Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal) && e.Exception is Npgsql.NpgsqlException or InvalidOperationException { InnerException: Npgsql.NpgsqlException }));
        Assert.NotEmpty(expected);
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Outside_development_nothing_is_seeded_and_no_demo_password_works()
    {
        await using var app = await AppFactory.CreateAsync(Db.Sqlite, "Production");
        using var browser = app.NewBrowser();
        Assert.Contains("0 pilots gevonden", (await browser.GetAsync("/pilots")).Text);
        var page = await browser.TrySignInAsync("beheer@kennisplatform.test", DemoSeeder.DemoPassword);
        Assert.Equal("Het e-mailadres of wachtwoord klopt niet.", page.ErrorFor("Input.Password"));
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task In_development_the_first_start_seeds_demo_content_with_known_sign_ins()
    {
        await using var app = await AppFactory.CreateAsync(Db.Sqlite, "Development");
        using var browser = app.NewBrowser();
        var pilots = await browser.GetAsync("/pilots");
        Assert.Contains("5 pilots gevonden", pilots.Text);
        Assert.Contains("Praktijkondersteuner jeugd bij de huisarts", pilots.Text);
        await browser.SignInAsync("beheer@kennisplatform.test", DemoSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/beheer")).Status);
        // The seeded closed community stays closed to a demo user who is not in it.
        using var carla = app.NewBrowser();
        await carla.SignInAsync("carla@kennisplatform.test", DemoSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await carla.GetAsync("/pilots/multidisciplinair-casusoverleg-complexe-gezinnen/leergemeenschap")).Status);
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Request_logs_hold_no_addresses_search_terms_ids_or_tokens()
    {
        await using var app = new AppFactory(Db.Sqlite);
        app.Logs.MinimumLevel = Microsoft.Extensions.Logging.LogLevel.Information;
        using var browser = app.NewBrowser();
        var email = AppFactory.UniqueEmail("privacy");
        var form = await browser.GetAsync("/account/registreren");
        (await browser.SubmitAsync(form, form.FormWithField("Input.Email"),
            ("Input.DisplayName", "Priva Cy"), ("Input.Email", email), ("Input.Password", "geheim-wachtwoord-1"), ("Input.ConfirmPassword", "geheim-wachtwoord-1")))
            .AssertStatus(System.Net.HttpStatusCode.OK);
        var link = (await app.Mail.SingleAsync(email, "Bevestig")).LinkTo("/account/bevestigen");
        var code = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query)["code"]!;
        var userId = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query)["userId"]!;
        await browser.GetAsync(link);
        await browser.SignInAsync(email, "geheim-wachtwoord-1");
        await browser.GetAsync("/leden?q=Geheimzoekterm");
        await browser.GetAsync($"/leden/{userId}");

        var entries = app.Logs.Entries;
        Assert.Contains(entries, e => e.Category.EndsWith("RequestLogging", StringComparison.Ordinal) && e.Message.Contains("/leden/{id}", StringComparison.Ordinal));
        foreach (var secret in new[] { email, "Geheimzoekterm", code, userId, "geheim-wachtwoord-1", "Priva Cy" })
            Assert.DoesNotContain(entries, e => e.ToString().Contains(secret, StringComparison.OrdinalIgnoreCase));
        app.Logs.AssertNoErrors();
    }
}
