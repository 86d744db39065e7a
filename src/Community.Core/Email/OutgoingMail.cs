namespace Community.Core.Email;

public enum OutgoingMailStatus
{
    Pending = 0,
    Sent = 1,
    /// <summary>Given up: the server refused it for good, or transient failures went on for <see cref="EmailOptions.MaxAttempts"/> attempts.</summary>
    Failed = 2,
    /// <summary>Not sent on purpose: the address fails permanently, or the content is no longer the recipient's to read.</summary>
    Skipped = 3,
}

/// <summary>
/// A mail waiting to go out, or that went. Written in the transaction of the change it tells about (see
/// <see cref="MailQueue.Enqueue"/>) and sent by <see cref="MailQueueSender"/>.
/// </summary>
public class OutgoingMail
{
    public long Id { get; set; }
    public string To { get; set; } = "";
    /// <summary>The recipient's account, when there is one; deleting the account deletes their mail.</summary>
    public string? UserId { get; set; }
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string? HtmlBody { get; set; }
    /// <summary>Extra headers as a JSON object (List-Unsubscribe and the like); null when there are none.</summary>
    public string? Headers { get; set; }
    /// <summary>Without angle brackets; fixed at enqueue time, so a resend after a crash carries the same Message-ID.</summary>
    public string MessageId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Why the last attempt failed or why the mail was skipped: a kind and SMTP status, never the server's text.</summary>
    public string? LastError { get; set; }
    public OutgoingMailStatus Status { get; set; }
    /// <summary>Which sender holds the mail, until <see cref="LeaseUntil"/>: a sender that died mid-send releases it by expiry.</summary>
    public Guid? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>
    /// The in-app notification this mail tells about. The sender sends only while that notification is visible to the
    /// recipient (still a member, post not hidden, message not deleted); deleting the notification deletes the mail.
    /// </summary>
    public long? NotificationId { get; set; }
    public Discussions.Notification? Notification { get; set; }
    /// <summary>Mails that stand for each other within a short time (a burst of chat mentions) share a key.</summary>
    public string? CoalesceKey { get; set; }
}

/// <summary>An address the SMTP server refused for good. Mail to it is skipped until an admin clears it.</summary>
public class FailingAddress
{
    /// <summary>Lower case, trimmed (<see cref="MailQueue.NormalizeAddress"/>).</summary>
    public string Address { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
