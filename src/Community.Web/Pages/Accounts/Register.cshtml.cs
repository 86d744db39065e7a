using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Community.Core.Accounts;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Community.Web.Pages.Accounts;

[EnableRateLimiting(ServiceSetup.AuthRateLimit)]
public sealed class RegisterModel(AccountService accounts) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool Done { get; private set; }

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Vul je naam in."), StringLength(100, ErrorMessage = "Je naam mag maximaal 100 tekens zijn.")]
        public string DisplayName { get; init; } = "";
        [Required(ErrorMessage = "Vul je e-mailadres in."), EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in."), StringLength(256)]
        public string Email { get; init; } = "";
        [Required(ErrorMessage = "Kies een wachtwoord."), StringLength(200, MinimumLength = 10, ErrorMessage = "Het wachtwoord moet minstens 10 tekens lang zijn.")]
        public string Password { get; init; } = "";
        [Required(ErrorMessage = "Herhaal je wachtwoord."), Compare(nameof(Password), ErrorMessage = "De wachtwoorden zijn niet gelijk.")]
        public string ConfirmPassword { get; init; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var culture = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";
        var result = await accounts.RegisterAsync(new Registration(Input.Email, Input.DisplayName, Input.Password, culture),
            Pipeline.IsLocal(ReturnUrl) ? ReturnUrl : null, ct);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code.StartsWith("Password") ? "Input.Password" : "Input.Email", e.Description);
            return Page();
        }
        Done = true;
        return Page();
    }
}
