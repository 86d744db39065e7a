using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Community.Core.Email;

public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Empty: no SMTP server; mail is written as .eml files into <see cref="PickupDirectory"/>.</summary>
    public string? SmtpHost { get; set; }
    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    [Required, EmailAddress]
    public string From { get; set; } = "kennisplatform@localhost";
    public string FromName { get; set; } = "Kennisplatform";
    /// <summary>Relative to the data directory.</summary>
    public string PickupDirectory { get; set; } = "mail";
}

/// <summary>System.Net.Mail because MailKit's MimeKit is not in the registry here (see shared/REGISTRY.md).</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, Data.DataPaths paths, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        using var mail = new MailMessage
        {
            From = new MailAddress(o.From, o.FromName, Encoding.UTF8),
            // A line break in a subject (a display name or pilot title in it) would make SmtpClient throw.
            Subject = string.Join(' ', message.Subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)),
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            Body = message.TextBody,
            IsBodyHtml = false,
        };
        try
        {
            mail.To.Add(message.To);
        }
        catch (FormatException e)
        {
            logger.LogWarning("Mail not sent: the recipient address is not one SMTP accepts");
            throw new MailDeliveryException(e);
        }
        if (message.HtmlBody is not null)
            mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, Encoding.UTF8, "text/html"));
        foreach (var (name, value) in message.Headers) mail.Headers.Add(name, value);

        using var client = new SmtpClient();
        if (string.IsNullOrWhiteSpace(o.SmtpHost))
        {
            var dir = paths.Resolve(o.PickupDirectory);
            Directory.CreateDirectory(dir);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = dir;
        }
        else
        {
            client.Host = o.SmtpHost;
            client.Port = o.SmtpPort;
            client.EnableSsl = o.EnableSsl;
            if (!string.IsNullOrEmpty(o.UserName)) client.Credentials = new NetworkCredential(o.UserName, o.Password);
        }
        try
        {
            await client.SendMailAsync(mail, cancellationToken);
        }
        catch (Exception e) when (e is SmtpException or IOException or System.Net.Sockets.SocketException)
        {
            // Not the exception itself: an SMTP server's reply often quotes the recipient's address.
            logger.LogWarning("Mail could not be delivered to the SMTP server: {Error} (SMTP status {Status})",
                e.GetType().Name, (e as SmtpException)?.StatusCode.ToString() ?? "none");
            throw new MailDeliveryException(e);
        }
        // Recipients and subjects (which can hold names) are personal data: log only that a mail went out.
        logger.LogInformation("Mail sent");
    }
}

/// <summary>
/// The SMTP server did not take a mail. What the user did before the mail was saved; the web layer
/// answers 503 and says so, instead of a 500 that claims nothing was saved.
/// </summary>
public sealed class MailDeliveryException(Exception inner) : Exception("The SMTP server did not accept the mail.", inner);
