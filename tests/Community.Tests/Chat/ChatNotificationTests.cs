using System.Net;
using System.Text.RegularExpressions;
using Community.Core.Chat;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Tests.Discussions;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Chat;

/// <summary>An @Name in the chat reaches the mentioned member's in-app notifications, under the chat's rights.</summary>
public sealed class ChatNotificationTests(Apps apps) : AppTest(apps)
{
    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..6]}";

    private sealed record Setup(AppFactory App, TestUser Owner, string Slug, string PilotTitle, int CommunityId, TestUser Anna, TestUser Bert);

    private static async Task<Setup> PilotAsync(AppFactory app, CommunityVisibility visibility = CommunityVisibility.Open)
    {
        var owner = await app.CreateUserAsync(admin: true, name: Unique("Coördinator Cor"));
        var slug = await app.CreatePilotAsync(owner, visibility: visibility);
        var c = await app.QueryAsync(d => d.Communities.Where(c => c.Pilot!.Slug == slug).Select(c => new { c.Id, c.Pilot!.Title }).SingleAsync());
        var anna = await app.CreateUserAsync(name: Unique("Anna Appel"));
        await app.AddMemberAsync(slug, anna, owner);
        var bert = await app.CreateUserAsync(name: Unique("Bert Boom"));
        await app.AddMemberAsync(slug, bert, owner);
        return new Setup(app, owner, slug, c.Title, c.Id, anna, bert);
    }

    private static async Task<T> WithAsync<T>(AppFactory app, Func<IServiceProvider, Task<T>> action)
    {
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    private static Task<ChatSendResult> SendAsync(Setup s, TestUser from, string text) =>
        WithAsync(s.App, sp => sp.GetRequiredService<ChatService>().SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), text, new Actor(from.Id, false)));

    private static Task<int> StoredAsync(Setup s, TestUser user) =>
        s.App.QueryAsync(d => d.Notifications.CountAsync(n => n.UserId == user.Id && n.Kind == NotificationKind.ChatMention));

    private static Task<int> UnreadAsync(Setup s, TestUser user) =>
        WithAsync(s.App, sp => sp.GetRequiredService<NotificationService>().UnreadCountAsync(new Actor(user.Id, false)));

    private static string? Bell(Page page) =>
        page.Document.QuerySelector("header a[href='/meldingen']")?.TextContent is { } text ? Page.Collapse(text) : null;

    private static List<string> NotificationLinks(Page page) =>
        page.Links.Where(l => Regex.IsMatch(l, @"^/meldingen/\d+$")).ToList();

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_mention_notifies_the_member_once_the_bell_counts_it_and_opening_marks_it_read_and_goes_to_the_message(Db db)
    {
        var s = await PilotAsync(await App(db));
        var sent = await SendAsync(s, s.Anna, $"Vraag voor @{s.Bert.DisplayName}: kun je helpen? En @{s.Bert.DisplayName} nog eens.");
        // Naming yourself notifies nobody.
        await SendAsync(s, s.Anna, $"Notitie voor mezelf, @{s.Anna.DisplayName}");

        Assert.Equal(1, await StoredAsync(s, s.Bert));
        Assert.Equal(0, await StoredAsync(s, s.Anna));
        Assert.Equal(1, await UnreadAsync(s, s.Bert));

        using var browser = await s.App.SignInAsAsync(s.Bert);
        var home = await browser.GetAsync("/");
        Assert.Equal("Mijn meldingen 1 ongelezen", Bell(home));
        var list = await browser.GetAsync("/meldingen");
        list.AssertStatus(HttpStatusCode.OK);
        Assert.Contains($"{s.Anna.DisplayName} noemde je in de chat van {s.PilotTitle}", Page.Collapse(list.Document.QuerySelector(".kp-notification-list")!.TextContent));
        Assert.Contains("Je hebt 1 ongelezen melding.", list.Text);
        var link = Assert.Single(NotificationLinks(list));

        var opened = await browser.GetAsync(link);
        opened.AssertRedirect($"/pilots/{s.Slug}/leergemeenschap/chat");
        Assert.EndsWith($"#bericht-{sent.Message.Id}", opened.Location);
        // The page it goes to holds that message's anchor.
        var chat = await browser.GetAsync(opened.Location!.Split('#')[0]);
        chat.AssertStatus(HttpStatusCode.OK);
        Assert.NotNull(chat.Document.GetElementById($"bericht-{sent.Message.Id}"));

        Assert.Equal(0, await UnreadAsync(s, s.Bert));
        Assert.Equal("Mijn meldingen", Bell(await browser.GetAsync("/meldingen")));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task An_edit_that_adds_a_mention_notifies_once_and_editing_again_adds_nothing(Db db)
    {
        var s = await PilotAsync(await App(db));
        var sent = await SendAsync(s, s.Anna, "Wie weet dit?");
        Assert.Equal(0, await StoredAsync(s, s.Bert));

        var chat = (IServiceProvider sp) => sp.GetRequiredService<ChatService>();
        var anna = new Actor(s.Anna.Id, false);
        await WithAsync(s.App, sp => chat(sp).EditAsync(sent.Message.Id, $"Wie weet dit? @{s.Bert.DisplayName}?", anna));
        Assert.Equal(1, await StoredAsync(s, s.Bert));
        await WithAsync(s.App, sp => chat(sp).EditAsync(sent.Message.Id, $"Wie weet dit, @{s.Bert.DisplayName}?", anna));
        await WithAsync(s.App, sp => chat(sp).EditAsync(sent.Message.Id, "Wie weet dit?", anna));
        await WithAsync(s.App, sp => chat(sp).EditAsync(sent.Message.Id, $"Toch @{s.Bert.DisplayName}", anna));
        Assert.Equal(1, await StoredAsync(s, s.Bert));
        Assert.Equal(1, await UnreadAsync(s, s.Bert));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Deleting_the_message_takes_the_notification_away(Db db)
    {
        var s = await PilotAsync(await App(db));
        var sent = await SendAsync(s, s.Anna, $"Geheimpje voor @{s.Bert.DisplayName}");
        Assert.Equal(1, await UnreadAsync(s, s.Bert));
        var id = await s.App.QueryAsync(d => d.Notifications.Where(n => n.UserId == s.Bert.Id).Select(n => n.Id).SingleAsync());

        await WithAsync(s.App, sp => sp.GetRequiredService<ChatService>().DeleteAsync(sent.Message.Id, new Actor(s.Anna.Id, false)));

        Assert.Equal(0, await UnreadAsync(s, s.Bert));
        Assert.Equal(0, await StoredAsync(s, s.Bert));
        using var browser = await s.App.SignInAsAsync(s.Bert);
        var list = await browser.GetAsync("/meldingen");
        Assert.Empty(NotificationLinks(list));
        Assert.DoesNotContain("noemde je in de chat", list.Text);
        Assert.Equal("Mijn meldingen", Bell(list));
        (await browser.GetAsync($"/meldingen/{id}")).AssertStatus(HttpStatusCode.NotFound);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_member_who_leaves_or_is_removed_no_longer_sees_chat_mentions_also_in_an_Open_community(Db db)
    {
        var s = await PilotAsync(await App(db), CommunityVisibility.Open);
        var carla = await s.App.CreateUserAsync(name: Unique("Carla Cactus"));
        await s.App.AddMemberAsync(s.Slug, carla, s.Owner);
        var secret = Unique("Vertrouwelijk overleg");
        await SendAsync(s, s.Anna, $"{secret} met @{s.Bert.DisplayName} en @{carla.DisplayName}");
        var ids = await s.App.QueryAsync(d => d.Notifications.Where(n => n.Kind == NotificationKind.ChatMention && (n.UserId == s.Bert.Id || n.UserId == carla.Id))
            .Select(n => new { n.UserId, n.Id }).ToListAsync());
        Assert.Equal(2, ids.Count);

        // Bert leaves; Carla is removed by the coordinator.
        await WithAsync(s.App, async sp => { await sp.GetRequiredService<CommunityService>().LeaveAsync(s.Slug, new Actor(s.Bert.Id, false)); return 0; });
        await WithAsync(s.App, async sp => { await sp.GetRequiredService<CommunityService>().RemoveMemberAsync(s.Slug, carla.Id, new Actor(s.Owner.Id, true)); return 0; });

        foreach (var user in new[] { s.Bert, carla })
        {
            Assert.Equal(0, await UnreadAsync(s, user));
            using var browser = await s.App.SignInAsAsync(user);
            var list = await browser.GetAsync("/meldingen");
            list.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("Mijn meldingen", Bell(list));
            Assert.Empty(NotificationLinks(list));
            Assert.DoesNotContain(s.PilotTitle, list.Text);
            Assert.DoesNotContain(secret, list.Text);
            Assert.DoesNotContain(s.Anna.DisplayName, list.Text);
            (await browser.GetAsync($"/meldingen/{ids.Single(i => i.UserId == user.Id).Id}")).AssertStatus(HttpStatusCode.NotFound);
        }
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Thread_and_chat_notifications_are_listed_together_newest_first(Db db)
    {
        var s = await PilotAsync(await App(db));
        var title = Unique("Wachtlijsten");
        var threadId = await s.App.NewThreadAsync(s.Slug, s.Bert, title);
        await s.App.NewReplyAsync(s.Slug, threadId, s.Anna);
        await SendAsync(s, s.Anna, $"Zie je reactie, @{s.Bert.DisplayName}?");

        var page = await WithAsync(s.App, sp => sp.GetRequiredService<NotificationService>().ListAsync(new Actor(s.Bert.Id, false), 1));
        Assert.Equal(2, page.Unread);
        Assert.Equal([NotificationKind.ChatMention, NotificationKind.Reply], page.Items.Select(i => i.Kind));
        Assert.StartsWith($"/pilots/{s.Slug}/leergemeenschap/chat?", page.Items[0].Url);
        Assert.Equal(s.PilotTitle, page.Items[0].ThreadTitle);
        Assert.Equal(title, page.Items[1].ThreadTitle);
        Assert.StartsWith($"/pilots/{s.Slug}/discussies/{threadId}/", page.Items[1].Url);
    }
}
