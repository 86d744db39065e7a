using System.Net;
using Community.Core.Chat;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Wiki;
using Community.Tests.Support;
using static Community.Tests.Chat.ChatSetup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Chat;

/// <summary>Chosen chat messages as a lesson draft in the wiki: who may, which messages, the privacy guard, and the chat's link to the lesson.</summary>
public sealed class ChatLessonTests(Apps apps) : AppTest(apps)
{
    private static async Task<ChatMessageView> SayAsync(Setup s, TestUser who, string text)
    {
        using var scope = s.App.Services.CreateScope();
        var chat = scope.ServiceProvider.GetRequiredService<ChatService>();
        return (await chat.SendAsync(s.CommunityId, Guid.NewGuid().ToString("N"), text, new Actor(who.Id, false))).Message;
    }

    private static async Task DeleteAsync(Setup s, long messageId)
    {
        using var scope = s.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ChatService>().DeleteAsync(messageId, new Actor(s.Owner.Id, true));
    }

    private static Task<int?> LessonOfAsync(AppFactory app, long messageId) =>
        app.QueryAsync(d => d.ChatMessages.Where(m => m.Id == messageId).Select(m => m.PromotedWikiPageId).SingleAsync());

    private static string ChatUrl(Setup s) => $"/pilots/{s.Slug}/leergemeenschap/chat";

    private static (string, string?)[] Chosen(params long[] ids) => ids.Select(id => ("Promote.MessageIds", (string?)id.ToString())).ToArray();

    private static IReadOnlyList<string> ChatIdsOnForm(Page page) =>
        page.Document.QuerySelectorAll("input[name='Form.ChatMessageIds']").Select(i => i.GetAttribute("value")!).ToList();

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Chosen_messages_become_a_lesson_draft_and_the_saved_lesson_is_linked_from_the_chat(Db db)
    {
        var s = await PilotAsync(await App(db));
        var anna = await MemberAsync(s, "Anna Appel");
        var bert = await MemberAsync(s, "Bert Boom");
        var q = await SayAsync(s, anna, "Hoe plannen jullie keukentafelgesprekken?");
        var other = await SayAsync(s, bert, "Iets anders");
        var a = await SayAsync(s, bert, "Binnen **vijf** dagen,\nmet een vaste planner.");
        var gone = await SayAsync(s, anna, "Dit trek ik in");
        await DeleteAsync(s, gone.Id);
        await using var listener = await ChatClient.ConnectAsync(s.App, anna);
        await listener.CallAsync("Join", s.Slug);

        // Without script: tick messages, press the second button of the promote form.
        using var browser = await s.App.SignInAsAsync(bert);
        var chat = await browser.GetAsync(ChatUrl(s));
        var toDraft = await browser.SubmitWithButtonAsync(chat, "Maak er een lesconcept van", Chosen(q.Id, a.Id, gone.Id));
        toDraft.AssertRedirect($"/pilots/{s.Slug}/wiki/nieuw?les=true");
        Assert.Contains($"berichten={q.Id}", toDraft.Location);
        Assert.Contains($"berichten={a.Id}", toDraft.Location);
        Assert.DoesNotContain($"berichten={gone.Id}", toDraft.Location);

        var form = await browser.FollowAsync(toDraft);
        form.AssertStatus(HttpStatusCode.OK);
        Assert.StartsWith("Les uit de chat van ", form.ValueOf("Form.Title"));
        var body = form.ValueOf("Form.Body")!;
        Assert.Contains($"> **{anna.DisplayName}** (", body);
        Assert.Contains("> Hoe plannen jullie keukentafelgesprekken?", body);
        Assert.Contains($"> **{bert.DisplayName}** (", body);
        Assert.Contains("> Binnen **vijf** dagen,\n> met een vaste planner.", body);
        Assert.DoesNotContain("Iets anders", body);
        Assert.Contains($"({ChatUrl(s)}?voor={a.Id + 1}#bericht-{q.Id})", body);
        Assert.Contains("## Wat we leerden", body);
        Assert.Equal(new[] { q.Id.ToString(), a.Id.ToString() }, ChatIdsOnForm(form));
        Assert.Contains("deze les kan iedereen lezen, ook zonder account", form.Text);

        var title = Unique("Les: plan keukentafelgesprekken binnen vijf dagen");
        var saved = await browser.SubmitAsync(form, form.FormWithField("Form.Body"),
            ("Form.Title", title), ("Form.Body", body.Replace("## Wat we leerden\n\n", "## Wat we leerden\n\nEen vaste planner helpt.\n")));
        saved.AssertRedirect($"/pilots/{s.Slug}/wiki/");
        var lesson = await browser.FollowAsync(saved);
        Assert.Contains("Les geleerd", lesson.Text);
        Assert.Contains("Een vaste planner helpt.", lesson.Text);
        Assert.Contains("Hoe plannen jullie keukentafelgesprekken?", lesson.Text);
        var page = await s.App.QueryAsync(d => d.WikiPages.Where(p => p.Title == title).Select(p => new { p.Id, p.IsLesson, p.CommunityId }).SingleAsync());
        Assert.True(page.IsLesson);
        Assert.Equal(s.CommunityId, page.CommunityId);

        Assert.Equal(page.Id, await LessonOfAsync(s.App, q.Id));
        Assert.Equal(page.Id, await LessonOfAsync(s.App, a.Id));
        Assert.Null(await LessonOfAsync(s.App, other.Id));
        Assert.Null(await LessonOfAsync(s.App, gone.Id));

        // Those online hear of the link; every reader of the chat sees it (the other member too).
        var heard = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            var changed = await listener.NextAsync("changed");
            Assert.NotNull(changed);
            heard.Add(((System.Text.Json.JsonElement)changed![0]!).GetProperty("promotedLessonUrl").GetString());
        }
        Assert.All(heard, url => Assert.Equal(saved.Location, url));
        using var annaBrowser = await s.App.SignInAsAsync(anna);
        var annaChat = await annaBrowser.GetAsync(ChatUrl(s));
        var links = annaChat.Document.QuerySelectorAll("#chat-messages a").Where(l => l.TextContent.Contains("Vastgelegd als les")).ToList();
        Assert.Equal(2, links.Count);
        Assert.All(links, l => Assert.Equal(saved.Location, l.GetAttribute("href")));
        Assert.Equal(saved.Location, annaChat.Document.GetElementById($"bericht-{q.Id}")!.GetAttribute("data-promoted-lesson"));

        // A deleted lesson is not linked any more.
        using (var scope = s.App.Services.CreateScope())
        {
            var pageSlug = saved.Location!.Split('/').Last();
            await scope.ServiceProvider.GetRequiredService<WikiService>().DeleteAsync(s.Slug, pageSlug, new Actor(s.Owner.Id, true));
        }
        var afterDelete = await annaBrowser.GetAsync(ChatUrl(s));
        Assert.DoesNotContain("Vastgelegd als les", afterDelete.Text);
    }

    [Fact]
    public async Task Only_members_promote_and_only_this_chats_live_messages_are_drafted_and_linked()
    {
        var app = await App();
        var s = await PilotAsync(app);
        var elsewhere = await PilotAsync(app, CommunityVisibility.Closed);
        var anna = await MemberAsync(s, "Anna Appel");
        var q = await SayAsync(s, anna, "Wie heeft een goed sjabloon voor het plan van aanpak?");
        var secret = await SayAsync(elsewhere, elsewhere.Owner, "Geheim uit een andere chat");

        // Someone who is not a member: no draft, no promotion.
        var (outsider, _) = await app.SignedInAsync(name: Unique("Olaf Buiten"));
        using (outsider)
        {
            (await outsider.PostAsync($"{ChatUrl(s)}?handler=Lesson", ("Promote.MessageIds", q.Id.ToString()))).AssertStatus(HttpStatusCode.Forbidden);
            (await outsider.GetAsync($"/pilots/{s.Slug}/wiki/nieuw?les=true&berichten={q.Id}")).AssertStatus(HttpStatusCode.Forbidden);
        }

        // A platform admin reads the chat but does not promote: the ids are ignored, on the form and on save.
        var (admin, _) = await app.SignedInAsync(admin: true, name: Unique("Beheerder Bea"));
        using (admin)
        {
            (await admin.PostAsync($"{ChatUrl(s)}?handler=Lesson", ("Promote.MessageIds", q.Id.ToString()))).AssertStatus(HttpStatusCode.Forbidden);
            var adminForm = await admin.GetAsync($"/pilots/{s.Slug}/wiki/nieuw?les=true&berichten={q.Id}");
            adminForm.AssertStatus(HttpStatusCode.OK);
            Assert.DoesNotContain("sjabloon voor het plan", adminForm.ValueOf("Form.Body"));
            Assert.Empty(ChatIdsOnForm(adminForm));
            var adminSaved = await admin.PostAsync($"/pilots/{s.Slug}/wiki/nieuw",
                ("Form.Title", Unique("Les van de beheerder")), ("Form.Body", "Tekst."), ("Form.IsLesson", "true"), ("Form.ChatMessageIds", q.Id.ToString()));
            adminSaved.AssertRedirect($"/pilots/{s.Slug}/wiki/");
            Assert.Null(await LessonOfAsync(app, q.Id));
        }

        using var browser = await app.SignInAsAsync(anna);
        var chat = await browser.GetAsync(ChatUrl(s));

        // Another community's message: not found here, and its text never reaches the form.
        var foreign = await browser.SubmitWithButtonAsync(chat, "Maak er een lesconcept van", Chosen(secret.Id));
        foreign.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains(foreign.Errors, e => e.Contains("Kies één of meer berichten om er een les van te maken."));
        var foreignForm = await browser.GetAsync($"/pilots/{s.Slug}/wiki/nieuw?les=true&berichten={secret.Id}");
        foreignForm.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains(foreignForm.Errors, e => e.Contains("Kies één of meer berichten om er een les van te maken."));
        Assert.DoesNotContain("Geheim", foreignForm.Html);

        // Nothing chosen, or too many.
        var none = await browser.SubmitWithButtonAsync(chat, "Maak er een lesconcept van");
        none.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains(none.Errors, e => e.Contains("Kies één of meer berichten om er een les van te maken."));
        var many = await browser.SubmitWithButtonAsync(chat, "Maak er een lesconcept van", Chosen(Enumerable.Range(1, ChatRules.MaxPromote + 1).Select(i => q.Id + i).ToArray()));
        many.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains(many.Errors, e => e.Contains($"Kies maximaal {ChatRules.MaxPromote} berichten."));

        // A draft of two messages; one is deleted before the save, and a foreign id is slipped in: only the live one of this chat is linked.
        var r = await SayAsync(s, anna, "Vergeet de tweede versie niet.");
        var form = await browser.FollowAsync(await browser.SubmitWithButtonAsync(chat, "Maak er een lesconcept van", Chosen(q.Id, r.Id)));
        await DeleteAsync(s, r.Id);
        var title = Unique("Les: een sjabloon voor het plan van aanpak");
        var saved = await browser.SubmitAsync(form, form.FormWithField("Form.Body"),
            ("Form.Title", title), ("Form.ChatMessageIds", q.Id.ToString()), ("Form.ChatMessageIds", r.Id.ToString()), ("Form.ChatMessageIds", secret.Id.ToString()));
        saved.AssertRedirect($"/pilots/{s.Slug}/wiki/");
        var pageId = await app.QueryAsync(d => d.WikiPages.Where(p => p.Title == title).Select(p => p.Id).SingleAsync());
        Assert.Equal(pageId, await LessonOfAsync(app, q.Id));
        Assert.Null(await LessonOfAsync(app, r.Id));
        Assert.Null(await LessonOfAsync(app, secret.Id));
    }

    [Fact]
    public async Task The_privacy_guard_checks_a_lesson_from_the_chat_before_it_is_saved()
    {
        var s = await PilotAsync(await App());
        var anna = await MemberAsync(s, "Anna Appel");
        var m = await SayAsync(s, anna, "Mevrouw is bereikbaar via j.jansen@voorbeeld.nl, zij wil graag meedenken.");
        using var browser = await s.App.SignInAsAsync(anna);
        var chat = await browser.GetAsync(ChatUrl(s));
        var form = await browser.FollowAsync(await browser.SubmitWithButtonAsync(chat, "Maak er een lesconcept van", Chosen(m.Id)));
        var title = Unique("Les: bewoners denken mee");

        // The community warns: the member sees the finding with the text kept, and saves only after confirming.
        var warned = await browser.SubmitAsync(form, form.FormWithField("Form.Body"), ("Form.Title", title));
        warned.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains("Staan hier persoonsgegevens van een burger in?", warned.Text);
        Assert.Contains("j.jansen@voorbeeld.nl", warned.ValueOf("Form.Body"));
        Assert.Equal(new[] { m.Id.ToString() }, ChatIdsOnForm(warned));
        Assert.False(await s.App.QueryAsync(d => d.WikiPages.AnyAsync(p => p.Title == title)));

        // The community blocks: confirming does not help.
        await s.App.QueryAsync(d => d.Communities.Where(c => c.Id == s.CommunityId).ExecuteUpdateAsync(x => x.SetProperty(c => c.PrivacyGuard, PrivacyGuardMode.Block)));
        var blocked = await browser.SubmitAsync(warned, warned.FormWithField("Form.Body"), ("ConfirmedNoPersonalData", "true"));
        blocked.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains("Deze leergemeenschap staat dit niet toe", blocked.Text);
        Assert.False(await s.App.QueryAsync(d => d.WikiPages.AnyAsync(p => p.Title == title)));

        await s.App.QueryAsync(d => d.Communities.Where(c => c.Id == s.CommunityId).ExecuteUpdateAsync(x => x.SetProperty(c => c.PrivacyGuard, PrivacyGuardMode.Warn)));
        var confirmed = await browser.SubmitAsync(warned, warned.FormWithField("Form.Body"), ("ConfirmedNoPersonalData", "true"));
        confirmed.AssertRedirect($"/pilots/{s.Slug}/wiki/");
        Assert.NotNull(await LessonOfAsync(s.App, m.Id));
    }
}
