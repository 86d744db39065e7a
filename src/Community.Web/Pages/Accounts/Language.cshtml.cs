using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Community.Web.Pages.Accounts;

/// <summary>The language switch in the header: sets the culture cookie and goes back.</summary>
public sealed class LanguageModel(IOptions<SecurityOptions> security) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        culture = culture == "en" ? "en" : "nl";
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, Secure = security.Value.RequireHttps });
        return LocalRedirect(Pipeline.IsLocal(returnUrl) ? returnUrl! : "/");
    }
}
