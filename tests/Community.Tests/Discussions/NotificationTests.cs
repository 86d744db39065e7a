using System.Net;
using System.Text.RegularExpressions;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Community.Tests.Discussions.NotificationData;

namespace Community.Tests.Discussions;

public sealed class NotificationTests(Apps apps) : AppTest(apps)
{
    /// <summary>The bell's link text as a screen reader announces it (visually hidden parts included).</summary>
    private static string? Bell(Page page) =>
        page.Document.QuerySelector("header a[href='/meldingen']")?.TextContent is { } text ? Page.Collapse(text) : null;

    private static List<string> NotificationLinks(Page page) =>
        page.Links.Where(l => Regex.IsMatch(l, @"^/meldingen/\d+$")).ToList();

    /// <summary>An Open or Closed pilot with an admin owner and two members.</summary>
    private static async Task<(string Slug, TestUser Admin, TestUser Asker, TestUser Replier)> CommunityAsync(AppFactory app,
        CommunityVisibility visibility = CommunityVisibility.Open)
    {
        var admin = await app.CreateUserAsync(admin: true, name: Unique("Beheerder Bram"));
        var slug = await app.CreatePilotAsync(admin, visibility: visibility);
        var asker = await app.CreateUserAsync(name: Unique("Vrager Vera"));
        var replier = await app.CreateUserAsync(name: Unique("Antwoorder Ahmed"));
        await app.AddMemberAsync(slug, asker, admin);
        await app.AddMemberAsync(slug, replier, admin);
        return (slug, admin, asker, replier);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_reply_notifies_the_follower_the_bell_counts_it_and_opening_marks_it_read(Db db)
    {
        var app = await App(db);
        var (slug, _, asker, replier) = await CommunityAsync(app);
        var title = Unique("Wachtlijsten in de Wmo");
        var threadId = await app.NewThreadAsync(slug, asker, title);
        var postId = await app.NewReplyAsync(slug, threadId, replier);

        using var browser = await app.SignInAsAsync(asker);
        var home = await browser.GetAsync("/");
        Assert.Equal("Mijn meldingen 1 ongelezen", Bell(home));
        // The number is visible text in the badge, not a colour.
        Assert.StartsWith("1", home.Document.QuerySelector(".kp-bell__count")?.TextContent);

        var list = await browser.GetAsync("/meldingen");
        list.AssertStatus(HttpStatusCode.OK);
        Assert.Contains($"{replier.DisplayName} reageerde op {title}", list.Text);
        Assert.Contains("Nieuw", list.Text);
        Assert.Contains("Je hebt 1 ongelezen melding.", list.Text);
        var link = Assert.Single(NotificationLinks(list));

        var opened = await browser.GetAsync(link);
        opened.AssertRedirect($"/pilots/{slug}/discussies/{threadId}/");
        Assert.EndsWith($"#bericht-{postId}", opened.Location);

        var after = await browser.GetAsync("/meldingen");
        Assert.Equal("Mijn meldingen", Bell(after));
        Assert.Null(after.Document.QuerySelector(".kp-notification--unread"));
        Assert.DoesNotContain("Nieuw", after.Text);
        Assert.Contains($"{replier.DisplayName} reageerde op {title}", after.Text);

        // The one who replied is not told about their own reply.
        using var theirs = await app.SignInAsAsync(replier);
        Assert.Empty(NotificationLinks(await theirs.GetAsync("/meldingen")));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_mention_notifies_the_member_named(Db db)
    {
        var app = await App(db);
        var (slug, admin, asker, replier) = await CommunityAsync(app);
        var mentioned = await app.CreateUserAsync(name: Unique("Genoemde Gert"));
        await app.AddMemberAsync(slug, mentioned, admin);
        var title = Unique("Samenwerking met de huisarts");
        var threadId = await app.NewThreadAsync(slug, asker, title);
        await app.NewReplyAsync(slug, threadId, replier, $"Misschien weet @{mentioned.DisplayName} hier meer van.");

        using var browser = await app.SignInAsAsync(mentioned);
        var list = await browser.GetAsync("/meldingen");
        Assert.Contains($"{replier.DisplayName} noemde je in {title}", list.Text);
        Assert.Equal("Mijn meldingen 1 ongelezen", Bell(list));
        // The asker follows the thread and hears of the reply as a reply.
        using var askerBrowser = await app.SignInAsAsync(asker);
        Assert.Contains($"{replier.DisplayName} reageerde op {title}", (await askerBrowser.GetAsync("/meldingen")).Text);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Accepting_an_answer_notifies_its_author(Db db)
    {
        var app = await App(db);
        var (slug, _, asker, replier) = await CommunityAsync(app);
        var title = Unique("Welke indicatie voor begeleiding");
        var threadId = await app.NewThreadAsync(slug, asker, title, kind: ThreadKind.Question);
        var answerId = await app.NewReplyAsync(slug, threadId, replier);
        await app.AcceptAnswerAsync(slug, threadId, answerId, asker);

        using var browser = await app.SignInAsAsync(replier);
        var list = await browser.GetAsync("/meldingen");
        Assert.Contains($"{asker.DisplayName} accepteerde jouw antwoord op {title}", list.Text);
        var opened = await browser.GetAsync(Assert.Single(NotificationLinks(list)));
        Assert.EndsWith($"#bericht-{answerId}", opened.Location);
    }

    [Fact]
    public async Task A_coordinators_warning_reaches_the_author_without_naming_the_coordinator()
    {
        var app = await App();
        var (slug, admin, asker, replier) = await CommunityAsync(app);
        var title = Unique("Gemelde reactie");
        var threadId = await app.NewThreadAsync(slug, asker, title);
        var postId = await app.NewReplyAsync(slug, threadId, replier, "Een scherpe reactie.");
        await app.WarnAuthorAsync(slug, threadId, postId, asker, admin);

        using var browser = await app.SignInAsAsync(replier);
        var list = await browser.GetAsync("/meldingen");
        Assert.Contains($"Een coördinator heeft je gewaarschuwd over je bericht in {title}", list.Text);
        Assert.DoesNotContain(admin.DisplayName, list.Text);
        Assert.EndsWith($"#bericht-{postId}", (await browser.GetAsync(Assert.Single(NotificationLinks(list)))).Location);
    }

    [Fact]
    public async Task Mark_all_read_clears_the_count_and_keeps_the_list()
    {
        var app = await App();
        var (slug, _, asker, replier) = await CommunityAsync(app);
        var threadId = await app.NewThreadAsync(slug, asker, Unique("Twee reacties"));
        await app.NewReplyAsync(slug, threadId, replier);
        await app.NewReplyAsync(slug, threadId, replier, "Nog een aanvulling.");

        using var browser = await app.SignInAsAsync(asker);
        var list = await browser.GetAsync("/meldingen");
        Assert.Equal("Mijn meldingen 2 ongelezen", Bell(list));
        Assert.Contains("Je hebt 2 ongelezen meldingen.", list.Text);
        var done = await browser.SubmitAsync(list, list.FormForHandler("MarkAllRead"));
        done.AssertRedirect("/meldingen");
        var after = await browser.FollowAsync(done);
        Assert.Contains("Alle meldingen zijn als gelezen gemarkeerd.", after.Text);
        Assert.Equal("Mijn meldingen", Bell(after));
        Assert.Equal(2, NotificationLinks(after).Count);
        Assert.Contains("Je hebt 0 ongelezen meldingen.", after.Text);
        Assert.Throws<Xunit.Sdk.XunitException>(() => after.FormForHandler("MarkAllRead"));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_member_removed_from_a_closed_community_no_longer_sees_its_notifications(Db db)
    {
        var app = await App(db);
        var (slug, admin, asker, replier) = await CommunityAsync(app, CommunityVisibility.Closed);
        var title = Unique("Besloten casus Zuid");
        var threadId = await app.NewThreadAsync(slug, asker, title);
        await app.NewReplyAsync(slug, threadId, replier);

        using var browser = await app.SignInAsAsync(asker);
        var before = await browser.GetAsync("/meldingen");
        Assert.Equal("Mijn meldingen 1 ongelezen", Bell(before));
        var link = Assert.Single(NotificationLinks(before));

        await app.RemoveMemberAsync(slug, asker, admin);
        var after = await browser.GetAsync("/meldingen");
        after.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Mijn meldingen", Bell(after));
        Assert.Empty(NotificationLinks(after));
        Assert.DoesNotContain(title, after.Html);
        Assert.DoesNotContain(replier.DisplayName, after.Html);
        var home = await browser.GetAsync("/");
        Assert.Equal("Mijn meldingen", Bell(home));
        var opened = await browser.GetAsync(link);
        opened.AssertStatus(HttpStatusCode.NotFound);
        Assert.DoesNotContain(title, opened.Html);
        Assert.Null(opened.Location);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_hidden_posts_notification_disappears(Db db)
    {
        var app = await App(db);
        var (slug, admin, asker, replier) = await CommunityAsync(app);
        var threadId = await app.NewThreadAsync(slug, asker, Unique("Verborgen reactie"));
        var postId = await app.NewReplyAsync(slug, threadId, replier, "Iets wat verborgen wordt.");
        using var browser = await app.SignInAsAsync(asker);
        var link = Assert.Single(NotificationLinks(await browser.GetAsync("/meldingen")));

        await app.HidePostAsync(slug, threadId, postId, admin);
        var after = await browser.GetAsync("/meldingen");
        Assert.Empty(NotificationLinks(after));
        Assert.Equal("Mijn meldingen", Bell(after));
        Assert.DoesNotContain(replier.DisplayName, after.Html);
        (await browser.GetAsync(link)).AssertStatus(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Someone_elses_notification_is_not_found_and_stays_unread()
    {
        var app = await App();
        var (slug, _, asker, replier) = await CommunityAsync(app);
        var threadId = await app.NewThreadAsync(slug, asker, Unique("Niet van jou"));
        await app.NewReplyAsync(slug, threadId, replier);
        using var owner = await app.SignInAsAsync(asker);
        var link = Assert.Single(NotificationLinks(await owner.GetAsync("/meldingen")));

        var (stranger, _) = await app.SignedInAsync();
        using var _s = stranger;
        (await stranger.GetAsync(link)).AssertStatus(HttpStatusCode.NotFound);
        Assert.Equal("Mijn meldingen 1 ongelezen", Bell(await owner.GetAsync("/")));
    }

    [Fact]
    public async Task Notifications_are_paged_by_thirty_newest_first()
    {
        var app = await App();
        var (slug, _, asker, replier) = await CommunityAsync(app);
        var first = Unique("Eerste draad");
        var threadId = await app.NewThreadAsync(slug, asker, first);
        await app.NewReplyAsync(slug, threadId, replier);
        var last = Unique("Laatste draad");
        var lastThread = await app.NewThreadAsync(slug, asker, last);
        await app.QueryAsync(async db =>
        {
            var start = DateTimeOffset.UtcNow.AddDays(-2);
            for (var i = 0; i < NotificationService.PageSize; i++)
                db.Notifications.Add(new Notification { UserId = asker.Id, Kind = NotificationKind.Reply, ThreadId = lastThread, ActorId = replier.Id, At = start.AddMinutes(i) });
            // The real one is the newest; these thirty older ones push nothing of it off page 1.
            return await db.SaveChangesAsync();
        });

        using var browser = await app.SignInAsAsync(asker);
        var page1 = await browser.GetAsync("/meldingen");
        Assert.Equal(NotificationService.PageSize, NotificationLinks(page1).Count);
        Assert.Contains(first, page1.Text);
        Assert.Contains("/meldingen?pagina=2", page1.Links);
        Assert.Equal($"Mijn meldingen {NotificationService.PageSize + 1} ongelezen", Bell(page1));
        var page2 = await browser.GetAsync("/meldingen?pagina=2");
        Assert.Single(NotificationLinks(page2));
        Assert.DoesNotContain(first, page2.Text);
        Assert.Contains(last, page2.Text);
        (await browser.GetAsync("/meldingen?pagina=999")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Anonymous_visitors_see_no_bell_and_are_sent_to_sign_in()
    {
        var app = await App();
        using var browser = app.NewBrowser();
        var home = await browser.GetAsync("/");
        home.AssertStatus(HttpStatusCode.OK);
        Assert.Null(Bell(home));
        foreach (var url in new[] { "/meldingen", "/meldingen/1" })
        {
            var page = await browser.GetAsync(url);
            page.AssertRedirect();
            Assert.Contains("/account/inloggen", page.Location);
        }
    }

    [Fact]
    public async Task In_English_the_kind_is_in_English_and_the_Dutch_title_is_marked_Dutch()
    {
        var app = await App();
        var (slug, _, asker, replier) = await CommunityAsync(app);
        var title = Unique("Inloopspreekuur <b>wijkteam</b>");
        var threadId = await app.NewThreadAsync(slug, asker, title);
        await app.NewReplyAsync(slug, threadId, replier);
        using var browser = await app.SignInAsAsync(asker);
        var page = await browser.GetAsync("/meldingen?culture=en");
        Assert.Contains($"{replier.DisplayName} replied to {title}", page.Text);
        Assert.Equal("My notifications 1 unread", Bell(page));
        var span = page.Document.QuerySelector(".kp-notification__thread");
        Assert.Equal("nl", span?.GetAttribute("lang"));
        Assert.Equal(title, span?.TextContent);
        Assert.DoesNotContain("<b>wijkteam</b>", page.Html);
    }

    [Fact]
    public async Task A_new_feed_token_is_made_from_the_notifications_page_and_returns_where_asked()
    {
        var app = await App();
        var (browser, user) = await app.SignedInAsync();
        using var _ = browser;
        var list = await browser.GetAsync("/meldingen");
        Assert.Throws<Xunit.Sdk.XunitException>(() => list.FormForHandler("FeedToken"));

        var made = await browser.PostAsync("/meldingen?handler=FeedToken&returnUrl=%2Fpilots");
        made.AssertRedirect("/pilots");
        var first = await app.QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.FeedToken).SingleAsync());
        Assert.NotNull(first);

        list = await browser.GetAsync("/meldingen");
        var renewed = await browser.SubmitAsync(list, list.FormForHandler("FeedToken"));
        renewed.AssertRedirect("/meldingen");
        Assert.Contains("Eerdere privéfeedlinks werken niet meer.", (await browser.FollowAsync(renewed)).Text);
        var second = await app.QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.FeedToken).SingleAsync());
        Assert.NotEqual(first, second);

        // Only a path on this site: anything else returns to the notifications page.
        (await browser.PostAsync("/meldingen?handler=FeedToken&returnUrl=https%3A%2F%2Fevil.example%2F")).AssertRedirect("/meldingen");
    }
}
