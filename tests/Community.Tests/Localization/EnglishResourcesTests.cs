using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Community.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Community.Tests.Localization;

/// <summary>
/// Dutch is the default: the Dutch text in the source is the resource key, and
/// Resources/SharedResource.en.resx holds the English. A visitor who switches to English
/// must never meet a Dutch sentence that someone forgot to translate, nor a broken "{0}".
/// Keys are found in the source by the patterns the code base uses:
/// <c>T["…"]</c>/<c>t["…"]</c>, <c>ErrorMessage = "…"</c>, <c>RuleException("…"</c>, <c>Texts.Key("…")</c>
/// and, for mail, <c>texts.Localize(culture, "…")</c>.
/// </summary>
public sealed class EnglishResourcesTests
{
    private static readonly Regex[] KeyPatterns =
    [
        new(@"\b[Tt]\[\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled),
        new(@"\bErrorMessage\s*=\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled),
        new(@"\bRuleException\(\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled),
        new(@"\bTexts\.Key\(\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled),
        // Mail texts: texts.Localize(culture, "…", …) in Core.
        new(@"\.Localize\(\s*[\w.""]+\s*,\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled),
    ];

    private static readonly Regex Placeholder = new(@"\{(\d+)(?:[,:][^}]*)?\}", RegexOptions.Compiled);

    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Community.sln"))) return dir.FullName;
        throw new InvalidOperationException("Community.sln not found above " + AppContext.BaseDirectory);
    });

    private static string ResxPath => Path.Combine(RepositoryRoot.Value, "src", "Community.Web", "Resources", "SharedResource.en.resx");

    /// <summary>Every key the sources use, with the first file that uses it (for the failure message).</summary>
    internal static Dictionary<string, string> SourceKeys()
    {
        var src = Path.Combine(RepositoryRoot.Value, "src");
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"));
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file))
            {
                // Doc comments show the patterns as examples ("T[\"…\"]"); they are not keys.
                var trimmed = line.TrimStart();
                if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith('*') || trimmed.StartsWith("@*", StringComparison.Ordinal)) continue;
                foreach (var pattern in KeyPatterns)
                    foreach (Match m in pattern.Matches(line))
                        keys.TryAdd(Unescape(m.Groups[1].Value), Path.GetRelativePath(RepositoryRoot.Value, file));
            }
        }
        return keys;
    }

    internal static List<(string Key, string Value)> EnglishEntries() =>
        XDocument.Load(ResxPath).Root!.Elements("data")
            .Select(d => ((string)d.Attribute("name")!, (string?)d.Element("value") ?? ""))
            .ToList();

    [Fact]
    public void Sources_use_resource_keys()
    {
        // Guards the scan itself: if the patterns stopped matching, the other tests would pass on nothing.
        var keys = SourceKeys();
        Assert.Contains("Inloggen", keys.Keys);
        Assert.Contains("Vul je e-mailadres in.", keys.Keys);
        Assert.Contains("Idee", keys.Keys);
        Assert.True(keys.Count > 100, $"only {keys.Count} keys found");
    }

    [Fact]
    public void Every_key_used_in_the_sources_has_an_English_translation()
    {
        var english = EnglishEntries().Where(e => !string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var missing = SourceKeys().Where(k => !english.Contains(k.Key)).Select(k => $"\"{k.Key}\" ({k.Value})").Order().ToList();
        Assert.True(missing.Count == 0, "No English in SharedResource.en.resx for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_English_resources_hold_no_keys_that_no_source_uses()
    {
        var used = SourceKeys();
        var stale = EnglishEntries().Select(e => e.Key).Where(k => !used.ContainsKey(k)).Order().ToList();
        Assert.True(stale.Count == 0, "SharedResource.en.resx has entries no source uses (typo in a key, or text removed):\n" + string.Join("\n", stale));
    }

    [Fact]
    public void Placeholders_are_the_same_in_the_Dutch_key_and_the_English_text()
    {
        static string Holes(string s) => string.Join(",", Placeholder.Matches(s).Select(m => m.Groups[1].Value).Distinct().Order());
        var wrong = EnglishEntries().Where(e => Holes(e.Key) != Holes(e.Value))
            .Select(e => $"\"{e.Key}\" [{Holes(e.Key)}] → \"{e.Value}\" [{Holes(e.Value)}]").ToList();
        Assert.True(wrong.Count == 0, "Placeholders differ:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void No_two_keys_differ_only_by_case()
    {
        // The resx compiler treats names case-insensitively and silently drops the second one.
        static List<string> Clashes(IEnumerable<string> keys) => keys.Distinct(StringComparer.Ordinal)
            .GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => string.Join(" / ", g)).ToList();
        var inResx = Clashes(EnglishEntries().Select(e => e.Key));
        var inSources = Clashes(SourceKeys().Keys);
        var duplicates = EnglishEntries().GroupBy(e => e.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(inResx.Count == 0 && inSources.Count == 0 && duplicates.Count == 0,
            $"Keys clash by case in the resx: {string.Join("; ", inResx)}; in the sources: {string.Join("; ", inSources)}; twice in the resx: {string.Join("; ", duplicates)}");
    }

    [Fact]
    public void The_built_application_shows_English_for_en_and_the_Dutch_key_for_nl_in_pages_and_mail()
    {
        // The same lookup the pages do: proves the resx is compiled into the satellite assembly under the right name.
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var t = factory.Create(typeof(SharedResource));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Sign in", t["Inloggen"].Value);
            Assert.Equal("Use at most 30 tags.", t["Gebruik maximaal {0} trefwoorden.", 30].Value);
            CultureInfo.CurrentUICulture = new CultureInfo("nl");
            Assert.Equal("Inloggen", t["Inloggen"].Value);

            // Mail follows the recipient's language, not the sender's request.
            var mail = new Community.Web.Infrastructure.ResourceMailLocalizer(factory);
            Assert.Equal("Welcome to Pilot X", mail.Localize("en", "Welkom bij {0}", "Pilot X"));
            Assert.Equal("Welkom bij Pilot X", mail.Localize("nl", "Welkom bij {0}", "Pilot X"));
            Assert.Equal("nl", CultureInfo.CurrentUICulture.Name);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static string Unescape(string csharpLiteral) =>
        csharpLiteral.Contains('\\') ? Regex.Unescape(csharpLiteral) : csharpLiteral;
}

/// <summary>
/// The language as a visitor meets it: the whole app on a throw-away SQLite directory with the
/// Development demo content. Self-contained on purpose (no shared harness).
/// </summary>
public sealed class EnglishPagesTests(EnglishPagesTests.App app) : IClassFixture<EnglishPagesTests.App>
{
    public sealed class App : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "kp-english-" + Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Security:RequireHttps", "false");
            builder.UseSetting("Security:AuthRequestsPerMinute", "1000");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private const string DemoPassword = "Kennis-Demo-2026!";
    private static readonly Regex TextNode = new(@">([^<>]+)<", RegexOptions.Compiled);

    private HttpClient Client(string? cultureCookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        if (cultureCookie is not null) client.DefaultRequestHeaders.Add("Cookie", $".AspNetCore.Culture=c={cultureCookie}|uic={cultureCookie}");
        return client;
    }

    private static string Lang(string html) => Regex.Match(html, @"<html lang=""([^""]*)""").Groups[1].Value;
    private static string Title(string html) => System.Net.WebUtility.HtmlDecode(Regex.Match(html, @"<title>([^<]*)</title>").Groups[1].Value.Trim());

    /// <summary>Dutch UI texts (those whose English differs) that show up as a whole text node of the page.</summary>
    private static List<string> DutchChrome(string html)
    {
        var dutch = EnglishResourcesTests.EnglishEntries().Where(e => e.Key != e.Value && !e.Key.Contains('{')).Select(e => e.Key).ToHashSet();
        var body = Regex.Replace(html, @"<(script|style)[^>]*>.*?</\1>", "", RegexOptions.Singleline);
        return TextNode.Matches(body).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim())
            .Where(dutch.Contains).Distinct().ToList();
    }

    private static async Task<string> Token(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return Regex.Match(html, @"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""").Groups[1].Value;
    }

    private static async Task<string> PostAsync(HttpClient client, string path, Dictionary<string, string> form, string? tokenFrom = null)
    {
        form["__RequestVerificationToken"] = await Token(client, tokenFrom ?? path);
        var response = await client.PostAsync(path, new FormUrlEncodedContent(form));
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<string> SignInAsync(HttpClient client, string email) =>
        PostAsync(client, "/account/inloggen", new() { ["Input.Email"] = email, ["Input.Password"] = DemoPassword, ["Input.RememberMe"] = "true" });

    /// <summary>Signs in without a cookie jar, then asks for the home page with the sign-in cookie and a culture cookie of our choosing.</summary>
    private async Task<string> SignedInWithStaleCookieAsync(string email, string staleCulture)
    {
        var raw = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        static string Cookies(HttpResponseMessage r) => string.Join("; ",
            (r.Headers.TryGetValues("Set-Cookie", out var values) ? values : []).Select(v => v.Split(';')[0]).Where(v => !v.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal)));
        var form = await raw.GetAsync("/account/inloggen");
        var token = Regex.Match(await form.Content.ReadAsStringAsync(), @"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/inloggen")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["Input.Password"] = DemoPassword, ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", Cookies(form));
        var signedIn = await raw.SendAsync(post);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        using var get = new HttpRequestMessage(HttpMethod.Get, "/");
        get.Headers.Add("Cookie", $"{Cookies(signedIn)}; .AspNetCore.Culture=c={staleCulture}|uic={staleCulture}");
        return await (await raw.SendAsync(get)).Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("/", "Welcome")]
    [InlineData("/pilots", "Pilots")]
    [InlineData("/account/inloggen", "Sign in")]
    [InlineData("/account/registreren", "Register")]
    [InlineData("/account/wachtwoord-vergeten", "Forgot password")]
    [InlineData("/bestaat-niet", "Page not found")]
    public async Task An_English_visitor_gets_English_chrome_an_English_title_and_lang_en(string path, string title)
    {
        var response = await Client("en").GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("en", Lang(html));
        Assert.Equal($"{title} – Kennisplatform", Title(html));
        Assert.Empty(DutchChrome(html));
    }

    [Fact]
    public async Task A_pilot_page_in_English_has_its_own_title_and_no_Dutch_chrome()
    {
        var client = Client("en");
        var list = await client.GetStringAsync("/pilots");
        var slug = Regex.Match(list, @"href=""/pilots/([a-z0-9-]+)""").Groups[1].Value;
        foreach (var path in new[] { $"/pilots/{slug}", $"/pilots/{slug}/leergemeenschap" })
        {
            var html = await client.GetStringAsync(path);
            Assert.Equal("en", Lang(html));
            Assert.EndsWith(" – Kennisplatform", Title(html));
            Assert.Empty(DutchChrome(html));
        }
    }

    [Fact]
    public async Task Members_writing_is_marked_Dutch_on_English_pages_and_not_marked_on_Dutch_ones()
    {
        var list = await Client("nl").GetStringAsync("/pilots");
        var slug = Regex.Match(list, @"href=""/pilots/([a-z0-9-]+)""").Groups[1].Value;
        const string DutchTitle = @"<h1 class=""utrecht-heading-1"" lang=""nl"">";
        var english = await Client("en").GetStringAsync($"/pilots/{slug}");
        Assert.Contains(DutchTitle, english);
        Assert.Matches(@"<p class=""utrecht-paragraph kp-lead"" lang=""nl"">", english);
        Assert.Contains(@"lang=""nl""><a class=""utrecht-link"" href=""/pilots/", await Client("en").GetStringAsync("/pilots"));
        var dutch = await Client("nl").GetStringAsync($"/pilots/{slug}");
        Assert.DoesNotContain(@"lang=""nl"">", dutch.Replace(@"<html lang=""nl"">", ""));
    }

    [Fact]
    public async Task Without_a_choice_the_site_is_Dutch_whatever_the_browser_asks()
    {
        var client = Client(null);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var html = await client.GetStringAsync("/account/inloggen");
        Assert.Equal("nl", Lang(html));
        Assert.Equal("Inloggen – Kennisplatform", Title(html));
    }

    [Fact]
    public async Task Validation_and_binding_errors_are_English_for_an_English_visitor()
    {
        var client = Client("en");
        var html = await PostAsync(client, "/account/inloggen", new() { ["Input.Email"] = "", ["Input.Password"] = "" });
        Assert.Contains("Enter your email address.", html);
        Assert.Contains("Enter your password.", html);
        Assert.DoesNotContain("Vul je e-mailadres in.", html);

        html = await PostAsync(client, "/account/registreren", new()
        {
            ["Input.DisplayName"] = "Test", ["Input.Email"] = "nieuw@example.org", ["Input.Password"] = "kort", ["Input.ConfirmPassword"] = "kort",
        });
        Assert.Contains("The password must be at least 10 characters long.", html);
    }

    [Fact]
    public async Task A_signed_in_users_stored_language_wins_and_the_header_switch_stores_it()
    {
        // carla's stored language is Dutch: signing in from an English browser shows Dutch.
        var english = Client("en");
        await SignInAsync(english, "carla@kennisplatform.test");
        Assert.Equal("nl", Lang(await english.GetStringAsync("/account/profiel")));

        // The header switch stores English with the account...
        await PostAsync(english, "/taal", new() { ["culture"] = "en", ["returnUrl"] = "/" }, tokenFrom: "/");
        var profile = await english.GetStringAsync("/account/profiel");
        Assert.Equal("en", Lang(profile));
        Assert.Matches(@"<input[^>]*id=""culture-en""[^>]*checked", profile);

        // ...so another browser that still has a Dutch cookie gets English after signing in.
        var dutch = Client("nl");
        await SignInAsync(dutch, "carla@kennisplatform.test");
        Assert.Equal("en", Lang(await dutch.GetStringAsync("/")));

        // A browser still signed in with an old Dutch cookie (another device, before the switch) follows the account too.
        Assert.Equal("en", Lang(await SignedInWithStaleCookieAsync("carla@kennisplatform.test", "nl")));

        // Back to Dutch, so the other tests see the demo as seeded.
        await PostAsync(english, "/taal", new() { ["culture"] = "nl", ["returnUrl"] = "/" }, tokenFrom: "/");
        Assert.Equal("nl", Lang(await english.GetStringAsync("/")));
    }
}
