using Community.Core.Data;
using Community.Core.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Community.Tests.Operations;

public sealed class MailSenderTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "kp-mail-" + Guid.NewGuid().ToString("N"));

    private SmtpEmailSender Sender() =>
        new(Options.Create(new EmailOptions()), new DataPaths(directory), NullLogger<SmtpEmailSender>.Instance);

    [Fact]
    public async Task A_line_break_in_a_subject_from_a_name_or_title_is_sent_as_one_line()
    {
        await Sender().SendAsync(new EmailMessage("coordinator@voorbeeld.nl", "Verzoek van Dennis\r\nBcc: iemand@evil.example", "tekst"));
        var eml = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(directory, "mail"), "*.eml")));
        Assert.DoesNotContain("\nBcc:", eml);
        Assert.Contains("Subject: Verzoek van Dennis Bcc: iemand@evil.example", eml);
    }

    [Fact]
    public async Task An_address_smtp_cannot_take_is_a_delivery_failure_not_a_crash() =>
        await Assert.ThrowsAsync<MailDeliveryException>(() => Sender().SendAsync(new EmailMessage("te..st@voorbeeld.nl", "Onderwerp", "tekst")));

    public void Dispose()
    {
        try { Directory.Delete(directory, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
