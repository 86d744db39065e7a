using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Community.Web.Infrastructure;

/// <summary>Identity's messages in the UI language (the Dutch text is the resource key).</summary>
public sealed class DutchIdentityErrorDescriber(IStringLocalizer<SharedResource> t) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = t["Het wachtwoord moet minstens {0} tekens lang zijn.", length] };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = t["Het wachtwoord moet minstens {0} verschillende tekens bevatten.", uniqueChars] };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = t["Dit e-mailadres is al in gebruik."] };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = t["Dit e-mailadres is al in gebruik."] };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = t["Vul een geldig e-mailadres in."] };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = t["Vul een geldig e-mailadres in."] };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = t["Deze link is ongeldig of verlopen. Vraag een nieuwe aan."] };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = t["Het huidige wachtwoord klopt niet."] };
    // Switched off in the password options today; translated so that switching them on shows no English on a Dutch page.
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = t["Het wachtwoord moet een cijfer bevatten."] };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = t["Het wachtwoord moet een kleine letter bevatten."] };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = t["Het wachtwoord moet een hoofdletter bevatten."] };
    public override IdentityError PasswordRequiresNonAlphanumeric() => new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = t["Het wachtwoord moet een leesteken of symbool bevatten."] };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = t["Je account is intussen elders gewijzigd. Probeer het opnieuw."] };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = t["Er ging iets mis. Probeer het opnieuw."] };
}
