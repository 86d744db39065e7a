using System.ComponentModel.DataAnnotations;
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Community.Core.Email;

public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Without angle brackets. Set by the queue when the mail is enqueued, so a resend carries the same id; else made when sent.</summary>
    public string? MessageId { get; init; }

    /// <summary>The Date header; the send time when not set.</summary>
    public DateTimeOffset? Date { get; init; }
}

public interface IEmailSender
{
    /// <summary>Returns once the SMTP server accepted the mail (or the .eml file is in place).</summary>
    /// <exception cref="MailDeliveryException">The mail did not go out; <see cref="MailDeliveryException.Permanent"/> says whether trying again can help.</exception>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

public enum MailTls
{
    /// <summary>Plain SMTP (a relay on the same host or network).</summary>
    None,
    /// <summary>STARTTLS, required (port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
    /// <summary>STARTTLS when the server offers it, else plain.</summary>
    StartTlsWhenAvailable,
}

public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Empty: no SMTP server; mail is written as .eml files into <see cref="PickupDirectory"/>.</summary>
    public string? SmtpHost { get; set; }
    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 25;
    /// <summary>Kept from the System.Net.Mail days: true means <see cref="MailTls.StartTls"/> when <see cref="Tls"/> is not set.</summary>
    public bool EnableSsl { get; set; }
    public MailTls? Tls { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    [Required, EmailAddress]
    public string From { get; set; } = "kennisplatform@localhost";
    public string FromName { get; set; } = "Kennisplatform";
    /// <summary>Relative to the data directory.</summary>
    public string PickupDirectory { get; set; } = "mail";
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Whether this process runs the queue's sender in the background (the CLI and tests can flush it themselves).</summary>
    public bool QueueWorker { get; set; } = true;
    /// <summary>How often the background sender looks for due mail.</summary>
    [Range(0.05, 3600)]
    public double QueuePollSeconds { get; set; } = 5;
    /// <summary>The first retry waits about this long; each next one twice as long (with jitter), up to <see cref="RetryMaxSeconds"/>.</summary>
    [Range(0.01, 86400)]
    public double RetryBaseSeconds { get; set; } = 30;
    [Range(0.01, 86400)]
    public double RetryMaxSeconds { get; set; } = 3600;
    /// <summary>Attempts before a mail that keeps failing transiently is given up (status Failed).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    public MailTls EffectiveTls => Tls ?? (EnableSsl ? MailTls.StartTls : MailTls.None);
}

/// <summary>
/// MailKit/MimeKit: multipart/alternative (plain text first, then HTML), UTF-8 headers as RFC 2047 words, bodies
/// quoted-printable so the message is 7-bit clean whatever the server offers.
/// </summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, Data.DataPaths paths, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        MimeMessage mime;
        try
        {
            mime = Build(message, o);
        }
        catch (MailDeliveryException)
        {
            logger.LogWarning("Mail not sent: the recipient address is not one SMTP accepts");
            throw;
        }

        if (string.IsNullOrWhiteSpace(o.SmtpHost))
        {
            var dir = paths.Resolve(o.PickupDirectory);
            Directory.CreateDirectory(dir);
            var name = Path.Combine(dir, Guid.NewGuid().ToString("N"));
            // Written under another name and renamed, so whoever reads the folder never sees half a mail.
            await mime.WriteToAsync(name + ".tmp", cancellationToken);
            File.Move(name + ".tmp", name + ".eml");
            logger.LogInformation("Mail written to the pickup folder");
            return;
        }

        using var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(o.SmtpHost, o.SmtpPort, o.EffectiveTls switch
            {
                MailTls.StartTls => SecureSocketOptions.StartTls,
                MailTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
                MailTls.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
                _ => SecureSocketOptions.None,
            }, cancellationToken);
            if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", cancellationToken);
            await client.SendAsync(mime, cancellationToken);
        }
        catch (Exception e) when (Classify(e, cancellationToken) is { } failure)
        {
            // Not the exception's message: an SMTP server's reply often quotes the recipient's address.
            logger.LogWarning("Mail could not be delivered to the SMTP server: {Error} (SMTP status {Status})",
                e.GetType().Name, (e as SmtpCommandException)?.StatusCode is { } s ? ((int)s).ToString() : "none");
            throw failure;
        }
        // The mail is accepted; a failing QUIT changes nothing about that.
        try { await client.DisconnectAsync(true, CancellationToken.None); }
        catch (Exception e) when (e is IOException or SocketException or MailKit.ProtocolException or TimeoutException) { }
        // Recipients and subjects (which can hold names) are personal data: log only that a mail went out.
        logger.LogInformation("Mail sent");
    }

    internal static MimeMessage Build(EmailMessage message, EmailOptions o)
    {
        var to = message.To.Trim();
        // MimeKit parses leniently; System.Net.Mail's stricter check refuses what servers refuse (te..st@…, line breaks).
        if (to.Length == 0 || to.Any(char.IsControl) || !System.Net.Mail.MailAddress.TryCreate(to, out var parsed) || parsed.Address != to
            || !MailboxAddress.TryParse(to, out var recipient))
            throw new MailDeliveryException(permanent: true, recipientRejected: true, new FormatException("The recipient address is not valid."));

        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(Encoding.UTF8, o.FromName, o.From));
        mime.To.Add(recipient);
        // A line break in a subject (a display name or pilot title in it) must not start a header of its own.
        mime.Subject = string.Join(' ', message.Subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        mime.MessageId = message.MessageId ?? MailQueue.NewMessageId();
        mime.Date = message.Date ?? DateTimeOffset.UtcNow;
        foreach (var (name, value) in message.Headers)
            mime.Headers.Add(name, string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)));

        var text = Part(TextFormat.Plain, message.TextBody);
        mime.Body = message.HtmlBody is null ? text : new MultipartAlternative { text, Part(TextFormat.Html, message.HtmlBody) };
        return mime;
    }

    private static TextPart Part(TextFormat format, string content)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, content);
        return part;
    }

    /// <summary>
    /// Permanent: the server refused this recipient (5xx to RCPT TO) or this message (5xx to DATA). Everything else that
    /// can go wrong on the way (refused or dropped connections, timeouts, 4xx replies, TLS or sign-in trouble, which an admin
    /// fixes in the configuration) may work later. Null: not a delivery failure (cancellation by the caller, a bug).
    /// </summary>
    internal static MailDeliveryException? Classify(Exception e, CancellationToken ct) => e switch
    {
        SmtpCommandException c when (int)c.StatusCode is >= 500 and < 600 && c.ErrorCode == SmtpErrorCode.RecipientNotAccepted
            => new MailDeliveryException(permanent: true, recipientRejected: true, e),
        SmtpCommandException c when (int)c.StatusCode is >= 500 and < 600 && c.ErrorCode == SmtpErrorCode.MessageNotAccepted
            => new MailDeliveryException(permanent: true, recipientRejected: false, e),
        SmtpCommandException or SmtpProtocolException or MailKit.ProtocolException or AuthenticationException or SslHandshakeException
            or IOException or SocketException or TimeoutException or MailKit.ServiceNotConnectedException
            => new MailDeliveryException(permanent: false, recipientRejected: false, e),
        OperationCanceledException when !ct.IsCancellationRequested => new MailDeliveryException(permanent: false, recipientRejected: false, e),
        _ => null,
    };
}

/// <summary>
/// The SMTP server did not take a mail. What the user did before the mail was saved; the web layer
/// answers 503 and says so, instead of a 500 that claims nothing was saved.
/// </summary>
public sealed class MailDeliveryException(bool permanent, bool recipientRejected, Exception inner)
    : Exception("The SMTP server did not accept the mail.", inner)
{
    public MailDeliveryException(Exception inner) : this(false, false, inner) { }

    /// <summary>Sending the same mail again will fail the same way.</summary>
    public bool Permanent { get; } = permanent;

    /// <summary>The address itself is the problem (invalid, or refused by the server with a 5xx).</summary>
    public bool RecipientRejected { get; } = recipientRejected;

    /// <summary>For the queue's LastError and the admin view: the kind and the SMTP status, not the server's text (it may quote the address).</summary>
    public string Reason => InnerException switch
    {
        SmtpCommandException c => $"SMTP {(int)c.StatusCode} ({c.ErrorCode})",
        FormatException => "invalid address",
        { } inner => inner.GetType().Name,
        null => "unknown",
    };
}
