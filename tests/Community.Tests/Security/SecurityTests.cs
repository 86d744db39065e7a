using System.Net;
using Community.Tests.Support;

namespace Community.Tests.Security;

public sealed class SecurityTests(Apps apps) : AppTest(apps)
{
    [Theory]
    [InlineData("/account/inloggen", false)]
    [InlineData("/account/registreren", false)]
    [InlineData("/account/profiel", true)]
    [InlineData("/beheer/themas?handler=Add", true)]
    public async Task A_post_without_a_valid_antiforgery_token_is_refused_with_400(string url, bool signedIn)
    {
        var app = await App();
        var browser = signedIn ? (await app.SignedInAsync(admin: true)).Browser : app.NewBrowser();
        using var _ = browser;
        var fields = new[] { ("Input.Email", "a@b.test"), ("Input.Password", "wachtwoord-123"), ("Input.DisplayName", "Zonder token"), ("Name", "Zonder token") };

        var missing = await browser.PostAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), antiforgery: false);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains("Ongeldig verzoek", missing.Text);

        var forged = await browser.PostAsync(url, fields.Append(("__RequestVerificationToken", "CfDJ8-vervalst"))
            .Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), antiforgery: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);

        // A token of another visitor does not do either.
        using var other = app.NewBrowser();
        var foreign = await browser.PostAsync(url, fields.Append(("__RequestVerificationToken", await other.TokenAsync()))
            .Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), antiforgery: false);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.Status);
        if (signedIn) Assert.DoesNotContain("Zonder token", (await browser.GetAsync("/beheer/themas")).Text);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/pilots")]
    [InlineData("/account/inloggen")]
    [InlineData("/bestaat-niet")]
    [InlineData("/health")]
    public async Task Every_response_has_the_security_headers_and_a_strict_csp(string url)
    {
        var app = await App();
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync(url);
        var headers = page.Response.Headers;
        var csp = string.Join(";", headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d);
        var scripts = directives.GetValueOrDefault("script-src") ?? directives["default-src"];
        Assert.DoesNotContain("'unsafe-inline'", scripts);
        Assert.DoesNotContain("'unsafe-eval'", scripts);
        Assert.DoesNotContain("*", scripts);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_have_no_inline_scripts_or_event_handlers_that_the_csp_would_block()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        using var browser = await app.SignInAsAsync(admin);
        foreach (var url in new[] { "/", "/pilots", $"/pilots/{slug}", $"/pilots/{slug}/bewerken", $"/pilots/{slug}/leergemeenschap",
                     $"/pilots/{slug}/leergemeenschap/leden", "/pilots/nieuw", "/leden", "/account/profiel", "/beheer", "/beheer/gebruikers", "/beheer/gemeenten" })
        {
            var page = await browser.GetAsync(url);
            page.AssertStatus(HttpStatusCode.OK);
            Assert.All(page.Document.QuerySelectorAll("script"), s => Assert.True(s.HasAttribute("src"), $"inline script on {url}"));
            Assert.DoesNotContain(page.Document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
            Assert.DoesNotContain(page.Document.All, e => e.HasAttribute("style"));
        }
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_and_same_site()
    {
        var app = await App();
        var user = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var result = await browser.TrySignInAsync(user.Email, user.Password);
        result.AssertRedirect("/");
        var cookie = result.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kp.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
    }

    [Theory]
    [InlineData("//evil.example/pad")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("/\r\nSet-Cookie: x=1")]
    [InlineData("/x\n")]
    public async Task Sign_in_and_the_language_switch_never_redirect_to_another_site(string returnUrl)
    {
        var app = await App();
        var user = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var signedIn = await browser.TrySignInAsync(user.Email, user.Password, returnUrl);
        signedIn.AssertRedirect("/");
        Assert.Equal("/", signedIn.Location);
        var language = await browser.PostAsync("/taal", ("culture", "en"), ("returnUrl", returnUrl));
        Assert.Equal("/", language.Location);
    }

    [Fact]
    public async Task A_forged_host_header_does_not_end_up_in_the_reset_link()
    {
        var app = await App();
        var user = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync("/account/wachtwoord-vergeten");
        var token = page.Document.QuerySelector("form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/wachtwoord-vergeten")
        {
            Content = new FormUrlEncodedContent([new("Input.Email", user.Email), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Host = "evil.example";
        using var response = await browser.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mail = await app.Mail.SingleAsync(user.Email, "Nieuw wachtwoord");
        Assert.DoesNotContain("evil.example", mail.Text);
        Assert.StartsWith("http://localhost/account/wachtwoord-herstellen?", mail.AbsoluteLinkTo("/account/wachtwoord-herstellen"));
    }
}

public sealed class HttpsApps : Apps
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Security:RequireHttps"] = "true" };
}

/// <summary>The default outside Development: HTTPS only, HSTS, Secure cookies.</summary>
public sealed class HttpsTests(HttpsApps apps) : AppTest<HttpsApps>(apps)
{
    [Fact]
    public async Task Plain_http_is_redirected_to_https()
    {
        var app = await App();
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync("http://kennis.example.nl/pilots");
        Assert.True((int)page.Status is 301 or 302 or 307 or 308, $"{page.Status}");
        Assert.Equal("https://kennis.example.nl/pilots?fase=Idea", (await browser.GetAsync("http://kennis.example.nl/pilots?fase=Idea")).Location);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("http://kennis.example.nl/health")).Status);
    }

    [Fact]
    public async Task Over_https_there_is_hsts_and_cookies_are_secure()
    {
        var app = await App();
        var user = await app.CreateUserAsync();
        using var browser = app.NewBrowser();
        browser.Http.BaseAddress = new Uri("https://kennis.example.nl");
        var login = await browser.GetAsync("/account/inloggen");
        login.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("max-age=31536000", string.Join(",", login.Response.Headers.GetValues("Strict-Transport-Security")));
        var signedIn = await browser.SubmitAsync(login, login.FormWithField("Input.Email"), ("Input.Email", user.Email), ("Input.Password", user.Password));
        signedIn.AssertRedirect("/");
        var cookies = signedIn.Response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("kp.auth=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("secure", c.ToLowerInvariant()));
    }
}

public sealed class RateLimitedApps : Apps
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Security:AuthRequestsPerMinute"] = "4" };
}

public sealed class RateLimitTests(RateLimitedApps apps) : AppTest<RateLimitedApps>(apps)
{
    [Fact]
    public async Task Sign_in_registration_and_password_reset_posts_get_429_after_the_limit()
    {
        var app = await App();
        using var browser = app.NewBrowser();
        for (var i = 0; i < 4; i++)
        {
            var attempt = await browser.TrySignInAsync("iemand@gemeente.test", "verkeerd-wachtwoord");
            attempt.AssertStatus(HttpStatusCode.OK);
        }
        var limited = await browser.TrySignInAsync("iemand@gemeente.test", "verkeerd-wachtwoord");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Contains("Er kwamen te veel pogingen achter elkaar.", limited.Text);

        foreach (var (url, field) in new[] { ("/account/registreren", "Input.Email"), ("/account/wachtwoord-vergeten", "Input.Email"),
                     ("/account/wachtwoord-herstellen", "Input.Email"), ("/account/bevestiging-opnieuw", "Input.Email") })
        {
            var form = await browser.GetAsync(url);
            form.AssertStatus(HttpStatusCode.OK);
            var post = await browser.SubmitAsync(form, form.FormWithField(field), (field, "iemand@gemeente.test"));
            Assert.True(post.Status == HttpStatusCode.TooManyRequests, $"{url}: {post.Status}");
        }
        Assert.Empty(app.Mail.All());

        // Other pages are not limited.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/pilots")).Status);
    }
}
