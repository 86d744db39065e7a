using System.Security.Cryptography;
using Community.Core.Common;
using Community.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Digests;

public enum MailKind
{
    Digest = 0,
    Mentions = 1,
    Answers = 2,
}

/// <summary>
/// The signed one-click unsubscribe link in every mail. The token is ASP.NET Data Protection (authenticated
/// encryption, keys in the data directory shared by the web app and the CLI) over the user id and the kind, so it
/// cannot be forged, nor changed into another user's or another kind's. It does not expire: a link in a mail from
/// last year must still work, and all it can do is turn a kind of mail off.
/// </summary>
public sealed class Unsubscribe(IDataProtectionProvider protection, IPublicUrl urls)
{
    public const string Path = "/afmelden";
    private readonly IDataProtector _protector = protection.CreateProtector("Kennisplatform.Unsubscribe.v1");

    public string Token(string userId, MailKind kind) => _protector.Protect($"{(int)kind}|{userId}");

    public string Link(string userId, MailKind kind) => urls.Absolute($"{Path}?t={Uri.EscapeDataString(Token(userId, kind))}");

    /// <summary>RFC 2369 and RFC 8058 headers: mail clients show an unsubscribe button and POST "List-Unsubscribe=One-Click" to the link.</summary>
    public IReadOnlyDictionary<string, string> Headers(string userId, MailKind kind) => HeadersFor(Link(userId, kind));

    /// <summary>The headers for a link made by <see cref="Link"/>: use the same link in the body, since every token is different.</summary>
    public static IReadOnlyDictionary<string, string> HeadersFor(string link) => new Dictionary<string, string>
    {
        ["List-Unsubscribe"] = $"<{link}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };

    /// <summary>Null for anything that is not a token this site made.</summary>
    public (string UserId, MailKind Kind)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000) return null;
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var bar = payload.IndexOf('|');
        if (bar <= 0 || !int.TryParse(payload[..bar], out var k) || !Enum.IsDefined((MailKind)k) || bar == payload.Length - 1) return null;
        return (payload[(bar + 1)..], (MailKind)k);
    }

    /// <summary>Turns the kind off. Idempotent; false when the user no longer exists.</summary>
    public static async Task<bool> ApplyAsync(CommunityDbContext db, string userId, MailKind kind, CancellationToken ct = default)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct)) return false;
        var prefs = await db.EmailPreferences.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (prefs is null) db.EmailPreferences.Add(prefs = EmailPreferences.Default(userId));
        switch (kind)
        {
            case MailKind.Digest: prefs.DigestFrequency = DigestFrequency.Off; break;
            case MailKind.Mentions: prefs.ImmediateMentions = false; break;
            case MailKind.Answers: prefs.ImmediateAnswers = false; break;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<EmailPreferences>().Any(e => e.State == EntityState.Added))
        {
            // Two clicks at once both inserted the row; the other one won, so apply the change to its row.
            db.ChangeTracker.Clear();
            return await ApplyAsync(db, userId, kind, ct);
        }
        return true;
    }

    /// <summary>Whether this kind is still on, for the page that asks before turning it off.</summary>
    public static bool IsOn(EmailPreferences prefs, MailKind kind) => kind switch
    {
        MailKind.Digest => prefs.DigestFrequency != DigestFrequency.Off,
        MailKind.Mentions => prefs.ImmediateMentions,
        _ => prefs.ImmediateAnswers,
    };
}
