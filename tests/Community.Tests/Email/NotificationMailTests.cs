using Community.Core.Chat;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Digests;
using Community.Core.Discussions;
using Community.Core.Email;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Community.Tests.Email;

/// <summary>Immediate mail for mentions and answers, through the real services, queue, sender and SMTP server.</summary>
public sealed class NotificationMailTests
{
    private static Task<AppFactory> AppAsync(Db db, int smtpPort, bool worker = false) =>
        AppFactory.CreateAsync(db, settings: new Dictionary<string, string?>
        {
            ["Email:SmtpHost"] = "127.0.0.1",
            ["Email:SmtpPort"] = smtpPort.ToString(),
            ["Email:QueueWorker"] = worker ? "true" : "false",
            ["Email:QueuePollSeconds"] = "0.1",
        });

    private static async Task<MailQueueRun> FlushAsync(AppFactory app) =>
        await app.Services.GetRequiredService<MailQueueSender>().SendDueAsync(1_000);

    /// <summary>The notification mails to the user (each has List-Unsubscribe); joining a Closed community also sends a welcome.</summary>
    private static List<MimeMessage> To(SmtpServer smtp, TestUser user) =>
        Directory.GetFiles(smtp.Received.Directory, "*.eml").Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(a => a.Address.Equals(user.Email, StringComparison.OrdinalIgnoreCase)) && m.Headers.Contains("List-Unsubscribe")).ToList();

    private static async Task<(string Slug, TestUser Admin)> PilotAsync(AppFactory app, CommunityVisibility visibility, params TestUser[] members)
    {
        var admin = await app.CreateUserAsync(admin: true, name: "Beheerder " + Guid.NewGuid().ToString("N")[..6]);
        var slug = await app.CreatePilotAsync(admin, "Coöperatie Wijkteam " + Guid.NewGuid().ToString("N")[..6], visibility);
        foreach (var m in members) await app.AddMemberAsync(slug, m, admin);
        return (slug, admin);
    }

    private static async Task<T> WithAsync<T>(AppFactory app, Func<IServiceProvider, Task<T>> action)
    {
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    private static Task SetEnglishAsync(AppFactory app, TestUser user) =>
        app.QueryAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, "en")));

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_mention_gives_one_mail_with_a_plain_excerpt_a_direct_link_and_one_click_unsubscribe_that_stops_the_next(Db db)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(db, smtp.Port);
        var wieteke = await app.CreateUserAsync(name: "Wieteke Zomer");
        var bram = await app.CreateUserAsync(name: "Bram Beantwoorder");
        var (slug, admin) = await PilotAsync(app, CommunityVisibility.Closed, wieteke, bram);
        var thread = await app.CreateThreadAsync(slug, admin, "Hoe werkt de Wmo-intake?", kind: ThreadKind.Discussion);
        var post = await app.ReplyAsync(slug, thread, bram, "**Goed punt**, @Wieteke Zomer weet dit: zie [de notitie](https://example.org/n).");

        // Wieteke's mention only: the admin follows their own discussion, but a reply to a discussion is no answer to a question.
        Assert.Equal(new MailQueueRun(1, 0, 0, 0), await FlushAsync(app));
        var mail = Assert.Single(To(smtp, wieteke));
        Assert.Equal("Bram Beantwoorder noemde je in \"Hoe werkt de Wmo-intake?\"", mail.Subject);
        Assert.Contains("> Goed punt, @Wieteke Zomer weet dit: zie de notitie.", mail.TextBody ?? "");
        Assert.DoesNotContain("**", mail.TextBody ?? "");
        Assert.DoesNotContain("](", mail.TextBody ?? "");
        Assert.Contains($"http://localhost/pilots/{slug}/discussies/{thread}/hoe-werkt-de-wmo-intake#bericht-{post}", mail.TextBody ?? "");
        Assert.Contains($"href=\"http://localhost/pilots/{slug}/discussies/{thread}/hoe-werkt-de-wmo-intake#bericht-{post}\"", mail.HtmlBody ?? "");
        Assert.Contains("Coöperatie Wijkteam", mail.TextBody ?? "");
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = mail.Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.StartsWith("http://localhost/afmelden?t=", unsubscribe);
        // The footer's link is a token of its own (Data Protection is randomized); both say "Wieteke, mentions".
        Assert.Matches("href=\"http://localhost/afmelden\\?t=[A-Za-z0-9_-]+\"", mail.HtmlBody ?? "");
        using var reader = app.CreateClient();
        var footerLink = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"http://localhost/afmelden\?t=\S+").Value;
        Assert.Equal(System.Net.HttpStatusCode.OK, (await reader.GetAsync(new Uri(footerLink).PathAndQuery)).StatusCode);

        // What a mail client does with the header: a POST without cookie or token.
        using var client = app.CreateClient();
        var oneClick = await client.PostAsync(new Uri(unsubscribe).PathAndQuery,
            new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]));
        Assert.True(oneClick.IsSuccessStatusCode, oneClick.StatusCode.ToString());
        Assert.False((await app.QueryAsync(d => EmailPreferences.ForUserAsync(d, wieteke.Id))).ImmediateMentions);

        await app.ReplyAsync(slug, thread, bram, "Nog eens, @Wieteke Zomer?");
        Assert.Equal(0, (await FlushAsync(app)).Total);
        Assert.Single(To(smtp, wieteke));
        // The in-app notification still comes: only the mail is off.
        Assert.Equal(2, await app.QueryAsync(d => d.Notifications.CountAsync(n => n.UserId == wieteke.Id && n.Kind == NotificationKind.Mention)));
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task The_asker_hears_of_an_answer_in_their_language_and_the_answerer_of_the_accept_through_the_background_sender()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(Db.Sqlite, smtp.Port, worker: true);
        var asker = await app.CreateUserAsync(name: "Anouk Vraagsteller");
        var bram = await app.CreateUserAsync(name: "Bram Beantwoorder");
        var follower = await app.CreateUserAsync(name: "Fien Volger");
        var (slug, _) = await PilotAsync(app, CommunityVisibility.Open, asker, bram, follower);
        await SetEnglishAsync(app, asker);
        var thread = await app.CreateThreadAsync(slug, asker, "Wie kent een goede schuldhulpcoach?");
        await WithAsync(app, sp => sp.GetRequiredService<DiscussionService>().FollowAsync(slug, thread, true, new Actor(follower.Id, false)).ContinueWith(_ => 0));
        var answer = await app.ReplyAsync(slug, thread, bram, "Probeer *Schuldhulp Oost*.");

        var answered = await smtp.Received.SingleAsync(asker.Email, "Bram Beantwoorder answered your question", TimeSpan.FromSeconds(15));
        Assert.Contains("\"Wie kent een goede schuldhulpcoach?\"", answered.Subject);
        Assert.Contains("> Probeer Schuldhulp Oost.", answered.Text);
        Assert.EndsWith($"#bericht-{answer}", answered.AbsoluteLinkTo($"/pilots/{slug}/discussies/{thread}"));

        await WithAsync(app, sp => sp.GetRequiredService<DiscussionService>().AcceptAsync(slug, thread, answer, true, new Actor(asker.Id, false)).ContinueWith(_ => 0));
        var accepted = await smtp.Received.SingleAsync(bram.Email, "Je antwoord op \"Wie kent een goede schuldhulpcoach?\" is geaccepteerd", TimeSpan.FromSeconds(15));
        Assert.Contains("Anouk Vraagsteller accepteerde je antwoord", accepted.Text);
        // A follower who did not ask gets the in-app notification and the digest, not an immediate mail.
        Assert.Empty(To(smtp, follower));
        Assert.Equal(2, Directory.GetFiles(smtp.Received.Directory, "*.eml").Length); // an Open community: no welcome mails
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task With_answer_mail_off_an_answer_sends_nothing()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(Db.Sqlite, smtp.Port);
        var asker = await app.CreateUserAsync(name: "Anouk Stil");
        var bram = await app.CreateUserAsync(name: "Bram Beantwoorder");
        var (slug, _) = await PilotAsync(app, CommunityVisibility.Open, asker, bram);
        await app.QueryAsync(async d =>
        {
            d.EmailPreferences.Add(new EmailPreferences { UserId = asker.Id, ImmediateAnswers = false });
            return await d.SaveChangesAsync();
        });
        var thread = await app.CreateThreadAsync(slug, asker, "Vraag zonder mail");
        await app.ReplyAsync(slug, thread, bram, "Antwoord zonder mail.");
        Assert.Equal(0, (await FlushAsync(app)).Total);
        Assert.Equal(0, await app.QueryAsync(d => d.OutgoingMails.CountAsync()));
        Assert.Equal(1, await app.QueryAsync(d => d.Notifications.CountAsync(n => n.UserId == asker.Id)));
        app.Logs.AssertNoErrors();
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_burst_of_chat_mentions_in_one_community_is_one_mail(Db db)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(db, smtp.Port);
        var wieteke = await app.CreateUserAsync(name: "Wieteke Chat");
        var bram = await app.CreateUserAsync(name: "Bram Prater");
        var (slug, _) = await PilotAsync(app, CommunityVisibility.Open, wieteke, bram);
        var communityId = await app.QueryAsync(d => d.Communities.Where(c => c.Pilot!.Slug == slug).Select(c => c.Id).SingleAsync());
        for (var i = 1; i <= 6; i++)
        {
            var n = i;
            await WithAsync(app, sp => sp.GetRequiredService<ChatService>().SendAsync(communityId, $"burst-{n}", $"@Wieteke Chat vraag {n}: kun je **even** kijken?", new Actor(bram.Id, false)));
        }
        Assert.Equal(6, await app.QueryAsync(d => d.Notifications.CountAsync(n => n.UserId == wieteke.Id && n.Kind == NotificationKind.ChatMention)));
        Assert.Equal(new MailQueueRun(1, 0, 0, 0), await FlushAsync(app));
        var mail = Assert.Single(To(smtp, wieteke));
        Assert.StartsWith("Bram Prater noemde je in de chat van Coöperatie Wijkteam", mail.Subject);
        Assert.Contains("> @Wieteke Chat vraag 1: kun je even kijken?", mail.TextBody ?? "");
        Assert.Contains($"http://localhost/pilots/{slug}/leergemeenschap/chat", mail.TextBody ?? "");
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);

        // A new burst after the window is a new mail.
        var earlier = DateTimeOffset.UtcNow - NotificationMails.ChatMentionBurst - TimeSpan.FromMinutes(1);
        await app.QueryAsync(d => d.OutgoingMails.ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, earlier)));
        await WithAsync(app, sp => sp.GetRequiredService<ChatService>().SendAsync(communityId, "later-1", "@Wieteke Chat nog één ding", new Actor(bram.Id, false)));
        Assert.Equal(new MailQueueRun(1, 0, 0, 0), await FlushAsync(app));
        Assert.Equal(2, To(smtp, wieteke).Count);
        app.Logs.AssertNoErrors();
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_closed_communitys_text_does_not_go_to_someone_removed_before_the_mail_was_sent(Db db)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(db, smtp.Port);
        var wieteke = await app.CreateUserAsync(name: "Wieteke Vertrekt");
        var blijft = await app.CreateUserAsync(name: "Bas Blijft");
        var bram = await app.CreateUserAsync(name: "Bram Schrijver");
        var (slug, admin) = await PilotAsync(app, CommunityVisibility.Closed, wieteke, blijft, bram);
        var communityId = await app.QueryAsync(d => d.Communities.Where(c => c.Pilot!.Slug == slug).Select(c => c.Id).SingleAsync());
        var thread = await app.CreateThreadAsync(slug, admin, "Vertrouwelijk overleg", kind: ThreadKind.Discussion);
        await app.ReplyAsync(slug, thread, bram, "@Wieteke Vertrekt en @Bas Blijft: het geheime budget is 12.000 euro.");
        await WithAsync(app, sp => sp.GetRequiredService<ChatService>().SendAsync(communityId, "geheim-1", "@Wieteke Vertrekt het geheime plan", new Actor(bram.Id, false)));
        Assert.Equal(3, await app.QueryAsync(d => d.OutgoingMails.CountAsync(m => m.Status == OutgoingMailStatus.Pending)));

        await WithAsync(app, sp => sp.GetRequiredService<CommunityService>().RemoveMemberAsync(slug, wieteke.Id, new Actor(admin.Id, true)).ContinueWith(_ => 0));
        var run = await FlushAsync(app);
        Assert.Equal(new MailQueueRun(1, 0, 0, 2), run);
        Assert.Empty(To(smtp, wieteke));
        Assert.Contains("12.000 euro", Assert.Single(To(smtp, blijft)).TextBody ?? "");
        Assert.All(await app.QueryAsync(d => d.OutgoingMails.Where(m => m.UserId == wieteke.Id).ToListAsync()),
            m => Assert.Equal((OutgoingMailStatus.Skipped, "no longer visible to the recipient"), (m.Status, m.LastError)));

        // Not a member any more: a new mention cannot even be made, and nothing is queued for them.
        await app.ReplyAsync(slug, thread, bram, "@Wieteke Vertrekt ben je er nog?");
        Assert.Equal(0, await app.QueryAsync(d => d.OutgoingMails.CountAsync(m => m.UserId == wieteke.Id && m.Status == OutgoingMailStatus.Pending)));
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Deleting_the_chat_message_before_sending_takes_its_mail_away()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(Db.Sqlite, smtp.Port);
        var wieteke = await app.CreateUserAsync(name: "Wieteke Leest");
        var bram = await app.CreateUserAsync(name: "Bram Spijt");
        var (slug, _) = await PilotAsync(app, CommunityVisibility.Open, wieteke, bram);
        var communityId = await app.QueryAsync(d => d.Communities.Where(c => c.Pilot!.Slug == slug).Select(c => c.Id).SingleAsync());
        var sent = await WithAsync(app, sp => sp.GetRequiredService<ChatService>().SendAsync(communityId, "oeps-1", "@Wieteke Leest verkeerd bericht", new Actor(bram.Id, false)));
        Assert.Equal(1, await app.QueryAsync(d => d.OutgoingMails.CountAsync()));
        await WithAsync(app, sp => sp.GetRequiredService<ChatService>().DeleteAsync(sent.Message.Id, new Actor(bram.Id, false)));
        Assert.Equal(0, (await FlushAsync(app)).Total);
        Assert.Empty(To(smtp, wieteke));
        app.Logs.AssertNoErrors();
    }
}
