using Community.Core.Accounts;
using Community.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Community.EndToEnd.Support;

/// <summary>
/// The real app on Kestrel (loopback, free port) with its own SQLite file and mail folder, seeded
/// with the Development demo content, plus one Chromium for the whole run.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string DemoPassword = DemoSeeder.DemoPassword;

    private readonly string root = Path.Combine(Path.GetTempPath(), "kp-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private KennisplatformFactory? factory;

    public string BaseUrl { get; private set; } = "";
    public Mailbox Mail { get; private set; } = null!;
    public ErrorLog Log { get; } = new();
    public Browsers Browsers { get; } = new();
    public IServiceProvider Services => factory!.Services;

    public async Task InitializeAsync()
    {
        // The browser first: without Chromium there is nothing to test, so fail fast with how to install it.
        await Browsers.StartAsync();
        Directory.CreateDirectory(root);
        Mail = new Mailbox(Path.Combine(root, "mail"));
        factory = new KennisplatformFactory(root, Log);
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        BaseUrl = addresses.First().Replace("[::1]", "127.0.0.1").TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        await Browsers.DisposeAsync();
        if (factory is not null) await factory.DisposeAsync();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A confirmed account with a unique address, so flows never depend on each other's state.</summary>
    public async Task<string> CreateUserAsync(string displayName, bool admin = false)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var email = $"{displayName.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid():N}"[..24] + "@e2e.test";
        var user = new User
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var result = await users.CreateAsync(user, DemoPassword);
        if (result.Succeeded && admin) result = await users.AddToRoleAsync(user, Roles.Admin);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        return email;
    }

    private sealed class KennisplatformFactory(string root, ErrorLog log) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Development: demo content with known passwords and plain HTTP, as after `dotnet run`.
            builder.UseEnvironment("Development");
            builder.UseSetting("Storage:DataDirectory", root);
            builder.UseSetting("Email:SmtpHost", "");
            builder.UseSetting("Email:PickupDirectory", "mail");
            builder.UseSetting("Site:PublicUrl", "");
            builder.UseSetting("Security:RequireHttps", "false");
            // Every flow signs in from the same loopback address; the real limit would throttle the suite, not test it.
            builder.UseSetting("Security:AuthRequestsPerMinute", "10000");
            // Request lines would drown the test output; errors still reach the capture below.
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureLogging(logging => logging.AddProvider(log));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "End to end";
}
