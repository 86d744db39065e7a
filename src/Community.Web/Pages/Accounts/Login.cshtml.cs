using System.ComponentModel.DataAnnotations;
using Community.Core.Accounts;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Community.Web.Pages.Accounts;

[EnableRateLimiting(ServiceSetup.AuthRateLimit)]
public sealed class LoginModel(SignInManager<User> signIn, IStringLocalizer<SharedResource> t, IOptions<SecurityOptions> security) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Vul je e-mailadres in."), EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in.")]
        public string Email { get; init; } = "";
        [Required(ErrorMessage = "Vul je wachtwoord in.")]
        public string Password { get; init; } = "";
        public bool RememberMe { get; init; } = true;
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await signIn.UserManager.FindByEmailAsync(Input.Email.Trim());
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // The account's language wins over a switch made before signing in (one rule: signed in, your stored
            // language); the cookie follows it so the site stays in that language after signing out.
            UserCulture.SetCookie(Response, user!.PreferredCulture, security.Value.RequireHttps);
            return LocalRedirect(Pipeline.IsLocal(ReturnUrl) ? ReturnUrl! : "/");
        }
        var message = result switch
        {
            // Only someone who knows the password learns that an admin blocked the account (and that a reset will not help).
            { IsLockedOut: true } when user!.IsBlockedByAdmin && await signIn.UserManager.CheckPasswordAsync(user, Input.Password) =>
                t["Je account is geblokkeerd door een beheerder. Neem contact op met de beheerder van het Kennisplatform als je denkt dat dit niet klopt."],
            { IsLockedOut: true } when user!.IsBlockedByAdmin => t["Het e-mailadres of wachtwoord klopt niet."],
            { IsLockedOut: true } => t["Je account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het over 15 minuten opnieuw of stel een nieuw wachtwoord in."],
            { IsNotAllowed: true } => t["Bevestig eerst je e-mailadres met de link uit de mail die we je stuurden."],
            _ => t["Het e-mailadres of wachtwoord klopt niet."],
        };
        ModelState.AddModelError("Input.Password", message);
        return Page();
    }
}
