using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Tests.Support;
using static Community.Tests.Discussions.NotificationData;

namespace Community.Tests.Discussions;

public sealed class FeedTests(Apps apps) : AppTest(apps)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static async Task<(string Slug, TestUser Admin, TestUser Member)> CommunityAsync(AppFactory app, CommunityVisibility visibility)
    {
        var admin = await app.CreateUserAsync(admin: true, name: Unique("Beheerder Bea"));
        var slug = await app.CreatePilotAsync(admin, visibility: visibility);
        var member = await app.CreateUserAsync(name: Unique("Lid Lotte"));
        await app.AddMemberAsync(slug, member, admin);
        return (slug, admin, member);
    }

    private static XDocument Atom200(Page page)
    {
        page.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("application/atom+xml", page.Response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(page.Html);
    }

    private static void AssertRefused(Page page, string title)
    {
        // A feed reader has no cookie: a refusal, never a redirect to the sign-in page, and nothing of the thread.
        Assert.Contains(page.Status, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Null(page.Location);
        Assert.DoesNotContain(title, page.Html);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task An_open_communitys_feed_is_public_well_formed_Atom_with_its_threads(Db db)
    {
        var app = await App(db);
        var (slug, _, member) = await CommunityAsync(app, CommunityVisibility.Open);
        var older = Unique("Eerste vraag over mantelzorg");
        await app.NewThreadAsync(slug, member, older, kind: ThreadKind.Question);
        var title = Unique("Ervaringen met de buurtkamer");
        var threadId = await app.NewThreadAsync(slug, member, title, "Wij zagen **veel** bezoekers. Zie [de notitie](/pilots).");

        using var anonymous = app.NewBrowser();
        var page = await anonymous.GetAsync($"/pilots/{slug}/discussies/feed");
        var feed = Atom200(page).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("nl", feed.Attribute(XNamespace.Xml + "lang")?.Value);
        Assert.Equal("http://localhost/", feed.Attribute(XNamespace.Xml + "base")?.Value);
        Assert.Equal($"http://localhost/pilots/{slug}/discussies", feed.Element(Atom + "id")?.Value);
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self" && (string?)l.Attribute("href") == $"http://localhost/pilots/{slug}/discussies/feed");
        Assert.NotNull(feed.Element(Atom + "updated"));

        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        var entry = entries[0];
        Assert.Equal(title, entry.Element(Atom + "title")?.Value);
        var href = entry.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!.Value;
        Assert.StartsWith($"http://localhost/pilots/{slug}/discussies/{threadId}/ervaringen-met-de-buurtkamer", href);
        Assert.Equal($"tag:localhost,2026:discussie-{threadId}", entry.Element(Atom + "id")?.Value);
        Assert.True(DateTimeOffset.TryParse(entry.Element(Atom + "published")?.Value, out _));
        Assert.True(DateTimeOffset.TryParse(entry.Element(Atom + "updated")?.Value, out _));
        var content = entry.Element(Atom + "content")!;
        Assert.Equal("html", content.Attribute("type")?.Value);
        Assert.Contains("<strong>veel</strong>", content.Value);
        Assert.Contains("href=\"/pilots\"", content.Value);
        // People are named to signed-in readers only; an anonymous feed says who as the pilot team.
        Assert.Equal("Pilotteam", entry.Element(Atom + "author")?.Element(Atom + "name")?.Value);
        Assert.DoesNotContain(member.DisplayName, page.Html);
        Assert.Equal("vraag", entries[1].Element(Atom + "category")?.Attribute("term")?.Value);

        // With a member's token, the same feed names the author.
        var token = await app.FeedTokenOfAsync(member);
        Assert.Equal("public, max-age=300", page.Response.Headers.CacheControl?.ToString());
        var namedPage = await anonymous.GetAsync($"/pilots/{slug}/discussies/feed?token={token}");
        var named = Atom200(namedPage);
        Assert.True(namedPage.Response.Headers.CacheControl is { Private: true, NoStore: true }, "A feed that names people is not kept by shared caches.");
        Assert.Equal(member.DisplayName, named.Root!.Elements(Atom + "entry").First().Element(Atom + "author")?.Element(Atom + "name")?.Value);

        (await anonymous.GetAsync("/pilots/bestaat-niet/discussies/feed")).AssertStatus(HttpStatusCode.NotFound);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_closed_communitys_feed_needs_the_token_of_a_current_member(Db db)
    {
        var app = await App(db);
        var (slug, admin, member) = await CommunityAsync(app, CommunityVisibility.Closed);
        var title = Unique("Besloten: signalen van schulden");
        await app.NewThreadAsync(slug, member, title, "Vertrouwelijke tekst.");
        var url = $"/pilots/{slug}/discussies/feed";

        using var anonymous = app.NewBrowser();
        AssertRefused(await anonymous.GetAsync(url), title);
        AssertRefused(await anonymous.GetAsync(url + "?token=" + new string('a', 48)), title);
        AssertRefused(await anonymous.GetAsync(url + "?token=" + new string('a', 500)), title);

        var outsider = await app.CreateUserAsync(name: Unique("Buitenstaander Bob"));
        AssertRefused(await anonymous.GetAsync(url + "?token=" + await app.FeedTokenOfAsync(outsider)), title);

        // A signed-in member's cookie is not the feed's key: the token is.
        using var memberBrowser = await app.SignInAsAsync(member);
        AssertRefused(await memberBrowser.GetAsync(url), title);

        var token = await app.FeedTokenOfAsync(member);
        var page = await anonymous.GetAsync(url + "?token=" + token);
        var feed = Atom200(page);
        Assert.Equal(title, feed.Root!.Element(Atom + "entry")?.Element(Atom + "title")?.Value);
        Assert.Contains("Vertrouwelijke tekst.", page.Html);
        Assert.True(page.Response.Headers.CacheControl is { Private: true, NoStore: true }, "A private feed is not kept by shared caches.");

        // An admin's token reads it too.
        Atom200(await anonymous.GetAsync(url + "?token=" + await app.FeedTokenOfAsync(admin)));

        // A new token revokes the old one.
        var renewed = await app.FeedTokenOfAsync(member, renew: true);
        Assert.NotEqual(token, renewed);
        AssertRefused(await anonymous.GetAsync(url + "?token=" + token), title);
        Atom200(await anonymous.GetAsync(url + "?token=" + renewed));

        // Leaving the community ends the feed.
        await app.RemoveMemberAsync(slug, member, admin);
        AssertRefused(await anonymous.GetAsync(url + "?token=" + renewed), title);
    }

    [Fact]
    public async Task An_admins_block_ends_a_members_feed_but_a_few_failed_sign_ins_do_not()
    {
        var app = await App();
        var (slug, _, member) = await CommunityAsync(app, CommunityVisibility.Closed);
        var title = Unique("Besloten draad");
        await app.NewThreadAsync(slug, member, title);
        var url = $"/pilots/{slug}/discussies/feed?token=" + await app.FeedTokenOfAsync(member);
        using var reader = app.NewBrowser();

        async Task LockOutUntilAsync(DateTimeOffset? end) => await app.QueryAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == member.Id);
            user.LockoutEnd = end;
            return await db.SaveChangesAsync();
        });
        // Someone typing the wrong password five times locks the account for minutes: the feed reader keeps working.
        await LockOutUntilAsync(DateTimeOffset.UtcNow.AddMinutes(15));
        Atom200(await reader.GetAsync(url));
        await LockOutUntilAsync(Community.Core.Accounts.User.BlockedByAdmin);
        AssertRefused(await reader.GetAsync(url), title);
    }

    [Fact]
    public async Task Hidden_threads_are_not_in_the_feed_and_a_deleted_opening_has_no_content()
    {
        var app = await App();
        var (slug, admin, member) = await CommunityAsync(app, CommunityVisibility.Open);
        var hidden = Unique("Verborgen draad");
        var hiddenId = await app.NewThreadAsync(slug, member, hidden);
        await app.HidePostAsync(slug, hiddenId, await app.OpeningPostIdAsync(hiddenId), admin);
        var shown = Unique("Zichtbare draad");
        await app.NewThreadAsync(slug, member, shown, "Deze tekst blijft staan.");
        var deleted = Unique("Draad zonder opening");
        var deletedId = await app.NewThreadAsync(slug, member, deleted, "Deze tekst haalt de schrijver weg.");
        await app.DeletePostAsync(slug, deletedId, await app.OpeningPostIdAsync(deletedId), member);

        using var anonymous = app.NewBrowser();
        var page = await anonymous.GetAsync($"/pilots/{slug}/discussies/feed");
        var entries = Atom200(page).Root!.Elements(Atom + "entry").ToList();
        Assert.Equal([deleted, shown], entries.Select(e => e.Element(Atom + "title")?.Value));
        Assert.Null(entries[0].Element(Atom + "content"));
        Assert.Contains("Deze tekst blijft staan.", entries[1].Element(Atom + "content")?.Value);
        Assert.DoesNotContain(hidden, page.Html);
        Assert.DoesNotContain("Deze tekst haalt de schrijver weg.", page.Html);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Hostile_titles_and_bodies_are_escaped_in_the_feed(Db db)
    {
        var app = await App(db);
        var (slug, _, member) = await CommunityAsync(app, CommunityVisibility.Open);
        var title = "<script>alert('titel')</script> & \"quotes\" \u0001 ]]> einde";
        var body = "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[klik](javascript:alert(3)) ![x](data:text/html;base64,PHNjcmlwdD4=)\n\n<svg onload=alert(4)>";
        await app.NewThreadAsync(slug, member, title, body);

        using var anonymous = app.NewBrowser();
        var page = await anonymous.GetAsync($"/pilots/{slug}/discussies/feed");
        var feed = Atom200(page);
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", page.Html, StringComparison.OrdinalIgnoreCase);
        var entry = feed.Root!.Element(Atom + "entry")!;
        // The title comes back as the text it was (without the control character XML cannot carry), as text, not markup.
        Assert.Equal(title.Replace("\u0001", ""), entry.Element(Atom + "title")?.Value);
        Assert.Equal("text", entry.Element(Atom + "title")?.Attribute("type")?.Value);
        // The content is HTML that a feed reader renders: raw HTML only as escaped text, unsafe URLs gone.
        var html = entry.Element(Atom + "content")!.Value;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=\"x\"", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:text", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);
    }
}
