using Community.Core.Data;
using Community.Core.Email;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Community.Tests.Email;

/// <summary>The outgoing-mail queue and its sender against a real SMTP server (aiosmtpd), on SQLite and PostgreSQL.</summary>
public sealed class MailQueueTests
{
    private static Task<AppFactory> AppAsync(Db db, int smtpPort, int maxAttempts = 10) =>
        AppFactory.CreateAsync(db, settings: new Dictionary<string, string?>
        {
            ["Email:SmtpHost"] = "127.0.0.1",
            ["Email:SmtpPort"] = smtpPort.ToString(),
            ["Email:From"] = "kennisplatform@gemeente.test",
            ["Email:FromName"] = "Kennisplatform Achterhoek",
            ["Email:TimeoutSeconds"] = "5",
            // The tests flush the queue themselves, so they know when a send happened.
            ["Email:QueueWorker"] = "false",
            ["Email:RetryBaseSeconds"] = "0.05",
            ["Email:RetryMaxSeconds"] = "0.2",
            ["Email:MaxAttempts"] = maxAttempts.ToString(),
        });

    private static async Task<OutgoingMail> EnqueueAsync(AppFactory app, EmailMessage message, string? userId = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        var mail = MailQueue.Enqueue(db, message, userId);
        await db.SaveChangesAsync();
        return mail;
    }

    private static Task<OutgoingMail> RowAsync(AppFactory app, long id) =>
        app.QueryAsync(db => db.OutgoingMails.AsNoTracking().SingleAsync(m => m.Id == id));

    private static MailQueueSender Sender(AppFactory app) => app.Services.GetRequiredService<MailQueueSender>();

    private static List<MimeMessage> Received(SmtpServer smtp) =>
        Directory.GetFiles(smtp.Received.Directory, "*.eml").Select(f => MimeMessage.Load(f)).ToList();

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_queued_mail_arrives_with_its_headers_both_parts_and_the_message_id_fixed_at_enqueue(Db db)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(db, smtp.Port);
        var to = AppFactory.UniqueEmail("zoe");
        var row = await EnqueueAsync(app, new EmailMessage(to, "Reactie van Zoë Çelik op je vraag", "Platte tekst met ë.", "<p>HTML met <b>ë</b>.</p>")
        {
            Headers = new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = "<http://localhost/afmelden/abc>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            },
        });
        Assert.Equal(OutgoingMailStatus.Pending, row.Status);
        Assert.Empty(Received(smtp));

        var run = await Sender(app).SendDueAsync(10);
        Assert.Equal(new MailQueueRun(1, 0, 0, 0), run);
        var mail = Assert.Single(Received(smtp));
        Assert.Equal("Reactie van Zoë Çelik op je vraag", mail.Subject);
        var rawSubject = File.ReadAllLines(Directory.GetFiles(smtp.Received.Directory, "*.eml")[0]).First(l => l.StartsWith("Subject:", StringComparison.Ordinal));
        Assert.Contains("=?utf-8?", rawSubject, StringComparison.OrdinalIgnoreCase);
        var from = Assert.IsType<MailboxAddress>(Assert.Single(mail.From));
        Assert.Equal(("Kennisplatform Achterhoek", "kennisplatform@gemeente.test"), (from.Name, from.Address));
        Assert.Equal(to, Assert.IsType<MailboxAddress>(Assert.Single(mail.To)).Address);
        Assert.Equal(row.MessageId, mail.MessageId);
        Assert.True(Math.Abs((mail.Date - row.CreatedAt).TotalSeconds) < 2, $"Date {mail.Date} vs enqueued {row.CreatedAt}");
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.OfType<TextPart>().Select(p => p.ContentType.MimeType).ToArray());
        Assert.Equal("Platte tekst met ë.", mail.TextBody?.Trim());
        Assert.Contains("<b>ë</b>", mail.HtmlBody ?? "");
        Assert.Equal("<http://localhost/afmelden/abc>", mail.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);

        var sent = await RowAsync(app, row.Id);
        Assert.Equal((OutgoingMailStatus.Sent, 1), (sent.Status, sent.Attempts));
        Assert.NotNull(sent.SentAt);
        Assert.Null(sent.ClaimedBy);
        // Sent is sent: a second run finds nothing.
        Assert.Equal(0, (await Sender(app).SendDueAsync(10)).Total);
        Assert.Single(Received(smtp));
        app.Logs.AssertNoErrors();
    }

    [SmtpFact]
    public async Task While_the_server_is_down_the_mail_waits_with_backoff_and_goes_once_when_it_is_back()
    {
        var port = Tools.FreePort();
        await using var app = await AppAsync(Db.Sqlite, port);
        var row = await EnqueueAsync(app, new EmailMessage(AppFactory.UniqueEmail(), "Even geduld", "tekst"));

        Assert.Equal(new MailQueueRun(0, 1, 0, 0), await Sender(app).SendDueAsync(10));
        var waiting = await RowAsync(app, row.Id);
        Assert.Equal((OutgoingMailStatus.Pending, 1), (waiting.Status, waiting.Attempts));
        Assert.NotNull(waiting.LastError);
        Assert.True(waiting.NextAttemptAt > waiting.CreatedAt, "the next attempt waits");
        Assert.Null(waiting.ClaimedBy);
        // A second refused connection doubles the wait.
        await Task.Delay(TimeSpan.FromSeconds(0.2));
        Assert.Equal(new MailQueueRun(0, 1, 0, 0), await Sender(app).SendDueAsync(10));
        Assert.Equal(2, (await RowAsync(app, row.Id)).Attempts);

        await using var smtp = await SmtpServer.StartAsync(port);
        await Task.Delay(TimeSpan.FromSeconds(0.3));
        Assert.Equal(new MailQueueRun(1, 0, 0, 0), await Sender(app).SendDueAsync(10));
        var mail = Assert.Single(Received(smtp));
        Assert.Equal(row.MessageId, mail.MessageId);
        Assert.Equal((OutgoingMailStatus.Sent, 3), ((await RowAsync(app, row.Id)).Status, (await RowAsync(app, row.Id)).Attempts));
        Assert.All(app.Logs.Entries, e => Assert.DoesNotContain(row.To, e.ToString(), StringComparison.OrdinalIgnoreCase));
        app.Logs.AssertNoErrors();
    }

    [SmtpFact]
    public async Task A_temporary_refusal_is_retried_and_gives_up_after_the_limit_without_marking_the_address()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(Db.Sqlite, smtp.Port, maxAttempts: 3);
        var to = AppFactory.UniqueEmail("vol");
        smtp.Answer(to, 451);
        var row = await EnqueueAsync(app, new EmailMessage(to, "Mailbox vol", "tekst"));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(new MailQueueRun(0, 1, 0, 0), await Sender(app).SendDueAsync(10));
            Assert.Contains("451", (await RowAsync(app, row.Id)).LastError);
            await Task.Delay(TimeSpan.FromSeconds(0.3));
        }
        Assert.Equal(new MailQueueRun(0, 0, 1, 0), await Sender(app).SendDueAsync(10));
        var failed = await RowAsync(app, row.Id);
        Assert.Equal((OutgoingMailStatus.Failed, 3), (failed.Status, failed.Attempts));
        Assert.StartsWith("gave up after 3 attempts", failed.LastError);
        Assert.Equal(0, await app.QueryAsync(db => db.FailingAddresses.CountAsync()));
        Assert.Empty(Received(smtp));
        app.Logs.AssertNoErrors();
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_permanent_refusal_marks_the_address_and_later_mail_to_it_is_skipped_while_others_still_go(Db db)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(db, smtp.Port);
        var gone = AppFactory.UniqueEmail("vertrokken");
        var fine = AppFactory.UniqueEmail("blijft");
        smtp.Answer(gone, 550);
        var first = await EnqueueAsync(app, new EmailMessage(gone, "Eerste", "tekst"));
        await EnqueueAsync(app, new EmailMessage(fine, "Eerste", "tekst"));

        Assert.Equal(new MailQueueRun(1, 0, 1, 0), await Sender(app).SendDueAsync(10));
        var failed = await RowAsync(app, first.Id);
        Assert.Equal((OutgoingMailStatus.Failed, 1), (failed.Status, failed.Attempts));
        Assert.Contains("550", failed.LastError);
        var marked = await app.QueryAsync(d => d.FailingAddresses.AsNoTracking().SingleAsync());
        Assert.Equal(gone.ToLowerInvariant(), marked.Address);
        Assert.Contains("550", marked.Reason);

        // The server would take it now, but the address stays marked until an admin clears it.
        smtp.Answer(gone, null);
        var second = await EnqueueAsync(app, new EmailMessage(gone.ToUpperInvariant(), "Tweede", "tekst"));
        await EnqueueAsync(app, new EmailMessage(fine, "Tweede", "tekst"));
        Assert.Equal(new MailQueueRun(1, 0, 0, 1), await Sender(app).SendDueAsync(10));
        Assert.Equal(OutgoingMailStatus.Skipped, (await RowAsync(app, second.Id)).Status);
        Assert.Equal(["Eerste", "Tweede"], Received(smtp).Where(m => m.To.Mailboxes.Single().Address == fine).Select(m => m.Subject ?? "").Order().ToArray());
        Assert.DoesNotContain(Received(smtp), m => m.To.Mailboxes.Single().Address.Equals(gone, StringComparison.OrdinalIgnoreCase));
        app.Logs.AssertNoErrors();
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_mail_enqueued_in_a_transaction_that_rolls_back_is_never_queued(Db db)
    {
        var port = Tools.FreePort();
        await using var app = await AppAsync(db, port);
        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
            await using var tx = await context.Database.BeginTransactionAsync();
            MailQueue.Enqueue(context, new EmailMessage(AppFactory.UniqueEmail(), "Teruggedraaid", "tekst"), null);
            await context.SaveChangesAsync();
            Assert.Equal(1, await context.OutgoingMails.CountAsync());
            await tx.RollbackAsync();
        }
        Assert.Equal(0, await app.QueryAsync(d => d.OutgoingMails.CountAsync()));
        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
            await using var tx = await context.Database.BeginTransactionAsync();
            MailQueue.Enqueue(context, new EmailMessage(AppFactory.UniqueEmail(), "Bewaard", "tekst"), null);
            await context.SaveChangesAsync();
            await tx.CommitAsync();
        }
        Assert.Equal(["Bewaard"], await app.QueryAsync(d => d.OutgoingMails.Select(m => m.Subject).ToListAsync()));
        app.Logs.AssertNoErrors();
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Two_senders_racing_over_the_same_queue_send_every_mail_exactly_once(Db db)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(db, smtp.Port);
        const int count = 40;
        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
            for (var i = 0; i < count; i++) MailQueue.Enqueue(context, new EmailMessage(AppFactory.UniqueEmail("race"), $"Race {i}", "tekst"), null);
            await context.SaveChangesAsync();
        }
        // Two instances as two web nodes would have: their own claim tokens, the same database.
        var one = ActivatorUtilities.CreateInstance<MailQueueSender>(app.Services);
        var two = ActivatorUtilities.CreateInstance<MailQueueSender>(app.Services);
        var runs = await Task.WhenAll(
            Task.Run(() => one.SendDueAsync(count)), Task.Run(() => two.SendDueAsync(count)),
            Task.Run(() => one.SendDueAsync(count)), Task.Run(() => two.SendDueAsync(count)));
        Assert.Equal(count, runs.Sum(r => r.Sent));
        var received = Received(smtp);
        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(count, await app.QueryAsync(d => d.OutgoingMails.CountAsync(m => m.Status == OutgoingMailStatus.Sent && m.Attempts == 1)));
        app.Logs.AssertNoErrors();
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Admins_see_the_queue_and_the_failing_addresses_and_clearing_one_lets_mail_to_it_go_again(Db db)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(db, smtp.Port);
        var person = await app.CreateUserAsync(name: "Fenna Bouncer");
        smtp.Answer(person.Email, 550);
        await EnqueueAsync(app, new EmailMessage(person.Email, "Eerste poging", "tekst"), person.Id);
        await EnqueueAsync(app, new EmailMessage(AppFactory.UniqueEmail(), "Wacht nog", "tekst"));
        Assert.Equal(new MailQueueRun(1, 0, 1, 0), await Sender(app).SendDueAsync(1_000));
        await EnqueueAsync(app, new EmailMessage(AppFactory.UniqueEmail(), "Nog in de rij", "tekst"));

        var (browser, _) = await app.SignedInAsync(admin: true);
        var page = await browser.GetAsync("/beheer/e-mail");
        page.AssertStatus(System.Net.HttpStatusCode.OK);
        Assert.Equal("1", page.Document.QuerySelector("#mail-pending")!.TextContent);
        Assert.Equal("1", page.Document.QuerySelector("#mail-failed")!.TextContent);
        Assert.Equal("1", page.Document.QuerySelector("#mail-sent")!.TextContent);
        Assert.Contains(person.Email.ToLowerInvariant() + " (Fenna Bouncer)", page.Text);
        Assert.Contains("SMTP 550 (RecipientNotAccepted)", page.Text);
        Assert.Contains("Eerste poging", page.Text);

        var cleared = await browser.SubmitAsync(page, page.FormForHandler("Clear"));
        cleared.AssertRedirect("/beheer/e-mail");
        var after = await browser.FollowAsync(cleared);
        Assert.Contains("Er zijn geen adressen die niet werken.", after.Text);
        Assert.Contains($"Mail naar {person.Email.ToLowerInvariant()} wordt weer verstuurd.", after.Text);

        smtp.Answer(person.Email, null);
        await EnqueueAsync(app, new EmailMessage(person.Email, "Tweede poging", "tekst"), person.Id);
        Assert.Equal(new MailQueueRun(2, 0, 0, 0), await Sender(app).SendDueAsync(1_000));
        Assert.Equal(["Tweede poging"], Received(smtp).Where(m => m.To.Mailboxes.Single().Address == person.Email).Select(m => m.Subject ?? "").ToArray());
        app.Logs.AssertNoErrors();
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_mail_claimed_by_a_sender_that_died_waits_for_its_lease_and_then_goes_with_the_same_message_id(Db db)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(db, smtp.Port);
        var row = await EnqueueAsync(app, new EmailMessage(AppFactory.UniqueEmail(), "Na de crash", "tekst"));
        var deadNode = Guid.NewGuid();
        var leaseEnd = DateTimeOffset.UtcNow.AddMinutes(5);
        await app.QueryAsync(d => d.OutgoingMails.Where(m => m.Id == row.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, deadNode).SetProperty(m => m.LeaseUntil, leaseEnd)));
        Assert.Equal(0, (await Sender(app).SendDueAsync(10)).Total);
        Assert.Empty(Received(smtp));

        var expired = DateTimeOffset.UtcNow.AddSeconds(-1);
        await app.QueryAsync(d => d.OutgoingMails.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, expired)));
        Assert.Equal(new MailQueueRun(1, 0, 0, 0), await Sender(app).SendDueAsync(10));
        Assert.Equal(row.MessageId, Assert.Single(Received(smtp)).MessageId);
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task An_address_no_server_could_take_fails_at_once_and_is_marked()
    {
        await using var app = await AppAsync(Db.Sqlite, Tools.FreePort());
        var row = await EnqueueAsync(app, new EmailMessage("te..st@voorbeeld.nl", "Onbezorgbaar", "tekst"));
        Assert.Equal(new MailQueueRun(0, 0, 1, 0), await Sender(app).SendDueAsync(10));
        Assert.Equal(("invalid address", OutgoingMailStatus.Failed), ((await RowAsync(app, row.Id)).LastError, (await RowAsync(app, row.Id)).Status));
        Assert.Equal("te..st@voorbeeld.nl", await app.QueryAsync(d => d.FailingAddresses.Select(f => f.Address).SingleAsync()));
        app.Logs.AssertNoErrors();
    }
}
