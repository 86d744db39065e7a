using Community.Core.Accounts;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Accounts;

public sealed class ConfirmEmailModel(AccountService accounts) : PageModel
{
    public bool Confirmed { get; private set; }
    public string? ReturnUrl { get; private set; }

    public async Task OnGetAsync(string? userId, string? code, string? returnUrl)
    {
        Confirmed = userId is not null && code is not null && await accounts.ConfirmEmailAsync(userId, code);
        ReturnUrl = Pipeline.IsLocal(returnUrl) ? returnUrl : null;
        if (!Confirmed) Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
