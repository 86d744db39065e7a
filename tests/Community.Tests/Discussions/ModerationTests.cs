using System.Net;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Discussions;

/// <summary>
/// The moderation page over HTTP (queue, resolve by hide/keep/warn, privacy-guard setting, log), with the threads,
/// posts and reports made through the Core services, and the reporting rules of <see cref="ModerationService"/>.
/// </summary>
public sealed class ModerationTests(Apps apps) : AppTest(apps)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A community with a coordinator (not an admin), an author with a question and a reply, and a reporter.</summary>
    private sealed record Scene(AppFactory App, string Slug, TestUser Admin, TestUser Coordinator, TestUser Author, TestUser Reporter,
        int ThreadId, string Title, int ReplyId)
    {
        public string PageUrl => $"/pilots/{Slug}/leergemeenschap/moderatie";
    }

    private static async Task<T> Use<T>(AppFactory app, Func<IServiceProvider, Task<T>> action)
    {
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    private static async Task Use(AppFactory app, Func<IServiceProvider, Task> action)
    {
        using var scope = app.Services.CreateScope();
        await action(scope.ServiceProvider);
    }

    private static Actor As(TestUser user) => new(user.Id, false);

    private static async Task<Scene> SceneAsync(AppFactory app, CommunityVisibility visibility = CommunityVisibility.Open, string replyBody = "Bel **haar** maar, ze is een lastige klant.")
    {
        var admin = await app.CreateUserAsync(admin: true, name: Unique("Beheerder Bram"));
        var slug = await app.CreatePilotAsync(admin, visibility: visibility);
        var coordinator = await app.CreateUserAsync(name: Unique("Coördinator Cor"));
        var author = await app.CreateUserAsync(name: Unique("Auteur Ada"));
        var reporter = await app.CreateUserAsync(name: Unique("Melder Mia"));
        await app.AddMemberAsync(slug, coordinator, admin, coordinator: true);
        await app.AddMemberAsync(slug, author, admin);
        await app.AddMemberAsync(slug, reporter, admin);
        var title = Unique("Hoe regelen jullie vervoer naar dagbesteding");
        var threadId = await Use(app, sp => sp.GetRequiredService<DiscussionService>()
            .CreateThreadAsync(slug, new ThreadInput(ThreadKind.Question, title, "Wie heeft hier ervaring mee?", "vervoer"), As(author)));
        var replyId = await Use(app, sp => sp.GetRequiredService<DiscussionService>().ReplyAsync(slug, threadId, replyBody, false, As(author)));
        return new Scene(app, slug, admin, coordinator, author, reporter, threadId, title, replyId);
    }

    private static Task ReportAsync(Scene s, TestUser reporter, ReportReason reason, string? note, int? postId = null) =>
        Use(s.App, sp => sp.GetRequiredService<ModerationService>().ReportAsync(s.Slug, s.ThreadId, postId ?? s.ReplyId, reason, note, As(reporter)));

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task The_queue_shows_the_report_and_hide_hides_the_post_for_members(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app);
        await ReportAsync(s, s.Reporter, ReportReason.Inappropriate, "Dit is denigrerend over een cliënt.");

        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        var page = await coordinator.GetAsync(s.PageUrl);
        page.AssertStatus(HttpStatusCode.OK);
        Assert.Contains(s.Title, page.Text);
        Assert.Contains(DiscussionUrls.Post(s.Slug, s.ThreadId, s.Title, s.ReplyId), page.Links);
        Assert.Contains($"Reactie van {s.Author.DisplayName}", page.Text);
        Assert.Contains("<strong>haar</strong>", page.Html);
        Assert.Contains("Ongepast", page.Text);
        Assert.Contains($"gemeld door {s.Reporter.DisplayName}", page.Text);
        Assert.Contains("Dit is denigrerend over een cliënt.", page.Text);
        Assert.Contains("Gemelde berichten (1)", page.Text);

        var hidden = await coordinator.SubmitAsync(page, page.FormForHandler("Hide", $"postId={s.ReplyId}"));
        hidden.AssertRedirect(s.PageUrl);
        var after = await coordinator.FollowAsync(hidden);
        Assert.Contains("Het bericht is verborgen en de melding is afgehandeld.", after.Text);
        Assert.Contains("Er staan geen meldingen open.", after.Text);
        Assert.Contains("Melding afgehandeld: bericht verborgen", after.Text);
        Assert.Contains(s.Coordinator.DisplayName, after.Text);

        var asMember = await Use(app, sp => sp.GetRequiredService<DiscussionService>().GetAsync(s.Slug, s.ThreadId, As(s.Reporter)));
        var post = Assert.Single(asMember.Replies);
        Assert.True(post.IsHidden);
        Assert.Null(post.Body);
        Assert.Equal(0, await app.QueryAsync(d => d.Threads.Where(t => t.Id == s.ThreadId).Select(t => t.ReplyCount).SingleAsync()));
        var report = await app.QueryAsync(d => d.PostReports.SingleAsync(r => r.PostId == s.ReplyId));
        Assert.Equal(ReportResolution.Hidden, report.Resolution);
        Assert.Equal(s.Coordinator.Id, report.ResolvedById);
    }

    [Fact]
    public async Task Keep_closes_the_report_and_leaves_the_post()
    {
        var app = await App();
        var s = await SceneAsync(app);
        await ReportAsync(s, s.Reporter, ReportReason.Spam, null);

        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        var page = await coordinator.GetAsync(s.PageUrl);
        Assert.Contains("Spam of reclame", page.Text);
        var kept = await coordinator.SubmitAsync(page, page.FormForHandler("Keep", $"postId={s.ReplyId}"));
        var after = await coordinator.FollowAsync(kept);
        Assert.Contains("Het bericht blijft staan en de melding is afgehandeld.", after.Text);
        Assert.Contains("Er staan geen meldingen open.", after.Text);
        Assert.Contains("Melding afgehandeld: bericht blijft staan", after.Text);

        var report = await app.QueryAsync(d => d.PostReports.SingleAsync(r => r.PostId == s.ReplyId));
        Assert.Equal(ReportResolution.Kept, report.Resolution);
        Assert.NotNull(report.ResolvedAt);
        var view = await Use(app, sp => sp.GetRequiredService<DiscussionService>().GetAsync(s.Slug, s.ThreadId, As(s.Reporter)));
        Assert.False(view.Replies.Single().IsHidden);
        Assert.NotNull(view.Replies.Single().Body);
        Assert.Empty(await app.QueryAsync(d => d.Notifications.Where(n => n.UserId == s.Author.Id && n.Kind == NotificationKind.Warning).ToListAsync()));
    }

    [Fact]
    public async Task Warn_keeps_the_post_and_gives_its_author_a_warning_notification()
    {
        var app = await App();
        var s = await SceneAsync(app);
        await ReportAsync(s, s.Reporter, ReportReason.PersonalData, "Hier staat wie het is.");

        using var admin = await app.SignInAsAsync(s.Admin);
        var page = await admin.GetAsync(s.PageUrl);
        page.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Persoonsgegevens van een burger", page.Text);
        var warned = await admin.SubmitAsync(page, page.FormForHandler("Warn", $"postId={s.ReplyId}"));
        var after = await admin.FollowAsync(warned);
        Assert.Contains("Het bericht blijft staan en de auteur heeft een waarschuwing gekregen.", after.Text);
        Assert.Contains("Melding afgehandeld: auteur gewaarschuwd", after.Text);

        var warning = await app.QueryAsync(d => d.Notifications.SingleAsync(n => n.UserId == s.Author.Id && n.Kind == NotificationKind.Warning));
        Assert.Equal(s.ReplyId, warning.PostId);
        Assert.Equal(s.Admin.Id, warning.ActorId);
        Assert.Equal(ReportResolution.Warned, (await app.QueryAsync(d => d.PostReports.SingleAsync(r => r.PostId == s.ReplyId))).Resolution);
        var view = await Use(app, sp => sp.GetRequiredService<DiscussionService>().GetAsync(s.Slug, s.ThreadId, As(s.Reporter)));
        Assert.False(view.Replies.Single().IsHidden);
    }

    [Fact]
    public async Task A_second_decision_on_a_closed_report_changes_nothing()
    {
        var app = await App();
        var s = await SceneAsync(app);
        await ReportAsync(s, s.Reporter, ReportReason.Inappropriate, null);
        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        var page = await coordinator.GetAsync(s.PageUrl);
        var keepForm = page.FormForHandler("Keep", $"postId={s.ReplyId}");
        (await coordinator.SubmitAsync(page, page.FormForHandler("Hide", $"postId={s.ReplyId}"))).AssertRedirect(s.PageUrl);
        // The same page, still open in a second tab: the report is closed already.
        (await coordinator.SubmitAsync(page, keepForm)).AssertRedirect(s.PageUrl);
        var report = await app.QueryAsync(d => d.PostReports.SingleAsync(r => r.PostId == s.ReplyId));
        Assert.Equal(ReportResolution.Hidden, report.Resolution);
        Assert.Equal(1, await app.QueryAsync(d => d.AuditEntries.CountAsync(a => a.Target == $"post:{s.ReplyId}")));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Every_moderation_action_appears_in_the_log_in_words(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app);
        var coordinator = As(s.Coordinator);
        await Use(app, async sp =>
        {
            var m = sp.GetRequiredService<ModerationService>();
            await m.PinAsync(s.Slug, s.ThreadId, true, coordinator);
            await m.PinAsync(s.Slug, s.ThreadId, false, coordinator);
            await m.LockAsync(s.Slug, s.ThreadId, true, coordinator);
            await m.LockAsync(s.Slug, s.ThreadId, false, coordinator);
            await m.HideAsync(s.Slug, s.ThreadId, s.ReplyId, true, coordinator);
            await m.HideAsync(s.Slug, s.ThreadId, s.ReplyId, false, coordinator);
            await sp.GetRequiredService<DiscussionService>().AcceptAsync(s.Slug, s.ThreadId, s.ReplyId, true, coordinator);
        });
        await ReportAsync(s, s.Reporter, ReportReason.Other, "Klopt niet.");

        using var browser = await app.SignInAsAsync(s.Coordinator);
        var page = await browser.GetAsync(s.PageUrl);
        (await browser.SubmitAsync(page, page.FormForHandler("Keep", $"postId={s.ReplyId}"))).AssertRedirect();
        page = await browser.GetAsync(s.PageUrl);
        var set = await browser.SubmitAsync(page, page.FormForHandler("PrivacyGuard"), ("Mode", "Block"));
        set.AssertRedirect(s.PageUrl);
        var after = await browser.FollowAsync(set);
        Assert.Contains("De instelling van de privacybewaking is opgeslagen.", after.Text);

        var log = after.Document.QuerySelectorAll("tbody tr").Select(r => Page.Collapse(r.TextContent)).ToList();
        foreach (var words in new[]
        {
            "Discussie vastgezet", "Discussie losgemaakt", "Discussie gesloten", "Discussie heropend", "Bericht verborgen",
            "Bericht weer zichtbaar gemaakt", "Antwoord geaccepteerd", "Melding afgehandeld: bericht blijft staan",
            "Privacybewaking ingesteld Blokkeren tot het is aangepast",
        })
            Assert.Contains(log, l => l.Contains(words, StringComparison.Ordinal) && l.Contains(s.Coordinator.DisplayName, StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("Discussie vastgezet", StringComparison.Ordinal) && l.Contains(s.Title, StringComparison.Ordinal));
        Assert.DoesNotContain("discussions.", after.Text);
    }

    [Fact]
    public async Task An_unknown_action_code_is_shown_as_it_is()
    {
        var app = await App();
        var s = await SceneAsync(app);
        var communityId = await app.QueryAsync(d => d.Communities.Where(c => c.Pilot!.Slug == s.Slug).Select(c => c.Id).SingleAsync());
        await app.QueryAsync(async d =>
        {
            d.AuditEntries.Add(new Community.Core.Admin.AuditEntry
            {
                At = DateTimeOffset.UtcNow, ActorId = s.Admin.Id, Action = "discussions.something-new", Target = "thread:1", CommunityId = communityId,
            });
            return await d.SaveChangesAsync();
        });
        using var browser = await app.SignInAsAsync(s.Coordinator);
        var page = await browser.GetAsync(s.PageUrl);
        Assert.Contains("discussions.something-new", page.Text);
    }

    [Fact]
    public async Task The_privacy_guard_in_block_mode_refuses_a_confirmed_bsn_and_in_warn_mode_saves_it()
    {
        var app = await App();
        var s = await SceneAsync(app);
        var input = new ThreadInput(ThreadKind.Discussion, "Aanmelding via het wijkteam", "Zijn BSN is 111222333, dat staat in het dossier.", null,
            ConfirmedNoPersonalData: true);

        // Warn (the default): unconfirmed it asks, confirmed it saves.
        var warned = await Assert.ThrowsAsync<PersonalDataFoundException>(() =>
            Use(app, sp => sp.GetRequiredService<DiscussionService>().CreateThreadAsync(s.Slug, input with { ConfirmedNoPersonalData = false }, As(s.Author))));
        Assert.False(warned.Blocks);
        Assert.True(await Use(app, sp => sp.GetRequiredService<DiscussionService>().CreateThreadAsync(s.Slug, input, As(s.Author))) > 0);

        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        var page = await coordinator.GetAsync(s.PageUrl);
        Assert.Equal("Warn", page.Document.QuerySelector("input[name=Mode][checked]")?.GetAttribute("value"));
        (await coordinator.SubmitAsync(page, page.FormForHandler("PrivacyGuard"), ("Mode", page.ValueForLabel("Blokkeren tot het is aangepast")))).AssertRedirect(s.PageUrl);
        page = await coordinator.GetAsync(s.PageUrl);
        Assert.Equal("Block", page.Document.QuerySelector("input[name=Mode][checked]")?.GetAttribute("value"));

        var blocked = await Assert.ThrowsAsync<PersonalDataFoundException>(() =>
            Use(app, sp => sp.GetRequiredService<DiscussionService>().CreateThreadAsync(s.Slug, input, As(s.Author))));
        Assert.True(blocked.Blocks);
        Assert.Contains(blocked.Findings, f => f.Field == "Body" && f.Finding.Kind == PersonalDataKind.Bsn);

        // And back: warning again, and confirming saves.
        (await coordinator.SubmitAsync(page, page.FormForHandler("PrivacyGuard"), ("Mode", "Warn"))).AssertRedirect(s.PageUrl);
        Assert.True(await Use(app, sp => sp.GetRequiredService<DiscussionService>().CreateThreadAsync(s.Slug, input, As(s.Author))) > 0);
    }

    [Fact]
    public async Task The_privacy_guard_form_without_a_choice_says_so_and_changes_nothing()
    {
        var app = await App();
        var s = await SceneAsync(app);
        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        var page = await coordinator.GetAsync(s.PageUrl);
        var none = await coordinator.SubmitAsync(page, page.FormForHandler("PrivacyGuard"), ("Mode", null));
        none.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Kies een instelling.", none.Errors);
        var bad = await coordinator.SubmitAsync(page, page.FormForHandler("PrivacyGuard"), ("Mode", "Overal"));
        bad.AssertStatus(HttpStatusCode.OK);
        Assert.NotEmpty(bad.Errors);
        Assert.Equal(PrivacyGuardMode.Warn, await app.QueryAsync(d => d.Communities.Where(c => c.Pilot!.Slug == s.Slug).Select(c => c.PrivacyGuard).SingleAsync()));
    }

    [Theory]
    [InlineData(CommunityVisibility.Open)]
    [InlineData(CommunityVisibility.Closed)]
    public async Task Only_coordinators_and_admins_open_the_page(CommunityVisibility visibility)
    {
        var app = await App();
        var s = await SceneAsync(app, visibility);
        await ReportAsync(s, s.Reporter, ReportReason.Inappropriate, null);

        using var anonymous = app.NewBrowser();
        var anonymousPage = await anonymous.GetAsync(s.PageUrl);
        anonymousPage.AssertRedirect();
        Assert.Contains("/account/inloggen", anonymousPage.Location);
        var (outsider, _) = await app.SignedInAsync();
        using (outsider) (await outsider.GetAsync(s.PageUrl)).AssertStatus(HttpStatusCode.Forbidden);
        using var member = await app.SignInAsAsync(s.Reporter);
        var refused = await member.GetAsync(s.PageUrl);
        refused.AssertStatus(HttpStatusCode.Forbidden);
        Assert.DoesNotContain(s.Title, refused.Html);
        var hide = await member.PostAsync($"{s.PageUrl}?handler=Hide&postId={s.ReplyId}");
        hide.AssertStatus(HttpStatusCode.Forbidden);
        Assert.Null(await app.QueryAsync(d => d.Posts.Where(p => p.Id == s.ReplyId).Select(p => p.HiddenAt).SingleAsync()));

        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        (await coordinator.GetAsync(s.PageUrl)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_community_home_links_coordinators_to_the_queue_with_its_count()
    {
        var app = await App();
        var s = await SceneAsync(app);
        await ReportAsync(s, s.Reporter, ReportReason.Inappropriate, null);
        var second = await app.CreateUserAsync();
        await app.AddMemberAsync(s.Slug, second, s.Admin);
        await ReportAsync(s, second, ReportReason.Spam, null);

        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        var home = await coordinator.GetAsync($"/pilots/{s.Slug}/leergemeenschap");
        Assert.Contains(s.PageUrl, home.Links);
        Assert.Contains("1 gemelde berichten wachten op jouw beoordeling", home.Text);

        using var member = await app.SignInAsAsync(s.Reporter);
        var memberHome = await member.GetAsync($"/pilots/{s.Slug}/leergemeenschap");
        Assert.DoesNotContain(s.PageUrl, memberHome.Links);
    }

    [Fact]
    public async Task Reports_from_two_members_on_one_post_are_one_entry_with_two_lines()
    {
        var app = await App();
        var s = await SceneAsync(app);
        var second = await app.CreateUserAsync(name: Unique("Tweede Melder"));
        await app.AddMemberAsync(s.Slug, second, s.Admin);
        await ReportAsync(s, s.Reporter, ReportReason.Inappropriate, null);
        await ReportAsync(s, second, ReportReason.Other, "Hoort hier niet.");

        var overview = await Use(app, sp => sp.GetRequiredService<ModerationService>().OverviewAsync(s.Slug, As(s.Coordinator)));
        var entry = Assert.Single(overview.Open);
        Assert.Equal(2, entry.Reports.Count);

        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        var page = await coordinator.GetAsync(s.PageUrl);
        Assert.Single(page.Document.Forms, f => (f.GetAttribute("action") ?? "").Contains("handler=Hide", StringComparison.Ordinal));
        Assert.Contains("Meldingen (2)", page.Text);
        (await coordinator.SubmitAsync(page, page.FormForHandler("Keep", $"postId={s.ReplyId}"))).AssertRedirect();
        Assert.Equal(2, await app.QueryAsync(d => d.PostReports.CountAsync(r => r.PostId == s.ReplyId && r.Resolution == ReportResolution.Kept)));
    }

    [Fact]
    public async Task An_English_page_marks_the_reported_text_as_Dutch()
    {
        var app = await App();
        var s = await SceneAsync(app, replyBody: "Een **gemelde** tekst.");
        await ReportAsync(s, s.Reporter, ReportReason.Other, "Toelichting.");
        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        var page = await coordinator.GetAsync(s.PageUrl + "?culture=en");
        page.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Reported posts (1)", page.Text);
        var body = page.Document.QuerySelectorAll("[lang=nl]").FirstOrDefault(e => e.InnerHtml.Contains("<strong>gemelde</strong>", StringComparison.Ordinal));
        Assert.NotNull(body);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Moderators_deciding_at_once_over_HTTP_leave_one_decision_and_no_server_error(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app);
        await ReportAsync(s, s.Reporter, ReportReason.Inappropriate, null);
        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        using var admin = await app.SignInAsAsync(s.Admin);
        var pages = new[] { (coordinator, await coordinator.GetAsync(s.PageUrl)), (admin, await admin.GetAsync(s.PageUrl)) };
        var posts = pages.SelectMany(p => new[] { "Hide", "Keep", "Warn" }.Select(h => (p.Item1, p.Item2, h)))
            .Select(x => x.Item1.SubmitAsync(x.Item2, x.Item2.FormForHandler(x.h, $"postId={s.ReplyId}"))).ToList();
        var results = await Task.WhenAll(posts);
        Assert.All(results, r => r.AssertRedirect(s.PageUrl));

        var resolutions = await app.QueryAsync(d => d.PostReports.Where(r => r.PostId == s.ReplyId).Select(r => r.Resolution).ToListAsync());
        var resolution = Assert.Single(resolutions);
        Assert.NotNull(resolution);
        Assert.Equal(1, await app.QueryAsync(d => d.AuditEntries.CountAsync(a => a.Target == $"post:{s.ReplyId}")));
        var warnings = await app.QueryAsync(d => d.Notifications.CountAsync(n => n.PostId == s.ReplyId && n.Kind == NotificationKind.Warning));
        Assert.Equal(resolution == ReportResolution.Warned ? 1 : 0, warnings);
        var hidden = await app.QueryAsync(d => d.Posts.Where(p => p.Id == s.ReplyId).Select(p => p.HiddenAt != null).SingleAsync());
        Assert.Equal(resolution == ReportResolution.Hidden, hidden);
        Assert.Equal(hidden ? 0 : 1, await app.QueryAsync(d => d.Threads.Where(t => t.Id == s.ThreadId).Select(t => t.ReplyCount).SingleAsync()));
    }

    // Rules of reporting, at the service.

    [Fact]
    public async Task Reporting_your_own_post_is_refused()
    {
        var app = await App();
        var s = await SceneAsync(app);
        var e = await Assert.ThrowsAsync<RuleException>(() => ReportAsync(s, s.Author, ReportReason.Inappropriate, null));
        Assert.Equal("Je kunt je eigen bericht niet melden.", e.Template);
        Assert.Equal(0, await app.QueryAsync(d => d.PostReports.CountAsync(r => r.PostId == s.ReplyId)));
    }

    [Fact]
    public async Task A_second_open_report_by_the_same_member_counts_once()
    {
        var app = await App();
        var s = await SceneAsync(app);
        await ReportAsync(s, s.Reporter, ReportReason.Inappropriate, null);
        await ReportAsync(s, s.Reporter, ReportReason.Spam, "Nog een keer.");
        Assert.Equal(1, await app.QueryAsync(d => d.PostReports.CountAsync(r => r.PostId == s.ReplyId)));
        var overview = await Use(app, sp => sp.GetRequiredService<ModerationService>().OverviewAsync(s.Slug, As(s.Coordinator)));
        Assert.Single(Assert.Single(overview.Open).Reports);
    }

    [Fact]
    public async Task The_reason_other_needs_a_note_and_a_note_has_a_maximum()
    {
        var app = await App();
        var s = await SceneAsync(app);
        var e = await Assert.ThrowsAsync<RuleException>(() => ReportAsync(s, s.Reporter, ReportReason.Other, "   "));
        Assert.Equal("Licht kort toe wat er mis is.", e.Template);
        Assert.Equal("Note", e.Field);
        var tooLong = await Assert.ThrowsAsync<RuleException>(() => ReportAsync(s, s.Reporter, ReportReason.Inappropriate, new string('x', DiscussionRules.ReportNoteMaxLength + 1)));
        Assert.Equal("Note", tooLong.Field);
        var unknown = await Assert.ThrowsAsync<RuleException>(() => ReportAsync(s, s.Reporter, (ReportReason)42, null));
        Assert.Equal("Reason", unknown.Field);
        Assert.Equal(0, await app.QueryAsync(d => d.PostReports.CountAsync(r => r.PostId == s.ReplyId)));
    }

    [Fact]
    public async Task Members_cannot_resolve_reports_nor_change_the_privacy_guard_at_the_service()
    {
        var app = await App();
        var s = await SceneAsync(app);
        await ReportAsync(s, s.Reporter, ReportReason.Inappropriate, null);
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Use(app, sp => sp.GetRequiredService<ModerationService>().ResolveAsync(s.Slug, s.ReplyId, ReportResolution.Hidden, As(s.Reporter))));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Use(app, sp => sp.GetRequiredService<ModerationService>().SetPrivacyGuardAsync(s.Slug, PrivacyGuardMode.Block, As(s.Reporter))));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Use(app, sp => sp.GetRequiredService<ModerationService>().OverviewAsync(s.Slug, Actor.Anonymous)));
        Assert.Null(await app.QueryAsync(d => d.PostReports.Where(r => r.PostId == s.ReplyId).Select(r => r.ResolvedAt).SingleAsync()));
    }
}
