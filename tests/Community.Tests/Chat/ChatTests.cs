using System.Net;
using System.Text.Json;
using Community.Core.Chat;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Discussions;
using Community.Core.Wiki;
using Community.Tests.Support;
using static Community.Tests.Chat.ChatSetup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Community.Tests.Chat;

public sealed class ChatTests(Apps apps) : AppTest(apps)
{
    /// <summary>The real service on the app's database, with its own clock and limits (the app's are the system clock and defaults).</summary>
    private static async Task<T> WithChatAsync<T>(AppFactory app, Func<ChatService, Task<T>> action, ManualClock? clock = null, ChatOptions? options = null)
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var time = (TimeProvider?)clock ?? TimeProvider.System;
        var chat = clock is null && options is null
            ? sp.GetRequiredService<ChatService>()
            : new ChatService(sp.GetRequiredService<CommunityDbContext>(), time, new ChatLimiter(time, Options.Create(options ?? new ChatOptions())),
                new DiscussionService(sp.GetRequiredService<CommunityDbContext>(), time), new WikiService(sp.GetRequiredService<CommunityDbContext>(), time));
        return await action(chat);
    }

    private static Actor As(TestUser u, bool admin = false) => new(u.Id, admin);

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_retry_with_the_same_client_id_returns_the_stored_message_and_stores_nothing_new(Db db)
    {
        var s = await PilotAsync(await App(db));
        var anna = await MemberAsync(s, "Anna Appel");
        var clientId = Guid.NewGuid().ToString("N");

        var first = await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, clientId, "Hallo **allemaal**", As(anna)));
        var retry = await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, clientId, "Hallo **allemaal**", As(anna)));
        // Two retries at the same moment: the unique (author, client id) index lets one through, the other gets it back.
        var raced = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, "race-" + clientId, "Tegelijk", As(anna)))));

        Assert.True(first.Created);
        Assert.False(retry.Created);
        Assert.Equal(first.Message.Id, retry.Message.Id);
        Assert.Equal("Hallo <strong>allemaal</strong>", first.Message.Html);
        Assert.Single(raced.Select(r => r.Message.Id).Distinct());
        Assert.Single(raced, r => r.Created);
        var stored = await s.App.QueryAsync(d => d.ChatMessages.CountAsync(m => m.CommunityId == s.CommunityId));
        Assert.Equal(2, stored);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task History_pages_by_id_in_order_and_catch_up_after_an_id_has_no_gaps(Db db)
    {
        var s = await PilotAsync(await App(db));
        var anna = await MemberAsync(s, "Anna Appel");
        var bert = await MemberAsync(s, "Bert Boom");
        var ids = new List<long>();
        for (var i = 1; i <= 7; i++)
        {
            var who = i % 2 == 0 ? bert : anna;
            ids.Add((await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), $"Bericht {i}", As(who)))).Message.Id);
        }
        Assert.Equal(ids.Order(), ids);

        // Catch-up as the client does it: everything after the last id it has, page by page, until nothing newer.
        var caught = new List<ChatMessageView>();
        long after = ids[1];
        ChatHistory page;
        do
        {
            page = await WithChatAsync(s.App, c => c.HistoryAsync(s.CommunityId, null, after, As(bert), limit: 2));
            caught.AddRange(page.Messages);
            if (page.Messages.Count > 0) after = page.Messages[^1].Id;
        } while (page.HasNewer);
        Assert.Equal(ids.Skip(2), caught.Select(m => m.Id));
        Assert.Equal(["Bericht 3", "Bericht 4", "Bericht 5", "Bericht 6", "Bericht 7"], caught.Select(m => m.Body));

        var newest = await WithChatAsync(s.App, c => c.HistoryAsync(s.CommunityId, null, null, As(anna), limit: 3));
        Assert.Equal(ids.Skip(4), newest.Messages.Select(m => m.Id));
        Assert.True(newest.HasOlder);
        var older = await WithChatAsync(s.App, c => c.HistoryAsync(s.CommunityId, newest.Messages[0].Id, null, As(anna), limit: 10));
        Assert.Equal(ids.Take(4), older.Messages.Select(m => m.Id));
        Assert.False(older.HasOlder);
        Assert.True(older.HasNewer);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Only_members_read_and_send_admins_read_and_nobody_else_sees_the_chat(Db db)
    {
        var s = await PilotAsync(await App(db));
        var anna = await MemberAsync(s, "Anna Appel");
        var outsider = await s.App.CreateUserAsync(name: Unique("Buiten Staander"));
        var admin = await s.App.CreateUserAsync(admin: true, name: Unique("Beheerder Bea"));
        await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), "Alleen voor leden", As(anna)));

        // Open community: anyone reads the discussions, but the chat is for members only.
        await Assert.ThrowsAsync<ForbiddenException>(() => WithChatAsync(s.App, c => c.HistoryAsync(s.CommunityId, null, null, As(outsider))));
        await Assert.ThrowsAsync<ForbiddenException>(() => WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, "x1", "Mag ik?", As(outsider))));
        await Assert.ThrowsAsync<ForbiddenException>(() => WithChatAsync(s.App, c => c.HistoryAsync(s.CommunityId, null, null, Actor.Anonymous)));
        var read = await WithChatAsync(s.App, c => c.HistoryAsync(s.CommunityId, null, null, As(admin, admin: true)));
        Assert.Single(read.Messages);
        await Assert.ThrowsAsync<ForbiddenException>(() => WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, "x2", "Beheer", As(admin, admin: true))));

        using var outsiderBrowser = await s.App.SignInAsAsync(outsider);
        var refused = await outsiderBrowser.GetAsync($"/pilots/{s.Slug}/leergemeenschap/chat");
        refused.AssertStatus(HttpStatusCode.Forbidden);
        Assert.DoesNotContain("Alleen voor leden", refused.Html);
        var anonymous = await s.App.NewBrowser().GetAsync($"/pilots/{s.Slug}/leergemeenschap/chat");
        anonymous.AssertRedirect();
        Assert.Contains("/account/inloggen", anonymous.Location);
        using var adminBrowser = await s.App.SignInAsAsync(admin);
        var adminPage = await adminBrowser.GetAsync($"/pilots/{s.Slug}/leergemeenschap/chat");
        adminPage.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Alleen voor leden", adminPage.Text);
        Assert.Contains("Je leest mee als beheerder", adminPage.Text);
    }

    [Fact]
    public async Task Without_JavaScript_the_form_posts_a_message_and_a_double_submit_is_one_message()
    {
        var s = await PilotAsync(await App());
        var anna = await MemberAsync(s, "Anna Appel");
        using var browser = await s.App.SignInAsAsync(anna);
        var page = await browser.GetAsync($"/pilots/{s.Slug}/leergemeenschap/chat");
        page.AssertStatus(HttpStatusCode.OK);
        var form = page.FormForHandler("Send");
        var first = await browser.SubmitAsync(page, form, ("Input.Body", "Wie heeft er *ervaring* met `wijkteams`?"));
        var second = await browser.SubmitAsync(page, form, ("Input.Body", "Wie heeft er *ervaring* met `wijkteams`?"));
        first.AssertRedirect($"/pilots/{s.Slug}/leergemeenschap/chat#bericht-");
        Assert.Equal(first.Location, second.Location);

        var after = await browser.GetAsync($"/pilots/{s.Slug}/leergemeenschap/chat");
        var messages = after.Document.QuerySelectorAll("#chat-messages > li");
        Assert.Single(messages);
        Assert.Equal("ervaring", messages[0].QuerySelector(".kp-chat__body em")!.TextContent);
        Assert.Equal("wijkteams", messages[0].QuerySelector(".kp-chat__body code")!.TextContent);
        // The next message gets a new client id.
        Assert.NotEqual(page.ValueOf("Input.ClientId"), after.ValueOf("Input.ClientId"));

        // Too long: refused with the reason, and the text stays in the form.
        var tooLong = new string('a', ChatRules.BodyMaxLength + 1);
        var refused = await browser.SubmitAsync(after, after.FormForHandler("Send"), ("Input.Body", tooLong));
        refused.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains(refused.Errors, e => e.Contains("maximaal 4000 tekens"));
        Assert.Equal(tooLong, refused.ValueOf("Input.Body"));
    }

    [Fact]
    public async Task Older_messages_are_a_link_away_without_JavaScript()
    {
        var s = await PilotAsync(await App());
        var anna = await MemberAsync(s, "Anna Appel");
        for (var i = 1; i <= ChatRules.PageSize + 3; i++)
            await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), $"Regel {i}", As(anna)), options: new ChatOptions { MessagesPerWindow = 1000 });
        using var browser = await s.App.SignInAsAsync(anna);
        var page = await browser.GetAsync($"/pilots/{s.Slug}/leergemeenschap/chat");
        Assert.Equal(ChatRules.PageSize, page.Document.QuerySelectorAll("#chat-messages > li").Length);
        Assert.DoesNotContain("Regel 3 ", page.Text + " ");
        var older = page.Document.QuerySelector("#chat-older")!.GetAttribute("href")!;
        var olderPage = await browser.GetAsync(older);
        Assert.Equal(["Regel 1", "Regel 2", "Regel 3"], olderPage.Document.QuerySelectorAll("#chat-messages .kp-chat__body").Select(b => b.TextContent.Trim()));
        Assert.Contains("Dit is het begin van de chat.", olderPage.Text);
    }

    [Fact]
    public async Task Authors_edit_and_delete_within_ten_minutes_and_coordinators_delete_any_time()
    {
        var s = await PilotAsync(await App());
        var anna = await MemberAsync(s, "Anna Appel");
        var bert = await MemberAsync(s, "Bert Boom");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var sent = await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), "Eerste versie", As(anna)), clock);
        var id = sent.Message.Id;

        await Assert.ThrowsAsync<ForbiddenException>(() => WithChatAsync(s.App, c => c.EditAsync(id, "Van Bert", As(bert)), clock));
        await Assert.ThrowsAsync<ForbiddenException>(() => WithChatAsync(s.App, c => c.DeleteAsync(id, As(bert)), clock));
        clock.Advance(TimeSpan.FromMinutes(9));
        var edited = await WithChatAsync(s.App, c => c.EditAsync(id, "Tweede versie", As(anna)), clock);
        Assert.Equal("Tweede versie", edited.Body);
        Assert.NotNull(edited.EditedAt);

        clock.Advance(TimeSpan.FromMinutes(2));
        var late = await Assert.ThrowsAsync<RuleException>(() => WithChatAsync(s.App, c => c.EditAsync(id, "Te laat", As(anna)), clock));
        Assert.Equal("Je kunt een bericht alleen in de eerste 10 minuten na het versturen wijzigen.", late.Message);
        await Assert.ThrowsAsync<RuleException>(() => WithChatAsync(s.App, c => c.DeleteAsync(id, As(anna)), clock));

        var deleted = await WithChatAsync(s.App, c => c.DeleteAsync(id, As(s.Owner)), clock);
        Assert.True(deleted.IsDeleted);
        Assert.Null(deleted.Body);
        Assert.Equal("", await s.App.QueryAsync(d => d.ChatMessages.Where(m => m.Id == id).Select(m => m.Body).SingleAsync()));
    }

    [Fact]
    public async Task Sending_too_fast_is_refused_with_a_clear_message_and_retries_do_not_count()
    {
        var s = await PilotAsync(await App());
        var anna = await MemberAsync(s, "Anna Appel");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var options = new ChatOptions { MessagesPerWindow = 3, RateWindowSeconds = 10 };
        using var scope = s.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        var chat = new ChatService(db, clock, new ChatLimiter(clock, Options.Create(options)), new DiscussionService(db, clock), new WikiService(db, clock));
        for (var i = 0; i < 3; i++) await chat.SendAsync(s.CommunityId, $"snel-{i}-{anna.Id}", $"Snel {i}", As(anna));
        await chat.SendAsync(s.CommunityId, $"snel-0-{anna.Id}", "Snel 0", As(anna));
        var refused = await Assert.ThrowsAsync<RuleException>(() => chat.SendAsync(s.CommunityId, $"snel-3-{anna.Id}", "Snel 3", As(anna)));
        Assert.Equal("Je stuurt te veel berichten kort na elkaar. Wacht even en probeer het dan opnieuw.", refused.Message);
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True((await chat.SendAsync(s.CommunityId, $"snel-3-{anna.Id}", "Snel 3", As(anna))).Created);
        await Assert.ThrowsAsync<RuleException>(() => chat.SendAsync(s.CommunityId, "niet geldig!", "x", As(anna)));
        await Assert.ThrowsAsync<RuleException>(() => chat.SendAsync(s.CommunityId, "leeg", "   ", As(anna)));
    }

    [Fact]
    public async Task Mentions_are_recorded_and_the_unread_count_follows_reading()
    {
        var s = await PilotAsync(await App());
        var anna = await MemberAsync(s, "Anna Appel");
        var bert = await MemberAsync(s, "Bert Boom");
        var m = await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), $"Vraag voor @{bert.DisplayName}: kun je helpen?", As(anna)));
        Assert.Equal([bert.Id], m.Message.MentionedUserIds);
        await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), "Nog een", As(anna)));

        Assert.Equal(2, (await WithChatAsync(s.App, c => c.UnreadAsync(As(bert)))).GetValueOrDefault(s.CommunityId));
        Assert.Equal(0, (await WithChatAsync(s.App, c => c.UnreadAsync(As(anna)))).GetValueOrDefault(s.CommunityId));
        using var browser = await s.App.SignInAsAsync(bert);
        var home = await browser.GetAsync($"/pilots/{s.Slug}/leergemeenschap");
        Assert.Contains("2 ongelezen", home.Text);
        var chatPage = await browser.GetAsync($"/pilots/{s.Slug}/leergemeenschap/chat");
        Assert.Contains("noemt jou", chatPage.Text);
        Assert.Equal(0, (await WithChatAsync(s.App, c => c.UnreadAsync(As(bert)))).GetValueOrDefault(s.CommunityId));
        Assert.DoesNotContain("ongelezen", (await browser.GetAsync($"/pilots/{s.Slug}/leergemeenschap")).Text);

        // The header counts unread messages over all of a person's chats; /chat lists them.
        await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), "Nog eentje", As(anna)));
        var mine = await browser.GetAsync("/chat");
        mine.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("(1 ongelezen)", Page.Collapse(mine.Document.QuerySelector(".kp-nav")!.TextContent));
        Assert.Contains("1 ongelezen", mine.Text);
        Assert.Contains(mine.Links, l => l == $"/pilots/{s.Slug}/leergemeenschap/chat");
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Chosen_messages_become_a_question_thread_and_the_chat_links_to_it(Db db)
    {
        var s = await PilotAsync(await App(db));
        var anna = await MemberAsync(s, "Anna Appel");
        var bert = await MemberAsync(s, "Bert Boom");
        var q = await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), "Hoe plannen jullie keukentafelgesprekken?", As(anna)));
        await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), "Iets anders", As(bert)));
        var a = await WithChatAsync(s.App, c => c.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), "Binnen **vijf** dagen.", As(bert)));

        using var browser = await s.App.SignInAsAsync(bert);
        var page = await browser.GetAsync($"/pilots/{s.Slug}/leergemeenschap/chat");
        var title = Unique("Hoe plannen jullie keukentafelgesprekken");
        var created = await browser.SubmitAsync(page, page.FormForHandler("Promote"),
            ("Promote.Title", title), ("Promote.MessageIds", q.Message.Id.ToString()), ("Promote.MessageIds", a.Message.Id.ToString()));
        created.AssertRedirect($"/pilots/{s.Slug}/discussies/");
        var thread = await browser.FollowAsync(created);
        Assert.Contains(title, thread.Text);
        Assert.Contains("Hoe plannen jullie keukentafelgesprekken?", thread.Text);
        Assert.Contains("Binnen vijf dagen.", thread.Text);
        Assert.DoesNotContain("Iets anders", thread.Text);
        var kind = await s.App.QueryAsync(d => d.Threads.Where(t => t.Title == title).Select(t => t.Kind).SingleAsync());
        Assert.Equal(ThreadKind.Question, kind);

        var chat = await browser.GetAsync($"/pilots/{s.Slug}/leergemeenschap/chat");
        var links = chat.Document.QuerySelectorAll("#chat-messages a").Where(l => l.TextContent.Contains("Gemaakt tot vraag")).ToList();
        Assert.Equal(2, links.Count);
        Assert.All(links, l => Assert.Equal(created.Location, l.GetAttribute("href")));

        var none = await browser.SubmitAsync(chat, chat.FormForHandler("Promote"), ("Promote.Title", title));
        none.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains(none.Errors, e => e.Contains("Kies één of meer berichten"));
    }

    [Fact]
    public void Markdown_lite_formats_a_little_and_lets_no_HTML_or_unsafe_link_through()
    {
        Assert.Equal("<strong>vet</strong> en <em>schuin</em> en <em>ook</em>", ChatMarkdown.ToHtml("**vet** en *schuin* en _ook_"));
        Assert.Equal("<code>&lt;b&gt;**niet**&lt;/b&gt;</code>", ChatMarkdown.ToHtml("`<b>**niet**</b>`"));
        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt;", ChatMarkdown.ToHtml("<script>alert(1)</script>"));
        Assert.Equal("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener\">site</a>", ChatMarkdown.ToHtml("[site](https://example.org/a?b=1&c=2)"));
        Assert.Equal("klik", ChatMarkdown.ToHtml("[klik](javascript:alert)"));
        Assert.Equal("zie <a href=\"https://kennis.nl/x\" rel=\"nofollow noopener\">https://kennis.nl/x</a>.", ChatMarkdown.ToHtml("zie https://kennis.nl/x."));
        Assert.Equal("regel 1<br>regel 2", ChatMarkdown.ToHtml("regel 1\nregel 2"));
        Assert.Equal("<a href=\"/pilots/x\">intern</a>", ChatMarkdown.ToHtml("[intern](/pilots/x)"));
        Assert.Equal("5 * 3 * 2", ChatMarkdown.ToHtml("5 * 3 * 2"));
        Assert.Equal("&quot;a&quot; &amp; &#39;b&#39;", ChatMarkdown.ToHtml("\"a\" & 'b'"));
    }

    // ---- the hub ------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_member_hears_another_members_message_and_the_sender_gets_the_stored_message_back()
    {
        var s = await PilotAsync(await App());
        var anna = await MemberAsync(s, "Anna Appel");
        var bert = await MemberAsync(s, "Bert Boom");
        await using var a = await ChatClient.ConnectAsync(s.App, anna);
        await using var b = await ChatClient.ConnectAsync(s.App, bert);
        var joinedA = await a.CallAsync("Join", s.Slug);
        await b.CallAsync("Join", s.Slug);
        Assert.Equal(s.CommunityId, joinedA.GetProperty("communityId").GetInt32());

        var clientId = Guid.NewGuid().ToString("N");
        var ack = await a.CallAsync("Send", s.CommunityId, clientId, "Goedemorgen!");
        var again = await a.CallAsync("Send", s.CommunityId, clientId, "Goedemorgen!");
        Assert.Equal(ack.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());

        var heard = await b.NextAsync("message");
        Assert.NotNull(heard);
        var message = (JsonElement)heard[0]!;
        Assert.Equal("Goedemorgen!", message.GetProperty("body").GetString());
        Assert.Equal(anna.DisplayName, message.GetProperty("authorName").GetString());
        // The retry was not broadcast again.
        Assert.Null(await b.NextAsync("message", TimeSpan.FromMilliseconds(500)));

        await b.CallAsync("Typing", s.CommunityId);
        var typing = await a.NextAsync("typing");
        Assert.Equal(bert.DisplayName, ((JsonElement)typing![2]!).GetString());

        var edited = await a.CallAsync("Edit", ack.GetProperty("id").GetInt64(), "Goedemiddag!");
        Assert.Equal("Goedemiddag!", ((JsonElement)(await b.NextAsync("changed"))![0]!).GetProperty("body").GetString());
        Assert.Equal("Goedemiddag!", edited.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_non_member_cannot_join_the_group_or_send()
    {
        var s = await PilotAsync(await App());
        var outsider = await s.App.CreateUserAsync(name: Unique("Buiten Staander"));
        await using var o = await ChatClient.ConnectAsync(s.App, outsider);
        Assert.Contains("alleen leden van deze leergemeenschap", await o.RefusalAsync("Join", s.Slug));
        Assert.Contains("alleen leden van deze leergemeenschap", await o.RefusalAsync("Send", s.CommunityId, "buiten-1", "Hallo?"));
        Assert.NotNull(await o.RefusalAsync("History", s.CommunityId, null, 0L));
        Assert.NotNull(await o.RefusalAsync("Typing", s.CommunityId));
        Assert.Equal(0, await s.App.QueryAsync(d => d.ChatMessages.CountAsync(m => m.CommunityId == s.CommunityId)));
    }

    [Fact]
    public async Task A_removed_member_stops_receiving_at_once_and_cannot_send()
    {
        var s = await PilotAsync(await App());
        var anna = await MemberAsync(s, "Anna Appel");
        var bert = await MemberAsync(s, "Bert Boom");
        await using var a = await ChatClient.ConnectAsync(s.App, anna);
        await using var b = await ChatClient.ConnectAsync(s.App, bert);
        await a.CallAsync("Join", s.Slug);
        await b.CallAsync("Join", s.Slug);

        using (var scope = s.App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CommunityService>().RemoveMemberAsync(s.Slug, bert.Id, new Actor(s.Owner.Id, true));
        var removed = await b.NextAsync("removed");
        Assert.NotNull(removed);
        Assert.Contains("geen lid meer", ((JsonElement)removed[1]!).GetString());

        await a.CallAsync("Send", s.CommunityId, Guid.NewGuid().ToString("N"), "Na het vertrek van Bert");
        Assert.NotNull(await a.NextAsync("message"));
        Assert.Null(await b.NextAsync("message", TimeSpan.FromMilliseconds(700)));
        Assert.NotNull(await b.RefusalAsync("Send", s.CommunityId, "weg-1", "Ben ik er nog?"));
        Assert.NotNull(await b.RefusalAsync("Join", s.Slug));
    }

    [Fact]
    public async Task A_member_who_leaves_stops_receiving_too()
    {
        var s = await PilotAsync(await App());
        var anna = await MemberAsync(s, "Anna Appel");
        var bert = await MemberAsync(s, "Bert Boom");
        await using var a = await ChatClient.ConnectAsync(s.App, anna);
        await using var b = await ChatClient.ConnectAsync(s.App, bert);
        await a.CallAsync("Join", s.Slug);
        await b.CallAsync("Join", s.Slug);
        using var browser = await s.App.SignInAsAsync(bert);
        var home = await browser.GetAsync($"/pilots/{s.Slug}/leergemeenschap");
        (await browser.SubmitAsync(home, home.FormForHandler("Leave"))).AssertRedirect();
        Assert.NotNull(await b.NextAsync("removed"));
        await a.CallAsync("Send", s.CommunityId, Guid.NewGuid().ToString("N"), "Dag Bert");
        Assert.Null(await b.NextAsync("message", TimeSpan.FromMilliseconds(700)));
    }

    [Fact]
    public async Task A_message_posted_by_the_form_reaches_live_readers()
    {
        var s = await PilotAsync(await App());
        var anna = await MemberAsync(s, "Anna Appel");
        var bert = await MemberAsync(s, "Bert Boom");
        await using var b = await ChatClient.ConnectAsync(s.App, bert);
        await b.CallAsync("Join", s.Slug);
        using var browser = await s.App.SignInAsAsync(anna);
        var page = await browser.GetAsync($"/pilots/{s.Slug}/leergemeenschap/chat");
        (await browser.SubmitAsync(page, page.FormForHandler("Send"), ("Input.Body", "Via het formulier"))).AssertRedirect();
        Assert.Equal("Via het formulier", ((JsonElement)(await b.NextAsync("message"))![0]!).GetProperty("body").GetString());
    }
}

public sealed class ChatLimitApps : Apps
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Chat:MaxConnectionsPerUser"] = "2" };
}

public sealed class ChatConnectionLimitTests(ChatLimitApps apps) : AppTest<ChatLimitApps>(apps)
{
    [Fact]
    public async Task A_person_with_too_many_connections_is_refused_with_a_clear_message()
    {
        var app = await App();
        var user = await app.CreateUserAsync(name: "Veel Vensters");
        await using var one = await ChatClient.ConnectAsync(app, user);
        await using var two = await ChatClient.ConnectAsync(app, user);
        await using var three = await ChatClient.ConnectAsync(app, user);
        var refused = await three.NextAsync("refused");
        Assert.NotNull(refused);
        Assert.Contains("te veel vensters open (maximaal 2)", ((JsonElement)refused[0]!).GetString());
        // Closing one frees a place (the server may take a moment to notice the close).
        await one.Connection.StopAsync();
        var accepted = false;
        for (var attempt = 0; attempt < 10 && !accepted; attempt++)
        {
            await using var next = await ChatClient.ConnectAsync(app, user);
            accepted = await next.NextAsync("refused", TimeSpan.FromMilliseconds(500)) is null;
        }
        Assert.True(accepted, "A connection closed, but a new one was still refused.");
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
