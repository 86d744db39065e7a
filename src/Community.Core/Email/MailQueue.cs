using System.Text.Json;
using Community.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Email;

/// <summary>
/// The durable outgoing-mail queue. <see cref="Enqueue"/> only adds a row to the context: the mail commits or rolls back
/// with the caller's change, so nothing is sent for a change that did not happen and nothing is lost after one that did.
/// <see cref="MailQueueSender"/> sends it.
/// </summary>
public static class MailQueue
{
    public static OutgoingMail Enqueue(CommunityDbContext db, EmailMessage message, string? userId) =>
        Enqueue(db, message, userId, DateTimeOffset.UtcNow);

    public static OutgoingMail Enqueue(CommunityDbContext db, EmailMessage message, string? userId, DateTimeOffset now, TimeSpan? delay = null)
    {
        var mail = new OutgoingMail
        {
            To = message.To.Trim(),
            UserId = userId,
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            Headers = message.Headers.Count == 0 ? null : JsonSerializer.Serialize(message.Headers),
            MessageId = message.MessageId ?? NewMessageId(),
            CreatedAt = now,
            NextAttemptAt = now + (delay ?? TimeSpan.Zero),
            Status = OutgoingMailStatus.Pending,
        };
        db.OutgoingMails.Add(mail);
        return mail;
    }

    /// <summary>MimeKit's form: a random left part at this host's domain name.</summary>
    public static string NewMessageId() => MimeKit.Utils.MimeUtils.GenerateMessageId();

    /// <summary>The form addresses are compared in: the failing-address list and coalescing use it.</summary>
    public static string NormalizeAddress(string address) => address.Trim().ToLowerInvariant();

    /// <summary>Which of these addresses failed permanently (normalized).</summary>
    public static async Task<HashSet<string>> FailingAsync(CommunityDbContext db, IEnumerable<string> addresses, CancellationToken ct = default)
    {
        var normalized = addresses.Select(NormalizeAddress).Distinct().ToList();
        if (normalized.Count == 0) return [];
        return (await db.FailingAddresses.AsNoTracking().Where(f => normalized.Contains(f.Address)).Select(f => f.Address).ToListAsync(ct)).ToHashSet();
    }

    internal static EmailMessage ToMessage(OutgoingMail mail) => new(mail.To, mail.Subject, mail.TextBody, mail.HtmlBody)
    {
        Headers = mail.Headers is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(mail.Headers) ?? [],
        MessageId = mail.MessageId,
        Date = mail.CreatedAt,
    };
}
