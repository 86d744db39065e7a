using System.Net;
using Community.Core.Communities;
using Community.Tests.Support;

namespace Community.Tests.Communities;

public sealed class CommunityTests(Apps apps) : AppTest(apps)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Joining_an_open_community_makes_you_a_member_at_once(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin, visibility: CommunityVisibility.Open);
        var (browser, user) = await app.SignedInAsync(name: Unique("Open Olga"));
        using var _ = browser;

        var home = await browser.GetAsync($"/pilots/{slug}/leergemeenschap");
        home.AssertStatus(HttpStatusCode.OK);
        var joined = await browser.SubmitAsync(home, home.FormForHandler("Join"));
        joined.AssertRedirect($"/pilots/{slug}/leergemeenschap");
        var after = await browser.FollowAsync(joined);
        Assert.Contains("Welkom! Je bent nu lid van de leergemeenschap.", after.Text);
        Assert.Contains("Je bent lid van deze leergemeenschap.", after.Text);
        Assert.Contains(user.DisplayName, after.Text);
        Assert.Empty(app.Mail.To(admin.Email));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_closed_request_is_mailed_to_the_coordinator_who_approves_and_the_requester_is_told(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var title = Unique("Besloten casusoverleg");
        var slug = await app.CreatePilotAsync(admin, title, CommunityVisibility.Closed);
        var (requester, user) = await app.SignedInAsync(name: Unique("Aanvrager Anna"));
        using var _ = requester;

        var home = await requester.GetAsync($"/pilots/{slug}/leergemeenschap");
        home.AssertStatus(HttpStatusCode.Forbidden);
        var requested = await requester.SubmitAsync(home, home.FormForHandler("Join"), ("Message", "Ik werk in het wijkteam van Borculo."));
        requested.AssertRedirect($"/pilots/{slug}/leergemeenschap");
        var waiting = await requester.FollowAsync(requested);
        Assert.Contains("Je verzoek is verstuurd.", waiting.Text);
        Assert.Contains("wacht op goedkeuring", waiting.Text);
        Assert.Equal(HttpStatusCode.Forbidden, waiting.Status);

        var request = await app.Mail.SingleAsync(admin.Email, $"{user.DisplayName} vraagt lidmaatschap van {title}");
        using var coordinator = await app.SignInAsAsync(admin);
        var members = await coordinator.GetAsync(request.LinkTo($"/pilots/{slug}/leergemeenschap/leden"));
        members.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Ik werk in het wijkteam van Borculo.", members.Text);
        var approved = await coordinator.SubmitAsync(members, members.FormForHandler("Approve", user.Id));
        approved.AssertRedirect();
        Assert.Contains("Het verzoek is goedgekeurd", (await coordinator.FollowAsync(approved)).Text);

        var welcome = await app.Mail.SingleAsync(user.Email, $"Welkom bij {title}");
        Assert.Contains("is goedgekeurd", welcome.Text);
        var member = await requester.GetAsync(welcome.LinkTo($"/pilots/{slug}/leergemeenschap"));
        member.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Je bent lid van deze leergemeenschap.", member.Text);
    }

    [Fact]
    public async Task A_declined_requester_is_told_by_mail_and_stays_outside()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var title = Unique("Afwijzen");
        var slug = await app.CreatePilotAsync(admin, title, CommunityVisibility.Closed);
        var (requester, user) = await app.SignedInAsync();
        using var _ = requester;
        var home = await requester.GetAsync($"/pilots/{slug}/leergemeenschap");
        (await requester.SubmitAsync(home, home.FormForHandler("Join"))).AssertRedirect();

        using var coordinator = await app.SignInAsAsync(admin);
        var members = await coordinator.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
        (await coordinator.SubmitAsync(members, members.FormForHandler("Decline", user.Id))).AssertRedirect();

        var mail = await app.Mail.SingleAsync(user.Email, $"Je verzoek voor {title}");
        Assert.Contains("is afgewezen", mail.Text);
        var after = await requester.GetAsync($"/pilots/{slug}/leergemeenschap");
        Assert.Equal(HttpStatusCode.Forbidden, after.Status);
        Assert.Contains("Lidmaatschap aanvragen", after.Text);
    }

    [Fact]
    public async Task A_member_leaves_but_the_last_coordinator_cannot()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        var member = await app.CreateUserAsync();
        await app.AddMemberAsync(slug, member, admin);

        using var memberBrowser = await app.SignInAsAsync(member);
        var home = await memberBrowser.GetAsync($"/pilots/{slug}/leergemeenschap");
        var left = await memberBrowser.SubmitAsync(home, home.FormForHandler("Leave"));
        var after = await memberBrowser.FollowAsync(left);
        Assert.Contains("Je bent geen lid meer van deze leergemeenschap.", after.Text);
        Assert.Contains("Word lid", after.Text);

        using var coordinator = await app.SignInAsAsync(admin);
        home = await coordinator.GetAsync($"/pilots/{slug}/leergemeenschap");
        var refused = await coordinator.SubmitAsync(home, home.FormForHandler("Leave"));
        refused.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Een leergemeenschap heeft minstens één coördinator.", string.Join(" ", refused.Errors));
        Assert.Contains("Je bent coördinator van deze leergemeenschap.", refused.Text);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task An_invitation_by_mail_makes_the_invitee_a_member_once(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true, name: Unique("Uitnodiger Ilse"));
        var title = Unique("Uitnodiging");
        var slug = await app.CreatePilotAsync(admin, title, CommunityVisibility.Closed);
        var invitee = await app.CreateUserAsync();

        using var coordinator = await app.SignInAsAsync(admin);
        var members = await coordinator.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
        var invited = await coordinator.SubmitAsync(members, members.FormForHandler("Invite"), ("InviteEmail", invitee.Email));
        invited.AssertRedirect();
        Assert.Contains("De uitnodiging is verstuurd.", (await coordinator.FollowAsync(invited)).Text);

        var mail = await app.Mail.SingleAsync(invitee.Email, $"Uitnodiging: leergemeenschap {title}");
        Assert.Contains($"{admin.DisplayName} nodigt je uit", mail.Text);
        var link = mail.LinkTo("/uitnodiging/");

        using var anonymous = app.NewBrowser();
        var asAnonymous = await anonymous.GetAsync(link);
        asAnonymous.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("/account/inloggen?returnUrl=" + Uri.EscapeDataString(link), asAnonymous.Links);

        // A forwarded or leaked link opens nothing for another account.
        var someoneElse = await app.CreateUserAsync();
        using (var other = await app.SignInAsAsync(someoneElse))
        {
            var offered = await other.GetAsync(link);
            var refusedToOther = await other.SubmitAsync(offered, offered.Form(f => f.QuerySelector("button") is not null && (f.GetAttribute("action") ?? link) == link, "to accept"));
            refusedToOther.AssertStatus(HttpStatusCode.Forbidden);
            Assert.Contains("Deze uitnodiging is voor een ander e-mailadres.", string.Join(" ", refusedToOther.Errors));
            (await other.GetAsync($"/pilots/{slug}/leergemeenschap")).AssertStatus(HttpStatusCode.Forbidden);
        }

        using var browser = await app.SignInAsAsync(invitee);
        var page = await browser.GetAsync(link);
        page.AssertStatus(HttpStatusCode.OK);
        Assert.Contains($"Je bent uitgenodigd voor de leergemeenschap van {title}.", page.Text);
        var accepted = await browser.SubmitAsync(page, page.Form(f => f.QuerySelector("button") is not null && (f.GetAttribute("action") ?? link) == link, "to accept"));
        accepted.AssertRedirect($"/pilots/{slug}/leergemeenschap");
        var home = await browser.FollowAsync(accepted);
        home.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Je bent lid van deze leergemeenschap.", home.Text);

        var reused = await browser.GetAsync(link);
        reused.AssertStatus(HttpStatusCode.NotFound);
        Assert.Contains("Deze uitnodiging is ongeldig, al gebruikt of verlopen.", reused.Text);
    }

    [Fact]
    public async Task An_invitation_to_a_bad_address_or_a_member_is_refused_next_to_the_field()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        var member = await app.CreateUserAsync();
        await app.AddMemberAsync(slug, member, admin);
        using var coordinator = await app.SignInAsAsync(admin);
        var members = await coordinator.GetAsync($"/pilots/{slug}/leergemeenschap/leden");

        var bad = await coordinator.SubmitAsync(members, members.FormForHandler("Invite"), ("InviteEmail", "geen adres"));
        bad.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Vul een geldig e-mailadres in.", bad.ErrorFor("InviteEmail"));
        Assert.Equal("geen adres", bad.ValueOf("InviteEmail"));

        var already = await coordinator.SubmitAsync(members, members.FormForHandler("Invite"), ("InviteEmail", member.Email));
        Assert.Equal("Deze persoon is al lid.", already.ErrorFor("InviteEmail"));
        Assert.Empty(app.Mail.To(member.Email));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_coordinator_promotes_and_removes_members(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        var promoted = await app.CreateUserAsync(name: Unique("Promotie Piet"));
        var removed = await app.CreateUserAsync(name: Unique("Verwijderd Vera"));
        await app.AddMemberAsync(slug, promoted, admin);
        await app.AddMemberAsync(slug, removed, admin);

        using var coordinator = await app.SignInAsAsync(admin);
        var members = await coordinator.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
        (await coordinator.SubmitAsync(members, members.FormForHandler("Promote", promoted.Id))).AssertRedirect();
        members = await coordinator.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
        (await coordinator.SubmitAsync(members, members.FormForHandler("Remove", removed.Id))).AssertRedirect();

        // The new coordinator can now manage: sees the management forms and may edit the pilot.
        using var newCoordinator = await app.SignInAsAsync(promoted);
        var asCoordinator = await newCoordinator.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
        asCoordinator.AssertStatus(HttpStatusCode.OK);
        Assert.NotNull(asCoordinator.FormForHandler("Invite"));
        Assert.DoesNotContain(removed.DisplayName, asCoordinator.Text);
        Assert.Equal(HttpStatusCode.OK, (await newCoordinator.GetAsync($"/pilots/{slug}/bewerken")).Status);
        Assert.Contains("Je bent coördinator van deze leergemeenschap.", (await newCoordinator.GetAsync($"/pilots/{slug}/leergemeenschap")).Text);

        using var removedBrowser = await app.SignInAsAsync(removed);
        Assert.Contains("Word lid", (await removedBrowser.GetAsync($"/pilots/{slug}/leergemeenschap")).Text);
    }

    [Fact]
    public async Task A_plain_member_cannot_manage_members()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        var member = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        await app.AddMemberAsync(slug, member, admin);
        await app.AddMemberAsync(slug, other, admin);
        using var browser = await app.SignInAsAsync(member);

        var members = await browser.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
        members.AssertStatus(HttpStatusCode.OK);
        Assert.Contains(other.DisplayName, members.Text);
        Assert.DoesNotContain(members.Document.Forms, f => (f.GetAttribute("action") ?? "").Contains("handler=", StringComparison.Ordinal)
            && !(f.GetAttribute("action") ?? "").Contains("/taal", StringComparison.Ordinal));
        foreach (var handler in new[] { "Promote", "Remove", "Demote" })
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync($"/pilots/{slug}/leergemeenschap/leden?handler={handler}&userId={other.Id}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync($"/pilots/{slug}/leergemeenschap/leden?handler=Invite", ("InviteEmail", "iemand@gemeente.test"))).Status);
        Assert.Empty(app.Mail.To("iemand@gemeente.test"));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_closed_community_never_shows_its_members_or_content_to_outsiders(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true, name: Unique("Coördinator Coen"));
        var title = Unique("Geheim overleg");
        var slug = await app.CreatePilotAsync(admin, title, CommunityVisibility.Closed);
        var secret = await app.CreateUserAsync(name: Unique("Geheime Gerda"));
        await app.AddMemberAsync(slug, secret, admin);
        var pendingName = Unique("Wachtende Wim");
        var pending = await app.CreateUserAsync(name: pendingName);
        using (var p = await app.SignInAsAsync(pending))
        {
            var h = await p.GetAsync($"/pilots/{slug}/leergemeenschap");
            (await p.SubmitAsync(h, h.FormForHandler("Join"), ("Message", "Geheim verzoekbericht"))).AssertRedirect();
        }

        using var anonymous = app.NewBrowser();
        var (outsider, _) = await app.SignedInAsync();
        using var _o = outsider;
        foreach (var browser in new[] { anonymous, outsider })
        {
            var home = await browser.GetAsync($"/pilots/{slug}/leergemeenschap");
            Assert.Equal(HttpStatusCode.Forbidden, home.Status);
            Assert.Contains("Dit is een besloten leergemeenschap.", home.Text);
            var members = await browser.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
            Assert.True(members.Status is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{members.Status}");
            var search = await browser.GetAsync($"/pilots/{slug}/leergemeenschap/leden?q=gerda");
            foreach (var page in new[] { home, members, search })
            {
                Assert.DoesNotContain(secret.DisplayName, page.Html);
                Assert.DoesNotContain(pendingName, page.Html);
                Assert.DoesNotContain("Geheim verzoekbericht", page.Html);
                Assert.DoesNotContain($"/leden/{secret.Id}", page.Html);
            }
            // Posting the management handlers does nothing either.
            var approve = await browser.PostAsync($"/pilots/{slug}/leergemeenschap/leden?handler=Approve&userId={pending.Id}");
            Assert.True(approve.Status is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{approve.Status}");
        }

        // A profile does not reveal membership of a closed community to outsiders, but does to fellow members.
        var profile = await outsider.GetAsync($"/leden/{secret.Id}");
        profile.AssertStatus(HttpStatusCode.OK);
        Assert.DoesNotContain($"/pilots/{slug}/leergemeenschap", profile.Links);
        using var coordinator = await app.SignInAsAsync(admin);
        Assert.Contains($"/pilots/{slug}/leergemeenschap", (await coordinator.GetAsync($"/leden/{secret.Id}")).Links);
        var stillPending = await coordinator.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
        Assert.Contains(pendingName, stillPending.Text);
    }

    [Fact]
    public async Task Someone_without_an_account_follows_an_invitation_through_registration_and_confirmation()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var title = Unique("Uitnodiging nieuw");
        var slug = await app.CreatePilotAsync(admin, title, CommunityVisibility.Closed);
        var email = AppFactory.UniqueEmail("nieuwkomer");
        using (var coordinator = await app.SignInAsAsync(admin))
        {
            var members = await coordinator.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
            (await coordinator.SubmitAsync(members, members.FormForHandler("Invite"), ("InviteEmail", email))).AssertRedirect();
        }
        var invitation = (await app.Mail.SingleAsync(email, "Uitnodiging")).LinkTo("/uitnodiging/");

        using var browser = app.NewBrowser();
        var landing = await browser.GetAsync(invitation);
        var registerLink = landing.Links.Single(l => l.StartsWith("/account/registreren?returnUrl=%2Fuitnodiging", StringComparison.Ordinal));
        var register = await browser.GetAsync(registerLink);
        (await browser.SubmitAsync(register, register.FormWithField("Input.Email"),
            ("Input.DisplayName", "Nieuwkomer Nina"), ("Input.Email", email), ("Input.Password", "welkom-in-de-groep"), ("Input.ConfirmPassword", "welkom-in-de-groep")))
            .AssertStatus(HttpStatusCode.OK);
        var confirmed = await browser.GetAsync((await app.Mail.SingleAsync(email, "Bevestig")).LinkTo("/account/bevestigen"));
        // The confirmation page leads to signing in and from there back to the invitation.
        var loginLink = confirmed.Links.Single(l => l == "/account/inloggen?returnUrl=" + Uri.EscapeDataString(invitation));

        var login = await browser.GetAsync(loginLink);
        var signedIn = await browser.SubmitAsync(login, login.FormWithField("Input.Email"), ("Input.Email", email), ("Input.Password", "welkom-in-de-groep"));
        signedIn.AssertRedirect(invitation);
        var accept = await browser.FollowAsync(signedIn);
        var accepted = await browser.SubmitAsync(accept, accept.Form(f => f.QuerySelector("button") is not null && (f.GetAttribute("action") ?? invitation) == invitation, "to accept"));
        var home = await browser.FollowAsync(accepted);
        home.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Je bent lid van deze leergemeenschap.", home.Text);
    }

    [Fact]
    public async Task Closing_an_open_community_shuts_out_non_members_at_once()
    {
        var app = await App();
        var admin = await app.CreateUserAsync(admin: true);
        var member = await app.CreateUserAsync(name: Unique("Blijvend lid"));
        var slug = await app.CreatePilotAsync(admin, visibility: CommunityVisibility.Open);
        await app.AddMemberAsync(slug, member, admin);
        var (outsider, _) = await app.SignedInAsync();
        using var _o = outsider;
        Assert.Equal(HttpStatusCode.OK, (await outsider.GetAsync($"/pilots/{slug}/leergemeenschap/leden")).Status);

        using var coordinator = await app.SignInAsAsync(admin);
        var form = await coordinator.GetAsync($"/pilots/{slug}/bewerken");
        (await coordinator.SubmitAsync(form, form.FormWithField("Form.Title"), ("Form.Visibility", "Closed"))).AssertRedirect();

        var members = await outsider.GetAsync($"/pilots/{slug}/leergemeenschap/leden");
        Assert.Equal(HttpStatusCode.Forbidden, members.Status);
        Assert.DoesNotContain(member.DisplayName, members.Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/pilots/{slug}/leergemeenschap")).Status);
        using var memberBrowser = await app.SignInAsAsync(member);
        Assert.Equal(HttpStatusCode.OK, (await memberBrowser.GetAsync($"/pilots/{slug}/leergemeenschap/leden")).Status);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_double_click_on_join_makes_one_request_and_one_mail(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var title = Unique("Dubbelklik");
        var slug = await app.CreatePilotAsync(admin, title, CommunityVisibility.Closed);
        var (browser, user) = await app.SignedInAsync();
        using var _ = browser;
        var home = await browser.GetAsync($"/pilots/{slug}/leergemeenschap");
        var form = home.FormForHandler("Join");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => browser.SubmitAsync(home, form)));

        Assert.All(results, r => r.AssertRedirect($"/pilots/{slug}/leergemeenschap"));
        Assert.Single(app.Mail.To(admin.Email), m => m.Subject.Contains(title, StringComparison.Ordinal));
        var requests = await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.Memberships, m => m.UserId == user.Id && m.Community!.Pilot!.Slug == slug));
        Assert.Equal(1, requests);
    }
}
