using Community.Core.Accounts;

namespace Community.Web.Pages.Accounts;

public sealed class ForgotPasswordModel(AccountService accounts) : EmailRequestPage
{
    protected override Task SendAsync(string email, CancellationToken ct) => accounts.ForgotPasswordAsync(email, ct);
}
