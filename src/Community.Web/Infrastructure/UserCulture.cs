using System.Globalization;
using System.Security.Claims;
using Community.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Community.Web.Infrastructure;

/// <summary>
/// Which language a request gets: <c>?culture=</c> for that one request; for a signed-in user the
/// language stored with the account (also the language of their mail); otherwise the culture cookie
/// that the language switch sets; otherwise Dutch. The stored choice travels as a claim in the
/// sign-in cookie, so it costs no query per request, and the security-stamp check re-reads it within
/// a minute, so a change on one device reaches the others.
/// </summary>
public static class UserCulture
{
    public const string ClaimType = "kp:culture";

    public static string Normalize(string? culture) => culture == "en" ? "en" : "nl";

    /// <summary>Remembers the language in this browser, also after signing out.</summary>
    public static void SetCookie(HttpResponse response, string culture, bool secure) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(Normalize(culture))),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, Secure = secure });
}

/// <summary>Reads the signed-in user's stored language from their claims.</summary>
public sealed class UserCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var culture = httpContext.User.Identity?.IsAuthenticated == true ? httpContext.User.FindFirst(UserCulture.ClaimType)?.Value : null;
        return Task.FromResult(culture is null ? null : new ProviderCultureResult(UserCulture.Normalize(culture)));
    }
}

/// <summary>Puts the stored language into the sign-in cookie's claims.</summary>
public sealed class CultureClaimsPrincipalFactory(UserManager<User> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(UserCulture.ClaimType, UserCulture.Normalize(user.PreferredCulture)));
        return identity;
    }
}

/// <summary>Mail in the recipient's language from the pages' resources, whatever the language of the request that sends it.</summary>
public sealed class ResourceMailLocalizer(IStringLocalizerFactory factory) : Community.Core.Email.IMailLocalizer
{
    private readonly IStringLocalizer t = factory.Create(typeof(SharedResource));

    public string Localize(string culture, string template, params object[] args)
    {
        // The localizer reads the current UI culture; switch it only for this lookup.
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(UserCulture.Normalize(culture));
            return t[template, args].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
