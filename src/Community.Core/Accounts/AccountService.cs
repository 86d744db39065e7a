using System.Text;
using Community.Core.Common;
using Community.Core.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Community.Core.Accounts;

public sealed record Registration(string Email, string DisplayName, string Password, string Culture);

/// <summary>Registration, confirmation and password flows. Signing in is the web layer's (cookies).</summary>
public sealed class AccountService(UserManager<User> users, IEmailSender mail, IPublicUrl urls, TimeProvider clock, IMailLocalizer? texts = null)
{
    private readonly AccountMails mails = new(texts ?? DutchMailLocalizer.Instance);

    public async Task<IdentityResult> RegisterAsync(Registration input, string? returnUrl, CancellationToken ct = default)
    {
        // [EmailAddress] lets through addresses such as "te..st@example.nl" that no mail can be sent to:
        // refuse them here, before an account exists that could never be confirmed.
        if (!System.Net.Mail.MailAddress.TryCreate(input.Email.Trim(), out _))
            return IdentityResult.Failed(users.ErrorDescriber.InvalidEmail(input.Email));
        var user = new User
        {
            UserName = input.Email.Trim(),
            Email = input.Email.Trim(),
            DisplayName = input.DisplayName.Trim(),
            PreferredCulture = input.Culture,
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, input.Password);
        if (!result.Succeeded)
        {
            // Do not reveal that an address is taken: send the owner a note instead and report success.
            if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                && result.Errors.All(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            {
                // The note goes to the account's owner, in their language, not the registering visitor's.
                var owner = await users.FindByEmailAsync(input.Email.Trim());
                await mail.SendAsync(mails.AlreadyRegistered(input.Email.Trim(), owner?.PreferredCulture ?? input.Culture,
                    urls.Absolute("/account/wachtwoord-vergeten")), ct);
                return IdentityResult.Success;
            }
            return result;
        }
        await SendConfirmationAsync(user, returnUrl, ct);
        return result;
    }

    public async Task ResendConfirmationAsync(string email, CancellationToken ct = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || user.EmailConfirmed) return;
        await SendConfirmationAsync(user, null, ct);
    }

    public async Task<bool> ConfirmEmailAsync(string userId, string code)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return false;
        try
        {
            var token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
            return (await users.ConfirmEmailAsync(user, token)).Succeeded;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Always looks the same from outside, whether or not the address exists.</summary>
    public async Task ForgotPasswordAsync(string email, CancellationToken ct = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || !user.EmailConfirmed) return;
        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var link = urls.Absolute($"/account/wachtwoord-herstellen?email={Uri.EscapeDataString(user.Email!)}&code={token}");
        await mail.SendAsync(mails.ResetPassword(user.Email!, user.PreferredCulture, link), ct);
    }

    public async Task<IdentityResult> ResetPasswordAsync(string email, string code, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return IdentityResult.Failed(new IdentityError { Code = "InvalidToken", Description = "Invalid token." });
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return IdentityResult.Failed(new IdentityError { Code = "InvalidToken", Description = "Invalid token." });
        }
        var result = await users.ResetPasswordAsync(user, token, password);
        // A new password ends a lockout after failed attempts, never a block by an admin.
        if (result.Succeeded && !user.IsBlockedByAdmin) await users.SetLockoutEndDateAsync(user, null);
        return result;
    }

    private async Task SendConfirmationAsync(User user, string? returnUrl, CancellationToken ct)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var link = urls.Absolute($"/account/bevestigen?userId={Uri.EscapeDataString(user.Id)}&code={code}"
            + (string.IsNullOrEmpty(returnUrl) ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}"));
        await mail.SendAsync(mails.Confirm(user.Email!, user.PreferredCulture, user.DisplayName, link), ct);
    }
}

/// <summary>Mail texts, each paragraph a resource key, in the recipient's language.</summary>
internal sealed class AccountMails(IMailLocalizer texts)
{
    public EmailMessage Confirm(string to, string culture, string name, string link) =>
        new(to, texts.Localize(culture, "Bevestig je e-mailadres voor het Kennisplatform"),
            $"{texts.Localize(culture, "Hallo {0},", name)}\n\n{texts.Localize(culture, "Bevestig je e-mailadres om je account af te ronden:")}\n{link}\n\n" +
            $"{texts.Localize(culture, "Heb je je niet aangemeld? Dan kun je deze mail negeren.")}\n");

    public EmailMessage ResetPassword(string to, string culture, string link) =>
        new(to, texts.Localize(culture, "Nieuw wachtwoord voor het Kennisplatform"),
            $"{texts.Localize(culture, "Kies hier een nieuw wachtwoord:")}\n{link}\n\n{texts.Localize(culture, "Heb je dit niet aangevraagd? Dan kun je deze mail negeren.")}\n");

    public EmailMessage AlreadyRegistered(string to, string culture, string link) =>
        new(to, texts.Localize(culture, "Je hebt al een account op het Kennisplatform"),
            $"{texts.Localize(culture, "Iemand probeerde zich aan te melden met dit adres, maar er bestaat al een account.")}\n" +
            $"{texts.Localize(culture, "Wachtwoord vergeten?")} {link}\n");
}
