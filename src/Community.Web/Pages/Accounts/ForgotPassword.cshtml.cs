using Community.Core.Accounts;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Community.Web.Pages.Accounts;

[EnableRateLimiting(ServiceSetup.AuthRateLimit)]
public sealed class ForgotPasswordModel(AccountService accounts) : PageModel
{
    [BindProperty] public EmailInput Input { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        await accounts.ForgotPasswordAsync(Input.Email, ct);
        Sent = true;
        return Page();
    }
}
