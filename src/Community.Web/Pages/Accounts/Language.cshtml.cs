using Community.Core.Accounts;
using Community.Core.Common;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Community.Web.Pages.Accounts;

/// <summary>
/// The language switch in the header: sets the culture cookie and goes back. A signed-in user's
/// choice is also stored with the account (the same setting as on the profile page), otherwise the
/// stored language would win again on the next request or the next sign-in.
/// </summary>
public sealed class LanguageModel(IOptions<SecurityOptions> security, ProfileService profiles, SignInManager<User> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl, CancellationToken ct)
    {
        culture = UserCulture.Normalize(culture);
        UserCulture.SetCookie(Response, culture, security.Value.RequireHttps);
        var actor = Actor.From(User);
        if (actor.IsAuthenticated)
        {
            await profiles.SetCultureAsync(culture, actor, ct);
            if (await signIn.UserManager.GetUserAsync(User) is { } user) await signIn.RefreshSignInAsync(user);
        }
        return LocalRedirect(Pipeline.IsLocal(returnUrl) ? WithoutCultureParameters(returnUrl!) : "/");
    }

    // A ?culture= in the page's address beats the cookie, so going back with it would undo the switch.
    private static string WithoutCultureParameters(string url)
    {
        var q = url.IndexOf('?');
        if (q < 0) return url;
        var kept = QueryHelpers.ParseQuery(url[q..])
            .Where(p => !p.Key.Equals("culture", StringComparison.OrdinalIgnoreCase) && !p.Key.Equals("ui-culture", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
        return QueryHelpers.AddQueryString(url[..q], kept);
    }
}
