using System.Diagnostics;
using Community.Core.Accounts;
using Community.Core.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Community.Web.Infrastructure;

public static class Pipeline
{
    public static void UseCommunityPipeline(this WebApplication app)
    {
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler("/fout/500");
        if (security.RequireHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
            // UseHttpsRedirection lets plain HTTP through when it cannot tell the HTTPS port (no https endpoint,
            // no HTTPS_PORT, proxy headers not forwarded); every page would then fail with a 500 on the Secure-only
            // antiforgery cookie. Send such visitors to https on the default port instead. /health stays reachable
            // over HTTP for load balancers and container health checks.
            app.Use((context, next) =>
            {
                if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/health")) return next(context);
                var target = UriHelper.BuildAbsolute("https", new HostString(context.Request.Host.Host), context.Request.PathBase,
                    context.Request.Path, context.Request.QueryString);
                context.Response.Redirect(target, permanent: false, preserveMethod: true);
                return Task.CompletedTask;
            });
        }
        app.UseMiddleware<SecurityHeaders>();
        app.UseStatusCodePagesWithReExecute("/fout/{0}");
        app.UseResponseCompression();
        app.UseStaticFiles(new StaticFileOptions
        {
            // Links carry ?v=<content hash> (asp-append-version): such a response never changes, so browsers keep it.
            OnPrepareResponse = context =>
            {
                if (context.Context.Request.Query.ContainsKey("v"))
                    context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });
        app.UseRouting();
        app.UseAuthentication();
        // After authentication: the signed-in user's stored language comes from their claims.
        app.UseRequestLocalization();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHealthChecks("/health").DisableRateLimiting();
        app.MapRazorPages();
        app.MapHub<Community.Web.Hubs.ChatHub>("/hubs/chat");
        app.Lifetime.ApplicationStarted.Register(() => PrintStartBanner(app));
    }

    /// <summary>A path on this site: not "//host" or "/\host", and no control characters (LocalRedirect throws on those).</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    /// <summary>Applies migrations (unless switched off) and seeds reference data; demo content on first start in Development.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        if (options.MigrateOnStartup) await db.Database.MigrateAsync();
        // Write-ahead log: readers no longer wait for a writer, and it stays safe when the process is killed.
        // The setting is stored in the database file, so this only matters on first start.
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        await seeder.SeedReferenceDataAsync();
        if (options.SeedDemoOnStartup ?? app.Environment.IsDevelopment())
        {
            var accounts = await seeder.SeedAsync(knownPasswords: app.Environment.IsDevelopment());
            if (accounts.Count > 0) app.Logger.LogInformation("Demo content seeded: {Count} accounts and five pilots", accounts.Count);
        }
    }

    private static void PrintStartBanner(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses) app.Logger.LogInformation("Kennisplatform listens on {Address}", address);
        if (!app.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(app.Services.GetRequiredService<IOptions<SiteOptions>>().Value.PublicUrl))
            app.Logger.LogWarning("Site:PublicUrl is not set: links in mail point at the listening address. Set it to the public https URL.");
        if (!app.Environment.IsDevelopment()) return;
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var demo = users.Users.Where(u => u.Email!.EndsWith("@kennisplatform.test")).OrderBy(u => u.Email).Select(u => u.Email).ToList();
        var known = demo.Where(email => users.FindByEmailAsync(email!).Result is { } u && users.CheckPasswordAsync(u, DemoSeeder.DemoPassword).Result).ToList();
        if (known.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine($"Demo accounts (Development only), password {DemoSeeder.DemoPassword}:");
        foreach (var email in known) Console.WriteLine($"  {email}");
        foreach (var address in addresses) Console.WriteLine($"Open {address} in your browser.");
        Console.WriteLine();
    }
}

/// <summary>Strict CSP (no inline script or style) and the usual hardening headers.</summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(context);
    }
}

/// <summary>One line per request: method, route template, status, time. No query string, user or address (personal data).</summary>
public sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var endpoint = context.GetEndpoint() as RouteEndpoint;
            var route = endpoint?.RoutePattern.RawText is { } raw ? "/" + raw.TrimStart('/') : StaticOrUnknown(context.Request.Path);
            logger.LogInformation("{Method} {Route} {StatusCode} in {ElapsedMs:0.0} ms", context.Request.Method, route,
                context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    // Paths outside routing may carry ids or tokens (e.g. /uitnodiging/{token} before routing resolves); keep only the first segment.
    private static string StaticOrUnknown(PathString path)
    {
        var value = path.Value ?? "/";
        var second = value.IndexOf('/', 1);
        return second < 0 ? value : value[..second] + "/…";
    }
}
