using System.ComponentModel.DataAnnotations;
using Community.Core.Accounts;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Community.Web.Pages.Accounts;

public sealed class ResendConfirmationModel(AccountService accounts) : EmailRequestPage
{
    protected override Task SendAsync(string email, CancellationToken ct) => accounts.ResendConfirmationAsync(email, ct);
}

/// <summary>
/// A form that asks only for an address and always answers "sent": whether the address has an account
/// is never revealed (the mail itself says what applies).
/// </summary>
[EnableRateLimiting(ServiceSetup.AuthRateLimit)]
public abstract class EmailRequestPage : PageModel
{
    [BindProperty] public EmailInput Input { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        await SendAsync(Input.Email, ct);
        Sent = true;
        return Page();
    }

    protected abstract Task SendAsync(string email, CancellationToken ct);
}

public sealed record EmailInput
{
    [Required(ErrorMessage = "Vul je e-mailadres in."), EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in.")]
    public string Email { get; init; } = "";
}
