using System.Net;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Community.Tests.Discussions;

public sealed class DiscussionTests(Apps apps) : AppTest(apps)
{
    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..6]}";

    private static async Task<(AppFactory App, TestUser Owner, string Slug)> PilotAsync(AppFactory app, CommunityVisibility visibility = CommunityVisibility.Open)
    {
        var owner = await app.CreateUserAsync(admin: true, name: Unique("Coördinator Cor"));
        return (app, owner, await app.CreatePilotAsync(owner, visibility: visibility));
    }

    private static async Task<(Browser Browser, TestUser User)> MemberAsync(AppFactory app, string slug, TestUser owner, string name)
    {
        var user = await app.CreateUserAsync(name: Unique(name));
        await app.AddMemberAsync(slug, user, owner);
        return (await app.SignInAsAsync(user), user);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_member_asks_a_question_another_answers_and_the_asker_accepts_it(Db db)
    {
        var (app, owner, slug) = await PilotAsync(await App(db));
        var (asker, askerUser) = await MemberAsync(app, slug, owner, "Vrager Vera");
        var (helper, helperUser) = await MemberAsync(app, slug, owner, "Helper Henk");
        using var _ = asker;
        using var __ = helper;
        var title = Unique("Hoe organiseren jullie de keukentafelgesprekken?");

        var form = await asker.GetAsync($"/pilots/{slug}/discussies/nieuw");
        form.AssertStatus(HttpStatusCode.OK);
        var created = await asker.SubmitAsync(form, form.FormWithField("Input.Title"),
            ("Input.Kind", "Question"), ("Input.Title", title), ("Input.Body", "We willen **sneller** zijn. Wie heeft tips?"), ("Input.Tags", "Wmo, Keukentafel"));
        created.AssertRedirect($"/pilots/{slug}/discussies/");
        var thread = await asker.FollowAsync(created);
        Assert.Contains("Je vraag is geplaatst.", thread.Text);
        Assert.Contains(title, thread.Text);
        Assert.NotNull(thread.Document.QuerySelector(".kp-markdown strong"));
        Assert.Contains("wmo", thread.Text);
        var threadUrl = created.Location!;

        var list = await helper.GetAsync($"/pilots/{slug}/discussies?toon=Unanswered");
        Assert.Contains(title, list.Text);
        var page = await helper.GetAsync(threadUrl);
        var answered = await helper.SubmitAsync(page, page.FormForHandler("Reply"), ("Reply.Body", $"Wij plannen ze binnen vijf dagen, @{askerUser.DisplayName}."));
        answered.AssertRedirect();
        var answerId = int.Parse(answered.Location!.Split("#bericht-")[1]);

        // The asker was mentioned: one mention notification, not also a reply notification for the same post.
        var notifications = await app.QueryAsync(d => d.Notifications.Where(n => n.UserId == askerUser.Id).ToListAsync());
        Assert.Equal([NotificationKind.Mention], notifications.Select(n => n.Kind));

        Assert.DoesNotContain(title, (await helper.GetAsync($"/pilots/{slug}/discussies?toon=Unanswered")).Text);
        Assert.Contains(title, (await helper.GetAsync($"/pilots/{slug}/discussies?toon=Questions")).Text);

        // Only the asker (or a coordinator) may accept.
        var byHelper = await helper.PostAsync($"{threadUrl}?handler=Accept&postId={answerId}&accept=true");
        Assert.Equal(HttpStatusCode.Forbidden, byHelper.Status);
        page = await asker.GetAsync(threadUrl);
        var accepted = await asker.SubmitAsync(page, page.FormForHandler("Accept", $"postId={answerId}"));
        var after = await asker.FollowAsync(accepted);
        Assert.Contains("Het antwoord is geaccepteerd.", after.Text);
        var acceptedPost = after.Document.QuerySelector($"#bericht-{answerId}")!;
        Assert.Contains("Geaccepteerd antwoord", acceptedPost.TextContent);
        Assert.Contains(title, (await helper.GetAsync($"/pilots/{slug}/discussies?toon=Answered")).Text);
        Assert.Contains(await app.QueryAsync(d => d.Notifications.Where(n => n.UserId == helperUser.Id).Select(n => n.Kind).ToListAsync()),
            k => k == NotificationKind.AcceptedAnswer);
    }

    [Fact]
    public async Task The_accepted_answer_comes_first_after_the_question_and_can_be_changed()
    {
        var (app, owner, slug) = await PilotAsync(await App());
        var (asker, askerUser) = await MemberAsync(app, slug, owner, "Vrager Vic");
        using var _ = asker;
        var thread = await app.CreateThreadAsync(slug, askerUser, "Welke formulieren gebruiken jullie?");
        var first = await app.ReplyAsync(slug, thread, owner, "Het eerste antwoord.");
        var second = await app.ReplyAsync(slug, thread, owner, "Het tweede antwoord.");
        var url = $"/pilots/{slug}/discussies/{thread}/welke-formulieren-gebruiken-jullie";

        await asker.PostAsync($"{url}?handler=Accept&postId={second}&accept=true");
        var page = await asker.GetAsync(url);
        var order = page.Document.QuerySelectorAll("article.kp-post").Select(a => a.Id).ToList();
        Assert.Equal(["bericht-" + second, "bericht-" + first], order.Skip(1));

        await asker.PostAsync($"{url}?handler=Accept&postId={first}&accept=true");
        page = await asker.GetAsync(url);
        Assert.Single(page.Document.QuerySelectorAll(".kp-accepted"));
        Assert.Contains("Geaccepteerd antwoord", page.Document.QuerySelector($"#bericht-{first}")!.TextContent);
    }

    [Fact]
    public async Task A_wrong_or_missing_title_in_the_address_leads_to_the_one_address_of_the_thread()
    {
        var (app, owner, slug) = await PilotAsync(await App());
        var thread = await app.CreateThreadAsync(slug, owner, "Coöperatie & wijkteam: hoe?");
        using var browser = app.NewBrowser();
        var page = await browser.GetAsync($"/pilots/{slug}/discussies/{thread}/oude-titel?citeer=1");
        page.AssertRedirect($"/pilots/{slug}/discussies/{thread}/cooperatie-wijkteam-hoe?citeer=1");
        (await browser.GetAsync($"/pilots/{slug}/discussies/{thread}")).AssertRedirect($"/pilots/{slug}/discussies/{thread}/cooperatie-wijkteam-hoe");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/pilots/{slug}/discussies/999999/x")).Status);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task An_edit_keeps_every_version_and_others_see_that_it_was_edited(Db db)
    {
        var (app, owner, slug) = await PilotAsync(await App(db));
        var (author, authorUser) = await MemberAsync(app, slug, owner, "Schrijver Sam");
        var (other, _) = await MemberAsync(app, slug, owner, "Lezer Lot");
        using var _a = author;
        using var _o = other;
        var thread = await app.CreateThreadAsync(slug, authorUser, "Eerste titel van de vraag", "Eerste versie.", tags: "wmo");
        var openingId = await app.QueryAsync(d => d.Posts.Where(p => p.ThreadId == thread && p.IsOpening).Select(p => p.Id).FirstAsync());
        var editUrl = $"/pilots/{slug}/discussies/{thread}/berichten/{openingId}/bewerken";

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(editUrl)).Status);
        var form = await author.GetAsync(editUrl);
        Assert.Equal("Eerste versie.", form.Document.QuerySelector("textarea[name='Input.Body']")!.TextContent);
        var saved = await author.SubmitAsync(form, form.FormWithField("Input.Body"),
            ("Input.Title", "Tweede titel van de vraag"), ("Input.Body", "Tweede versie."), ("Input.Tags", "wmo, jeugd"));
        saved.AssertRedirect($"/pilots/{slug}/discussies/{thread}/tweede-titel-van-de-vraag#bericht-{openingId}");

        var page = await other.OpenAsync(saved.Location!);
        Assert.Contains("Tweede versie.", page.Text);
        Assert.Contains("bewerkt", page.Text);
        Assert.Contains("jeugd", page.Text);
        var history = await other.GetAsync($"/pilots/{slug}/discussies/{thread}/berichten/{openingId}/geschiedenis");
        history.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("2 versies", history.Text);
        Assert.Contains("Eerste versie.", history.Text);
        Assert.Contains("Eerste titel van de vraag", history.Text);
        Assert.Contains("Tweede versie.", history.Text);
        Assert.Contains(authorUser.DisplayName, history.Text);
    }

    [Fact]
    public async Task An_author_deletes_a_post_and_the_thread_keeps_a_placeholder()
    {
        var (app, owner, slug) = await PilotAsync(await App());
        var (author, authorUser) = await MemberAsync(app, slug, owner, "Wisser Wim");
        using var _ = author;
        var thread = await app.CreateThreadAsync(slug, owner, "Een discussie met een reactie", kind: ThreadKind.Discussion);
        var post = await app.ReplyAsync(slug, thread, authorUser, "Dit wil ik toch niet gezegd hebben.");
        var url = $"/pilots/{slug}/discussies/{thread}/een-discussie-met-een-reactie";

        var page = await author.GetAsync(url);
        var deleted = await author.SubmitAsync(page, page.FormForHandler("Delete", $"postId={post}"));
        var after = await author.FollowAsync(deleted);
        Assert.Contains("Dit bericht is verwijderd door de schrijver.", after.Text);
        Assert.DoesNotContain("Dit wil ik toch niet gezegd hebben.", after.Html);
        Assert.Contains("0 reacties", after.Text);
        Assert.Equal(0, await app.QueryAsync(d => d.Threads.Where(t => t.Id == thread).Select(t => t.ReplyCount).FirstAsync()));
        // The history of a deleted post is gone for readers too.
        Assert.Equal(HttpStatusCode.NotFound, (await author.GetAsync($"/pilots/{slug}/discussies/{thread}/berichten/{post}/geschiedenis")).Status);
    }

    [Fact]
    public async Task Useful_votes_count_once_per_member_and_never_for_your_own_post()
    {
        var (app, owner, slug) = await PilotAsync(await App());
        var (voter, _) = await MemberAsync(app, slug, owner, "Stemmer Stijn");
        using var _v = voter;
        using var ownerBrowser = await app.SignInAsAsync(owner);
        var thread = await app.CreateThreadAsync(slug, owner, "Wat werkt bij schuldhulp?");
        var url = $"/pilots/{slug}/discussies/{thread}/wat-werkt-bij-schuldhulp";
        var opening = await app.QueryAsync(d => d.Posts.Where(p => p.ThreadId == thread).Select(p => p.Id).FirstAsync());

        var page = await voter.GetAsync(url);
        var voteForm = page.FormForHandler("Vote", $"postId={opening}");
        Assert.Contains("Nuttig (0)", voteForm.TextContent);
        await voter.SubmitAsync(page, voteForm);
        await voter.SubmitAsync(page, voteForm); // the same form twice (a double click): still one vote
        page = await voter.GetAsync(url);
        voteForm = page.FormForHandler("Vote", $"postId={opening}");
        Assert.Contains("Nuttig (1)", voteForm.TextContent);
        Assert.Equal("true", voteForm.QuerySelector("button")!.GetAttribute("aria-pressed"));
        Assert.Equal(1, await app.QueryAsync(d => d.Threads.Where(t => t.Id == thread).Select(t => t.UsefulCount).FirstAsync()));
        Assert.Contains("Wat werkt bij schuldhulp?", (await voter.GetAsync($"/pilots/{slug}/discussies?sorteer=Votes")).Document.QuerySelector(".kp-thread-item")!.TextContent);

        var own = await ownerBrowser.PostAsync($"{url}?handler=Vote&postId={opening}&useful=true");
        Assert.Equal(HttpStatusCode.BadRequest, own.Status);
        Assert.Contains("Je kunt je eigen bericht niet als nuttig markeren.", own.Text);

        await voter.SubmitAsync(page, voteForm); // now "useful=false": the vote is taken back
        Assert.Equal(0, await app.QueryAsync(d => d.Posts.Where(p => p.Id == opening).Select(p => p.UsefulCount).FirstAsync()));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Personal_data_is_shown_highlighted_nothing_typed_is_lost_and_confirming_posts_it(Db db)
    {
        var (app, owner, slug) = await PilotAsync(await App(db));
        var (member, _) = await MemberAsync(app, slug, owner, "Wijkwerker Wendy");
        using var _ = member;
        var title = Unique("Casus uit Lichtenvoorde");
        var body = "Mevrouw belde vanaf 06-12345678 over haar aanvraag; BSN 111222333. Zie **verder** de bijlage.";

        var form = await member.GetAsync($"/pilots/{slug}/discussies/nieuw");
        var checkedPage = await member.SubmitAsync(form, form.FormWithField("Input.Title"),
            ("Input.Kind", "Discussion"), ("Input.Title", title), ("Input.Body", body), ("Input.Tags", "casus"));
        checkedPage.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Staan hier persoonsgegevens van een burger in?", checkedPage.Text);
        Assert.Equal(["06-12345678", "111222333"], checkedPage.Document.QuerySelectorAll(".kp-privacy mark").Select(m => m.TextContent));
        Assert.Contains("een burgerservicenummer (BSN)", checkedPage.Text);
        Assert.Equal(body, checkedPage.Document.QuerySelector("textarea[name='Input.Body']")!.TextContent);
        Assert.Equal(title, checkedPage.ValueOf("Input.Title"));
        Assert.Equal("casus", checkedPage.ValueOf("Input.Tags"));
        Assert.False(await app.QueryAsync(d => d.Threads.AnyAsync(t => t.Title == title)));

        var confirmed = await member.SubmitAsync(checkedPage, checkedPage.FormWithField("Input.Title"), ("ConfirmedNoPersonalData", "true"));
        confirmed.AssertRedirect();
        Assert.True(await app.QueryAsync(d => d.Threads.AnyAsync(t => t.Title == title)));
    }

    [Fact]
    public async Task A_community_that_blocks_personal_data_refuses_it_even_when_confirmed_and_keeps_the_reply()
    {
        var (app, owner, slug) = await PilotAsync(await App());
        var (member, memberUser) = await MemberAsync(app, slug, owner, "Wijkwerker Wout");
        using var _ = member;
        await app.QueryAsync(d => d.Communities.Where(c => c.Pilot!.Slug == slug).ExecuteUpdateAsync(s => s.SetProperty(c => c.PrivacyGuard, PrivacyGuardMode.Block)));
        var thread = await app.CreateThreadAsync(slug, owner, "Een vraag over bereikbaarheid");
        var url = $"/pilots/{slug}/discussies/{thread}/een-vraag-over-bereikbaarheid";
        var reply = "Bel haar op 0314-123456 of mail naar j.jansen@example.nl.";

        var page = await member.GetAsync(url);
        var refused = await member.SubmitAsync(page, page.FormForHandler("Reply"), ("Reply.Body", reply), ("ConfirmedNoPersonalData", "true"));
        refused.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Deze leergemeenschap staat dit niet toe", refused.Text);
        Assert.Null(refused.Document.QuerySelector("#ConfirmedNoPersonalData"));
        Assert.Equal(reply, refused.Document.QuerySelector("textarea[name='Reply.Body']")!.TextContent);
        Assert.False(await app.QueryAsync(d => d.Posts.AnyAsync(p => p.AuthorId == memberUser.Id)));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Nothing_of_a_Closed_communitys_threads_reaches_a_non_member(Db db)
    {
        var (app, owner, slug) = await PilotAsync(await App(db), CommunityVisibility.Closed);
        var title = Unique("Geheime casusbespreking");
        var thread = await app.CreateThreadAsync(slug, owner, title, "Vertrouwelijke inhoud van de bespreking.");
        var reply = await app.ReplyAsync(slug, thread, owner, "Vertrouwelijk antwoord.");
        var (outsider, _) = await app.SignedInAsync(name: Unique("Buitenstaander Bas"));
        using var _o = outsider;
        using var anonymous = app.NewBrowser();
        string[] urls =
        [
            $"/pilots/{slug}/discussies", $"/pilots/{slug}/discussies/{thread}/x", $"/pilots/{slug}/discussies/{thread}/x?citeer={reply}",
            $"/pilots/{slug}/discussies/{thread}/berichten/{reply}/geschiedenis", $"/pilots/{slug}/discussies/{thread}/berichten/{reply}/melden",
            $"/pilots/{slug}/discussies/{thread}/berichten/{reply}/bewerken", $"/pilots/{slug}/leergemeenschap", $"/pilots/{slug}", "/pilots", "/",
        ];
        foreach (var browser in new[] { outsider, anonymous })
            foreach (var url in urls)
            {
                var page = await browser.OpenAsync(url);
                Assert.True((int)page.Status < 500, $"{url}: {(int)page.Status}");
                Assert.DoesNotContain(title, page.Html);
                Assert.DoesNotContain("Vertrouwelijk", page.Html);
                Assert.DoesNotContain(owner.DisplayName, page.Html);
            }
        var posted = await outsider.PostAsync($"/pilots/{slug}/discussies/{thread}/x?handler=Reply", ("Reply.Body", "Mag ik meelezen?"));
        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        Assert.DoesNotContain(title, posted.Html);
    }

    [Fact]
    public async Task A_locked_thread_takes_no_replies_and_a_pinned_one_stays_on_top()
    {
        var (app, owner, slug) = await PilotAsync(await App());
        var (member, _) = await MemberAsync(app, slug, owner, "Lid Lisa");
        using var _m = member;
        using var coordinator = await app.SignInAsAsync(owner);
        var pinned = await app.CreateThreadAsync(slug, owner, "Spelregels van deze leergemeenschap", kind: ThreadKind.Discussion);
        var locked = await app.CreateThreadAsync(slug, owner, "Een afgeronde vraag");
        await app.CreateThreadAsync(slug, owner, "De nieuwste vraag");
        var lockedUrl = $"/pilots/{slug}/discussies/{locked}/een-afgeronde-vraag";

        (await coordinator.PostAsync($"/pilots/{slug}/discussies/{pinned}/x?handler=Pin&pinned=true")).AssertRedirect();
        (await coordinator.PostAsync($"{lockedUrl}?handler=Lock&locked=true")).AssertRedirect();

        var list = await member.GetAsync($"/pilots/{slug}/discussies");
        Assert.Contains("Spelregels van deze leergemeenschap", list.Document.QuerySelector(".kp-thread-item")!.TextContent);
        var page = await member.GetAsync(lockedUrl);
        Assert.Contains("Deze discussie is gesloten", page.Text);
        Assert.DoesNotContain(page.Document.Forms, f => (f.GetAttribute("action") ?? "").Contains("handler=Reply"));
        var refused = await member.PostAsync($"{lockedUrl}?handler=Reply", ("Reply.Body", "Toch nog iets."));
        Assert.Contains("Deze discussie is gesloten; er kan niet meer op gereageerd worden.", refused.Text);
        Assert.Equal("Toch nog iets.", refused.Document.QuerySelector("textarea[name='Reply.Body']")?.TextContent ?? "Toch nog iets.");

        var log = await app.QueryAsync(d => d.AuditEntries.Where(a => a.ActorId == owner.Id && a.Action.StartsWith("discussions.")).Select(a => a.Action).ToListAsync());
        Assert.Contains("discussions.pin", log);
        Assert.Contains("discussions.lock", log);
    }

    [Fact]
    public async Task A_coordinator_hides_a_post_members_see_a_placeholder_and_the_count_follows()
    {
        var (app, owner, slug) = await PilotAsync(await App());
        var (member, memberUser) = await MemberAsync(app, slug, owner, "Lid Luuk");
        using var _m = member;
        using var coordinator = await app.SignInAsAsync(owner);
        var thread = await app.CreateThreadAsync(slug, owner, "Ervaringen met de nieuwe werkwijze", kind: ThreadKind.Discussion);
        var post = await app.ReplyAsync(slug, thread, memberUser, "Een ongepaste opmerking.");
        var url = $"/pilots/{slug}/discussies/{thread}/ervaringen-met-de-nieuwe-werkwijze";

        (await coordinator.PostAsync($"{url}?handler=Hide&postId={post}&hidden=true")).AssertRedirect();
        var page = await member.GetAsync(url);
        Assert.Contains("Dit bericht is verborgen door een coördinator.", page.Text);
        Assert.DoesNotContain("Een ongepaste opmerking.", page.Html);
        Assert.Contains("0 reacties", page.Text);
        var asCoordinator = await coordinator.GetAsync(url);
        Assert.Contains("Een ongepaste opmerking.", asCoordinator.Text);
        Assert.Contains("Weer tonen", asCoordinator.Text);
        (await coordinator.PostAsync($"{url}?handler=Hide&postId={post}&hidden=false")).AssertRedirect();
        Assert.Contains("1 reacties", (await member.GetAsync(url)).Text);
    }

    [Fact]
    public async Task A_coordinator_moves_a_thread_to_another_community_they_coordinate()
    {
        var (app, owner, slug) = await PilotAsync(await App());
        var target = await app.CreatePilotAsync(owner);
        var thread = await app.CreateThreadAsync(slug, owner, "Hoort eigenlijk bij de andere pilot");
        using var coordinator = await app.SignInAsAsync(owner);
        var moved = await coordinator.PostAsync($"/pilots/{slug}/discussies/{thread}/x?handler=Move", ("targetSlug", target));
        moved.AssertRedirect($"/pilots/{target}/discussies/{thread}/hoort-eigenlijk-bij-de-andere-pilot");
        Assert.Contains("Hoort eigenlijk bij de andere pilot", (await coordinator.GetAsync($"/pilots/{target}/discussies")).Text);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/pilots/{slug}/discussies/{thread}/x")).Status);
        var refused = await coordinator.PostAsync($"/pilots/{target}/discussies/{thread}/x?handler=Move", ("targetSlug", "bestaat-niet"));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
    }

    [Fact]
    public async Task Quoting_a_post_starts_the_reply_with_it_and_the_list_filters_by_tag_and_mine()
    {
        var (app, owner, slug) = await PilotAsync(await App());
        var (member, memberUser) = await MemberAsync(app, slug, owner, "Citeerder Cas");
        using var _ = member;
        var thread = await app.CreateThreadAsync(slug, owner, "Welke app gebruiken jullie?", "Wij gebruiken nu papier.\nDat werkt niet.", tags: "digitaal");
        var other = await app.CreateThreadAsync(slug, owner, "Iets heel anders", tags: "jeugd");
        var opening = await app.QueryAsync(d => d.Posts.Where(p => p.ThreadId == thread).Select(p => p.Id).FirstAsync());

        var page = await member.GetAsync($"/pilots/{slug}/discussies/{thread}/welke-app-gebruiken-jullie?citeer={opening}");
        Assert.Equal($"{owner.DisplayName} schreef:\n> Wij gebruiken nu papier.\n> Dat werkt niet.\n\n",
            page.Document.QuerySelector("textarea[name='Reply.Body']")!.TextContent.Replace("\r\n", "\n"));

        var byTag = await member.GetAsync($"/pilots/{slug}/discussies?label=Digitaal");
        Assert.Contains("Welke app gebruiken jullie?", byTag.Text);
        Assert.DoesNotContain("Iets heel anders", byTag.Text);
        Assert.Contains("1 discussies en vragen", byTag.Text);

        await app.ReplyAsync(slug, other, memberUser, "Mijn bijdrage.");
        var mine = await member.GetAsync($"/pilots/{slug}/discussies?toon=Mine");
        Assert.Contains("Iets heel anders", mine.Text);
        Assert.DoesNotContain("Welke app gebruiken jullie?", mine.Text);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_message_and_never_a_server_error()
    {
        var (app, owner, slug) = await PilotAsync(await App());
        var (member, _) = await MemberAsync(app, slug, owner, "Invuller Ingrid");
        using var _m = member;
        var form = await member.GetAsync($"/pilots/{slug}/discussies/nieuw");
        var tooShort = await member.SubmitAsync(form, form.FormWithField("Input.Title"), ("Input.Title", "Hoe"), ("Input.Body", "Tekst"));
        Assert.Equal("Geef een titel van minstens 5 tekens.", tooShort.ErrorFor("Input.Title"));
        var tooMany = await member.SubmitAsync(form, form.FormWithField("Input.Title"), ("Input.Title", "Een goede titel"), ("Input.Body", "Tekst"), ("Input.Tags", "a,b,c,d,e,f"));
        Assert.Equal("Geef maximaal 5 labels.", tooMany.ErrorFor("Input.Tags"));
        var empty = await member.SubmitAsync(form, form.FormWithField("Input.Title"), ("Input.Title", "Een goede titel"), ("Input.Body", "   "));
        Assert.NotNull(empty.ErrorFor("Input.Body"));
        var badKind = await member.SubmitAsync(form, form.FormWithField("Input.Title"), ("Input.Kind", "99"), ("Input.Title", "Een goede titel"), ("Input.Body", "Tekst"));
        Assert.NotNull(badKind.ErrorFor("Input.Kind"));
        var huge = await member.SubmitAsync(form, form.FormWithField("Input.Title"), ("Input.Title", "Een goede titel"), ("Input.Body", new string('x', 20_001)));
        Assert.Equal("De tekst mag maximaal 20000 tekens zijn.", huge.ErrorFor("Input.Body"));
        Assert.Equal(new string('x', 20_001), huge.Document.QuerySelector("textarea[name='Input.Body']")!.TextContent);

        foreach (var url in new[] { $"/pilots/{slug}/discussies?toon=Iets&sorteer=%27&pagina=-5&label=" + new string('a', 500), $"/pilots/{slug}/discussies/0/x",
                     $"/pilots/{slug}/discussies/1/x/berichten/0/geschiedenis", "/pilots/bestaat-niet/discussies" })
            Assert.True((int)(await member.GetAsync(url)).Status is 200 or 404, url);
        var preview = await member.PostAsync("/api/markdown-voorbeeld", ("text", "**vet** <script>alert(1)</script> 111222333"));
        preview.AssertStatus(HttpStatusCode.OK);
        using var json = System.Text.Json.JsonDocument.Parse(preview.Html);
        var html = json.RootElement.GetProperty("html").GetString()!;
        Assert.Contains("<strong>vet</strong>", html);
        Assert.DoesNotContain("<script", html);
        Assert.Equal("111222333", json.RootElement.GetProperty("findings")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Mentions_match_the_longest_member_name_at_a_word_boundary()
    {
        const string text = "Dank @anouk de vries en @Bram! Mail naar info@gemeente.nl, niet @Anoukje.";
        var people = new List<(string, string)> { ("a", "Anouk"), ("av", "Anouk de Vries"), ("b", "Bram"), ("x", "Anoukje Smit") };
        Assert.Equal(["av", "b"], Mentions.Resolve(text, Mentions.Candidates(text), people));
    }
}
