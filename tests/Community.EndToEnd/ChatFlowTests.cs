using Community.EndToEnd.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Community.EndToEnd;

/// <summary>The live chat with two people in two browser contexts: delivery, going offline and back, edit and delete, refusal.</summary>
public sealed class ChatFlowTests(AppFixture app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private static readonly string ChatPath = $"/pilots/{Demo.OpenPilot}/leergemeenschap/chat";

    private async Task<Session> MemberInChatAsync(string name)
    {
        var email = await App.CreateUserAsync(name);
        var session = await NewSessionAsync();
        await session.SignInAsync(email);
        await session.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap");
        await session.ClickAndLandAsync(session.Page.GetByRole(AriaRole.Button, new() { Name = "Word lid" }));
        await session.ClickAndLandAsync(session.Page.GetByRole(AriaRole.Link, new() { Name = "Naar de chat" }));
        await Expect(session.Page.Locator("#chat-status")).ToContainTextAsync("Verbonden");
        return session;
    }

    private static ILocator Message(Session s, string text) => s.Page.Locator("#chat-messages > li[data-id]", new() { HasText = text });

    private static async Task SendAsync(Session s, string text)
    {
        await s.Page.GetByLabel("Je bericht").FillAsync(text);
        await s.Page.GetByLabel("Je bericht").PressAsync("Enter");
    }

    [Fact]
    public Task Messages_arrive_live_and_exactly_once_also_after_being_offline() => RunAsync(async () =>
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var a = await MemberInChatAsync("Chat Anna " + tag);
        var b = await MemberInChatAsync("Chat Bob " + tag);
        await Expect(a.Page.Locator("#chat-online")).ToContainTextAsync("Chat Bob " + tag);

        // A writes; B sees it without reloading, once, at the bottom, and it is announced.
        var first = $"Goedemorgen allemaal {tag}";
        await SendAsync(a, first);
        await Expect(Message(b, first)).ToHaveCountAsync(1, new() { Timeout = 3000 });
        await Expect(b.Page.Locator("#chat-messages > li").Last).ToContainTextAsync(first);
        await Expect(b.Page.Locator("#chat-announce")).ToContainTextAsync(first);
        await b.CheckAccessibilityAsync("live chat with a new message");

        // B goes offline; A writes twice; B writes once while offline (queued, not lost).
        await b.Context.SetOfflineAsync(true);
        await Expect(b.Page.Locator("#chat-status")).ToContainTextAsync("Geen verbinding");
        var second = $"Tweede bericht {tag}";
        var third = $"Derde bericht {tag}";
        await SendAsync(a, second);
        await SendAsync(a, third);
        await Expect(Message(a, third)).ToHaveCountAsync(1);
        var offline = $"Geschreven zonder verbinding {tag}";
        await SendAsync(b, offline);
        await Expect(b.Page.Locator("#chat-messages > li.kp-chat__message--pending", new() { HasText = offline })).ToContainTextAsync("Wacht op verbinding");

        // Back online: B catches up after its last id and its queued message goes out, each exactly once.
        await b.Context.SetOfflineAsync(false);
        await Expect(b.Page.Locator("#chat-status")).ToContainTextAsync("Weer verbonden", new() { Timeout = 15_000 });
        await Expect(Message(b, second)).ToHaveCountAsync(1);
        await Expect(Message(b, third)).ToHaveCountAsync(1);
        await Expect(Message(b, offline)).ToHaveCountAsync(1);
        await Expect(b.Page.Locator("#chat-messages > li.kp-chat__message--pending")).ToHaveCountAsync(0);
        await Expect(Message(a, offline)).ToHaveCountAsync(1, new() { Timeout = 3000 });
        // In id order: the two messages A wrote while B was away come before B's queued one.
        var bodies = await b.Page.Locator("#chat-messages > li[data-id] .kp-chat__body").AllInnerTextsAsync();
        var order = new[] { first, second, third, offline }.Select(t => bodies.ToList().FindIndex(x => x.Contains(t))).ToList();
        Assert.Equal(order.Order(), order);

        // The server holds each once too: a reload shows the same.
        await b.VisitAsync(ChatPath);
        await Expect(Message(b, offline)).ToHaveCountAsync(1);
        await Expect(Message(b, second)).ToHaveCountAsync(1);
        await Expect(b.Page.Locator("#chat-status")).ToContainTextAsync("Verbonden");

        // Edit and delete reach the other side.
        var firstAtA = Message(a, first);
        await firstAtA.GetByRole(AriaRole.Button, new() { Name = "Bewerken" }).ClickAsync();
        var edited = $"Goedemiddag allemaal {tag}";
        await a.Page.GetByLabel("Bericht bewerken").FillAsync(edited);
        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await Expect(Message(b, edited)).ToContainTextAsync("bewerkt");
        await Expect(Message(b, first)).ToHaveCountAsync(0);

        a.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await Message(a, second).GetByRole(AriaRole.Button, new() { Name = "Verwijderen" }).ClickAsync();
        await Expect(Message(b, second)).ToHaveCountAsync(0);
        await Expect(b.Page.Locator("#chat-messages > li.kp-chat__message--deleted")).ToContainTextAsync("Dit bericht is verwijderd.");
        await b.CheckAccessibilityAsync("after edit and delete");
    });

    [Fact]
    public Task A_non_member_is_refused_and_a_member_who_leaves_stops_receiving() => RunAsync(async () =>
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var outsiderEmail = await App.CreateUserAsync("Chat Buiten " + tag);
        var outsider = await NewSessionAsync();
        await outsider.SignInAsync(outsiderEmail);
        await outsider.VisitAsync(ChatPath, expectedStatus: 403);
        await Expect(outsider.Page.Locator("#chat-messages")).ToHaveCountAsync(0);

        var a = await MemberInChatAsync("Chat Anna " + tag);
        var c = await MemberInChatAsync("Chat Cees " + tag);
        // C leaves in another tab; the open chat tab is told and hears nothing more.
        var other = await c.Context.NewPageAsync();
        await other.GotoAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap");
        other.Dialog += (_, dialog) => dialog.AcceptAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "Leergemeenschap verlaten" }).ClickAsync();
        await Expect(other.Locator("main")).ToContainTextAsync("Je bent geen lid meer van deze leergemeenschap.");
        await Expect(c.Page.Locator("#chat-status")).ToContainTextAsync("Je bent geen lid meer");
        await Expect(c.Page.GetByLabel("Je bericht")).ToBeDisabledAsync();

        var after = $"Na het vertrek {tag}";
        await SendAsync(a, after);
        await Expect(Message(a, after)).ToHaveCountAsync(1);
        await c.Page.WaitForTimeoutAsync(1000);
        await Expect(Message(c, after)).ToHaveCountAsync(0);
        await c.VisitAsync(ChatPath, expectedStatus: 403);
    });

    [Fact]
    public Task Chosen_messages_become_a_lesson_and_the_chat_links_to_it() => RunAsync(async () =>
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var a = await MemberInChatAsync("Chat Anna " + tag);
        var b = await MemberInChatAsync("Chat Bob " + tag);
        var question = $"Hoe houden jullie de wachtlijst kort {tag}?";
        var answer = $"Elke maandag een triage met het wijkteam {tag}.";
        await SendAsync(b, question);
        await SendAsync(a, answer);
        await Expect(Message(a, question)).ToHaveCountAsync(1, new() { Timeout = 3000 });
        await Expect(Message(a, answer)).ToHaveCountAsync(1);

        // A ticks both messages and makes a lesson draft of them: the wiki's lesson form, the messages quoted.
        await Message(a, question).GetByRole(AriaRole.Checkbox).CheckAsync();
        await Message(a, answer).GetByRole(AriaRole.Checkbox).CheckAsync();
        await a.ClickAndLandAsync(a.Page.GetByRole(AriaRole.Button, new() { Name = "Maak er een lesconcept van" }));
        await Expect(a.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/wiki/nieuw\\?les=true"));
        await Expect(a.Page.GetByRole(AriaRole.Heading, new() { Name = "Nieuwe les geleerd", Level = 1 })).ToBeVisibleAsync();
        var body = await a.Page.Field("Tekst").InputValueAsync();
        Assert.Contains("> " + question, body);
        Assert.Contains("> " + answer, body);
        var title = $"Les: wachtlijst kort houden {tag}";
        await a.Page.Field("Titel").FillAsync(title);
        await a.Page.Field("Tekst").FillAsync(body.Replace("## Wat we leerden\n\n", "## Wat we leerden\n\nTriage op vaste dagen werkt.\n"));
        await a.ClickAndLandAsync(a.Page.GetByRole(AriaRole.Button, new() { Name = "Pagina opslaan" }));
        await Expect(a.Page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(a.Page.Locator("main")).ToContainTextAsync("Triage op vaste dagen werkt.");

        // B, still in the chat, sees both messages link to the lesson without reloading.
        var bLink = Message(b, question).GetByRole(AriaRole.Link, new() { Name = "Vastgelegd als les" });
        await Expect(bLink).ToHaveCountAsync(1, new() { Timeout = 3000 });
        await Expect(Message(b, answer).GetByRole(AriaRole.Link, new() { Name = "Vastgelegd als les" })).ToHaveCountAsync(1);
        await b.CheckAccessibilityAsync("chat with messages recorded as a lesson");

        // After a reload the link is still there once the page has joined the hub, and it leads to the lesson.
        await a.VisitAsync(ChatPath);
        await Expect(a.Page.Locator("#chat-status")).ToContainTextAsync("Verbonden");
        var aLink = Message(a, answer).GetByRole(AriaRole.Link, new() { Name = "Vastgelegd als les" });
        await Expect(aLink).ToHaveCountAsync(1);
        await a.ClickAndLandAsync(aLink);
        await Expect(a.Page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
    });

    [Fact]
    public Task Without_JavaScript_the_chat_reads_and_posts() => RunAsync(async () =>
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var email = await App.CreateUserAsync("Chat Zonder " + tag);
        var member = await NewSessionAsync(javaScript: false);
        await member.SignInAsync(email);
        await member.VisitAsync($"/pilots/{Demo.OpenPilot}/leergemeenschap");
        await member.ClickAndLandAsync(member.Page.GetByRole(AriaRole.Button, new() { Name = "Word lid" }));
        await member.VisitAsync(ChatPath);
        var text = $"Zonder script {tag}";
        await member.Page.GetByLabel("Je bericht").FillAsync(text);
        await member.ClickAndLandAsync(member.Page.GetByRole(AriaRole.Button, new() { Name = "Versturen" }));
        await Expect(Message(member, text)).ToHaveCountAsync(1);

        // The lesson draft is a plain form too: the second button of the promote form, then the wiki's form.
        await Message(member, text).GetByRole(AriaRole.Checkbox).CheckAsync();
        await member.ClickAndLandAsync(member.Page.GetByRole(AriaRole.Button, new() { Name = "Maak er een lesconcept van" }));
        var title = $"Les zonder script {tag}";
        await member.Page.Field("Titel").FillAsync(title);
        await member.ClickAndLandAsync(member.Page.GetByRole(AriaRole.Button, new() { Name = "Pagina opslaan" }));
        await Expect(member.Page.Locator("main")).ToContainTextAsync(text);
        await member.VisitAsync(ChatPath);
        await Expect(Message(member, text).GetByRole(AriaRole.Link, new() { Name = "Vastgelegd als les" })).ToHaveCountAsync(1);
    });
}
