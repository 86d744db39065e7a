using System.ComponentModel.DataAnnotations;
using Community.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Accounts;

public sealed class ChangePasswordModel(UserManager<User> users, SignInManager<User> signIn, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Vul je huidige wachtwoord in.")]
        public string CurrentPassword { get; init; } = "";
        [Required(ErrorMessage = "Kies een wachtwoord."), StringLength(200, MinimumLength = 10, ErrorMessage = "Het wachtwoord moet minstens 10 tekens lang zijn.")]
        public string NewPassword { get; init; } = "";
        [Required(ErrorMessage = "Herhaal je wachtwoord."), Compare(nameof(NewPassword), ErrorMessage = "De wachtwoorden zijn niet gelijk.")]
        public string ConfirmPassword { get; init; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "Input.CurrentPassword" : "Input.NewPassword", e.Description);
            return Page();
        }
        // A new security stamp signs out other devices; keep this one signed in.
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = t["Je wachtwoord is gewijzigd."].Value;
        return LocalRedirect("/account/profiel");
    }
}
