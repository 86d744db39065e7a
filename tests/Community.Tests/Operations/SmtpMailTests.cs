using System.Net;
using Community.Core.Communities;
using Community.Tests.Support;

namespace Community.Tests.Operations;

/// <summary>Mail through a real SMTP server (aiosmtpd) instead of the pickup folder.</summary>
public sealed class SmtpMailTests
{
    [SmtpFact]
    public async Task Confirmation_and_community_mail_arrive_over_smtp_with_utf8_subjects_and_working_links()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppFactory.CreateAsync(Db.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Email:SmtpHost"] = "127.0.0.1",
            ["Email:SmtpPort"] = smtp.Port.ToString(),
            ["Email:From"] = "kennisplatform@gemeente.test",
            ["Email:FromName"] = "Kennisplatform Achterhoek",
        });
        using var browser = app.NewBrowser();
        var email = AppFactory.UniqueEmail("zoe");
        var form = await browser.GetAsync("/account/registreren");
        var done = await browser.SubmitAsync(form, form.FormWithField("Input.Email"),
            ("Input.DisplayName", "Zoë Çelik-Ünal"), ("Input.Email", email), ("Input.Password", "wachtwoord-via-smtp"), ("Input.ConfirmPassword", "wachtwoord-via-smtp"));
        done.AssertStatus(HttpStatusCode.OK);

        var mail = await smtp.Received.SingleAsync(email, "Bevestig je e-mailadres voor het Kennisplatform", TimeSpan.FromSeconds(15));
        Assert.Equal(email, mail.Headers["X-Envelope-To"]);
        Assert.Equal([email], mail.To);
        Assert.Contains("kennisplatform@gemeente.test", mail.Headers["From"]);
        Assert.Contains("Hallo Zoë Çelik-Ünal,", mail.Text);
        Assert.Empty(app.Mail.All());
        (await browser.GetAsync(mail.LinkTo("/account/bevestigen"))).AssertStatus(HttpStatusCode.OK);
        await browser.SignInAsync(email, "wachtwoord-via-smtp");

        // A subject with non-ASCII characters travels as an RFC 2047 encoded word and arrives intact.
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin, "Coöperatie Wijkteam Oost", CommunityVisibility.Closed);
        var home = await browser.GetAsync($"/pilots/{slug}/leergemeenschap");
        (await browser.SubmitAsync(home, home.FormForHandler("Join"))).AssertRedirect();
        var request = await smtp.Received.SingleAsync(admin.Email, "Zoë Çelik-Ünal vraagt lidmaatschap van Coöperatie Wijkteam Oost", TimeSpan.FromSeconds(15));
        var rawSubject = File.ReadAllLines(request.File).First(l => l.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("=?utf-8?", rawSubject, StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"/pilots/{slug}/leergemeenschap/leden", request.LinkTo("/pilots/"));
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task When_the_smtp_server_is_unreachable_registration_says_the_mail_failed_and_a_new_confirmation_mail_can_be_asked_later()
    {
        await using var app = await AppFactory.CreateAsync(Db.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Email:SmtpHost"] = "127.0.0.1",
            ["Email:SmtpPort"] = Tools.FreePort().ToString(),
        });
        using var browser = app.NewBrowser();
        var email = AppFactory.UniqueEmail();
        var form = await browser.GetAsync("/account/registreren");
        var page = await browser.SubmitAsync(form, form.FormWithField("Input.Email"),
            ("Input.DisplayName", "Geen Post"), ("Input.Email", email), ("Input.Password", "wachtwoord-zonder-post"), ("Input.ConfirmPassword", "wachtwoord-zonder-post"));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, page.Status);
        Assert.Contains("E-mail kon niet worden verstuurd", page.Text);
        Assert.Contains("nieuwe bevestigingsmail", page.Text);
        Assert.DoesNotContain("We hebben een e-mail gestuurd", page.Text);
        // The account was saved: the failure is a warning naming the cause, without the address, not an unhandled error.
        var warning = Assert.Single(app.Logs.Entries, e => e.Message.StartsWith("Mail could not be delivered", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.DoesNotContain(email, warning.ToString(), StringComparison.OrdinalIgnoreCase);
        app.Logs.AssertNoErrors();
    }
}
