using System.ComponentModel.DataAnnotations;
using Community.Core.Accounts;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Community.Web.Pages.Accounts;

[EnableRateLimiting(ServiceSetup.AuthRateLimit)]
public sealed class ResendConfirmationModel(AccountService accounts) : PageModel
{
    [BindProperty] public EmailInput Input { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        await accounts.ResendConfirmationAsync(Input.Email, ct);
        Sent = true;
        return Page();
    }
}

public sealed record EmailInput
{
    [Required(ErrorMessage = "Vul je e-mailadres in."), EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in.")]
    public string Email { get; init; } = "";
}
