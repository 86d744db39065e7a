using System.Globalization;
using System.Threading.RateLimiting;
using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Chat;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Core.Data;
using Community.Core.Email;
using Community.Core.KnowledgeQuestions;
using Community.Core.Pilots;
using Community.Core.Search;
using Community.Core.Wiki;
using Community.Web.Hubs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Community.Web.Infrastructure;

public static class ServiceSetup
{
    public static readonly CultureInfo[] Cultures = [new("nl"), new("en")];
    public const string AuthRateLimit = "auth";

    public static void AddCommunityServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) || (Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"),
                "Site:PublicUrl must be empty or an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var storage = config.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var dataDirectory = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, storage.DataDirectory));
        Directory.CreateDirectory(dataDirectory);
        services.AddSingleton(new DataPaths(dataDirectory));
        services.AddSingleton(TimeProvider.System);
        // Keys beside the data, so sign-in cookies survive a restart or a new container.
        services.AddDataProtection().SetApplicationName("Kennisplatform")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

        services.AddDbContext<CommunityDbContext>((sp, options) =>
        {
            DatabaseSetup.Configure(options, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, dataDirectory);
            // A failed command or save surfaces as an exception, which the host logs as an error when nothing handles it.
            // EF's own error lines also fired for the failures the code does handle (a double-click racing the unique
            // membership index; Npgsql probing __EFMigrationsHistory on a fresh database), so they are warnings.
            options.ConfigureWarnings(w => w.Log(
                (RelationalEventId.CommandError, LogLevel.Warning),
                (CoreEventId.SaveChangesFailed, LogLevel.Warning)));
        });

        services.AddIdentity<User, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<CommunityDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<DutchIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<CultureClaimsPrincipalFactory>();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        var security = config.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/inloggen";
            o.LogoutPath = "/account/uitloggen";
            o.AccessDeniedPath = "/fout/403";
            o.Cookie.Name = "kp.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = security.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            // A signed-in user without the right gets a 403 (rendered by the status-code page), not a redirect.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "kp.af";
            o.Cookie.SecurePolicy = security.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("nl");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Dutch unless the visitor chose otherwise: the browser's Accept-Language is deliberately ignored.
            // A signed-in user's stored language beats the cookie (see UserCulture).
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new UserCultureProvider(), new CookieRequestCultureProvider()];
        });

        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/Admin", "Admin");
                o.Conventions.AuthorizePage("/Accounts/Profile");
                o.Conventions.AuthorizePage("/Accounts/ChangePassword");
                o.Conventions.AuthorizePage("/Accounts/Members");
                o.Conventions.AuthorizePage("/Accounts/Person");
                o.Conventions.AuthorizePage("/Chat/Mine");
            })
            .AddMvcOptions(o => o.Filters.Add<DomainExceptionFilter>())
            .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Mvc.MvcOptions>, LocalizedModelBindingMessages>();
        services.AddAuthorizationBuilder().AddPolicy("Admin", p => p.RequireRole(Roles.Admin));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only the posts count: showing the sign-in form is free.
            o.AddPolicy(AuthRateLimit, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.AuthRequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });

        services.AddResponseCompression(o =>
        {
            // Static assets only: compressing pages that carry antiforgery tokens over HTTPS invites BREACH.
            o.EnableForHttps = true;
            o.MimeTypes = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"];
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        services.AddHealthChecks().AddDbContextCheck<CommunityDbContext>("database");
        services.AddHttpContextAccessor();
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        services.AddSingleton<IPublicUrl, PublicUrl>();
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        services.AddSingleton<IMailLocalizer, ResourceMailLocalizer>();
        services.AddScoped<AccountService>();
        services.AddScoped<ProfileService>();
        services.AddScoped<PilotService>();
        services.AddScoped<CommunityService>();
        services.AddScoped<AdminService>();
        services.AddScoped<DiscussionService>();
        services.AddScoped<ModerationService>();
        services.AddScoped<NotificationService>();
        services.AddScoped<WikiService>();
        services.AddScoped<KnowledgeQuestionService>();
        services.AddScoped<EvaluationService>();
        services.AddScoped<DemoSeeder>();

        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // One per process: Lucene allows one writer per index directory, and searchers are shared across requests.
        services.AddSingleton<LuceneSearchIndex>();
        services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<LuceneSearchIndex>());

        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ChatLimiter>();
        services.AddSingleton<ChatConnections>();
        services.AddSingleton<ChatHubEvents>();
        services.AddSingleton<IChatEvents>(sp => sp.GetRequiredService<ChatHubEvents>());
        services.AddSingleton<IMembershipEvents>(sp => sp.GetRequiredService<ChatHubEvents>());
        services.AddScoped<ChatService>();
        // A chat message is at most 4,000 characters; JSON escaping can triple that, so allow 64 KB per hub message.
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024);

        // Search: the index itself (ISearchIndex) is registered by the engine; these follow the outbox into it and query it.
        services.AddOptions<SearchFollowerOptions>().BindConfiguration(SearchFollowerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SearchSynonymCache>();
        services.AddScoped<SearchRebuilder>();
        services.AddScoped<SearchService>();
        services.AddScoped<SearchAdminService>();
        services.AddSingleton<SearchFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<SearchFollower>());
    }
}
