using System.ComponentModel.DataAnnotations;
using Community.Core.Accounts;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Accounts;

[EnableRateLimiting(ServiceSetup.AuthRateLimit)]
public sealed class ResetPasswordModel(AccountService accounts, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Vul je e-mailadres in."), EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in.")]
        public string Email { get; init; } = "";
        [Required(ErrorMessage = "Deze link is ongeldig of verlopen. Vraag een nieuwe aan.")]
        public string Code { get; init; } = "";
        [Required(ErrorMessage = "Kies een wachtwoord."), StringLength(200, MinimumLength = 10, ErrorMessage = "Het wachtwoord moet minstens 10 tekens lang zijn.")]
        public string Password { get; init; } = "";
        [Required(ErrorMessage = "Herhaal je wachtwoord."), Compare(nameof(Password), ErrorMessage = "De wachtwoorden zijn niet gelijk.")]
        public string ConfirmPassword { get; init; } = "";
    }

    public void OnGet(string? email, string? code) => Input = new InputModel { Email = email ?? "", Code = code ?? "" };

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await accounts.ResetPasswordAsync(Input.Email, Input.Code, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError(e.Code.StartsWith("Password") ? "Input.Password" : "", e.Description);
            return Page();
        }
        TempData["Message"] = t["Je wachtwoord is gewijzigd. Log in met je nieuwe wachtwoord."].Value;
        return LocalRedirect("/account/inloggen");
    }
}
