using System.Net;
using Community.Core.Communities;
using Community.Tests.Support;
using static Community.Tests.Discussions.NotificationData;

namespace Community.Tests.Discussions;

/// <summary>The _FeedLink partial as the thread list shows it.</summary>
public sealed class FeedLinkTests(Apps apps) : AppTest(apps)
{

    [Fact]
    public async Task An_open_community_announces_its_public_feed_in_the_head_and_the_page()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin, visibility: CommunityVisibility.Open);
        using var anonymous = app.NewBrowser();
        var list = await anonymous.GetAsync($"/pilots/{slug}/discussies");
        list.AssertStatus(HttpStatusCode.OK);
        var alternate = list.Document.Head!.QuerySelector("link[rel=alternate][type='application/atom+xml']");
        Assert.Equal($"/pilots/{slug}/discussies/feed", alternate?.GetAttribute("href"));
        Assert.Contains($"/pilots/{slug}/discussies/feed", list.Links);
    }

    [Fact]
    public async Task A_closed_community_shows_a_member_their_private_link_and_never_in_the_head()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin, visibility: CommunityVisibility.Closed);
        var member = await app.CreateUserAsync();
        await app.AddMemberAsync(slug, member, admin);
        using var browser = await app.SignInAsAsync(member);
        var list = await browser.GetAsync($"/pilots/{slug}/discussies");
        Assert.Null(list.Document.Head!.QuerySelector("link[rel=alternate]"));
        var made = await browser.SubmitAsync(list, list.FormForHandler("FeedToken"));
        made.AssertRedirect($"/pilots/{slug}/discussies");
        list = await browser.FollowAsync(made);
        var token = await app.FeedTokenOfAsync(member);
        Assert.Contains($"http://localhost/pilots/{slug}/discussies/feed?token={token}", list.Links);
        Assert.Null(list.Document.Head!.QuerySelector("link[rel=alternate]"));
    }
}
