using System.Net;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Digests;
using Community.Core.Discussions;
using Community.Core.Email;
using Community.Core.KnowledgeQuestions;
using Community.Core.Pilots;
using Community.Core.Wiki;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Digests;

/// <summary>Digests composed by the real services, queued, and sent to a real SMTP server (aiosmtpd), on SQLite and PostgreSQL.</summary>
public sealed class DigestTests
{
    internal static Task<AppFactory> AppAsync(Db db, int smtpPort) =>
        AppFactory.CreateAsync(db, settings: new Dictionary<string, string?>
        {
            ["Email:SmtpHost"] = "127.0.0.1",
            ["Email:SmtpPort"] = smtpPort.ToString(),
            ["Email:From"] = "kennisplatform@gemeente.test",
            ["Email:TimeoutSeconds"] = "5",
            // The tests run the digests and flush the queue themselves, at the moments they choose.
            ["Email:QueueWorker"] = "false",
            ["Digests:SchedulerEnabled"] = "false",
        });

    /// <summary>
    /// A weekly slot two days ahead, so the users made now are older than it and the period it closes (one week back)
    /// holds everything the test writes. Returns the moment just after that slot.
    /// </summary>
    internal static async Task<DateTimeOffset> WeeklySlotAheadAsync(AppFactory app, params TestUser[] users)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, DigestSchedule.Amsterdam);
        var day = DateOnly.FromDateTime(local.DateTime).AddDays(2);
        await app.QueryAsync(async db =>
        {
            foreach (var u in users)
                db.EmailPreferences.Add(new EmailPreferences { UserId = u.Id, DigestFrequency = DigestFrequency.Weekly, DigestDay = day.DayOfWeek, DigestHour = 8 });
            return await db.SaveChangesAsync();
        });
        return DigestSchedule.ToUtc(day, 8).AddMinutes(1);
    }

    /// <summary>What the scheduler does at <paramref name="at"/>, for these users only (tests share an app), then the queue is sent.</summary>
    internal static async Task<DigestRunResult> RunAsync(AppFactory app, DateTimeOffset at, IEnumerable<TestUser> users, int batchSize = 500)
    {
        var ids = users.Select(u => u.Id).ToHashSet();
        using var scope = app.Services.CreateScope();
        var digests = scope.ServiceProvider.GetRequiredService<DigestService>();
        var due = (await digests.FindDueAsync(at)).Where(d => ids.Contains(d.UserId)).ToList();
        var result = await digests.RunAsync(due, at, batchSize);
        await app.Services.GetRequiredService<MailQueueSender>().SendDueAsync(10_000);
        return result;
    }

    private static async Task<T> WithAsync<T>(AppFactory app, Func<IServiceProvider, Task<T>> action)
    {
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Each_member_gets_one_digest_with_what_they_may_see_and_nothing_they_wrote_and_no_empty_one(Db db)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(db, smtp.Port);
        var admin = await app.CreateUserAsync(admin: true, name: "Beheerder Bea");
        var anna = await app.CreateUserAsync(name: "Anna Aalten");
        var bob = await app.CreateUserAsync(name: "Bob Berkel");
        var carl = await app.CreateUserAsync(name: "Carl Closed");
        var dora = await app.CreateUserAsync(name: "Dora Demp");
        var erik = await app.CreateUserAsync(name: "Erik English");
        var everyone = new[] { admin, anna, bob, carl, dora, erik };
        var at = await WeeklySlotAheadAsync(app, everyone);
        await app.QueryAsync(d => d.Users.Where(u => u.Id == erik.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, "en")));

        var open = await app.CreatePilotAsync(admin, "Open Wijkpilot", CommunityVisibility.Open, PilotPhase.Preparation);
        var closed = await app.CreatePilotAsync(admin, "Besloten Schuldpilot", CommunityVisibility.Closed);
        foreach (var u in new[] { anna, bob, dora, erik }) await app.AddMemberAsync(open, u, admin);
        foreach (var u in new[] { anna, carl }) await app.AddMemberAsync(closed, u, admin);
        // Dora follows nothing of the Open community: she muted it.
        var openId = await app.QueryAsync(d => d.Communities.Where(c => c.Pilot!.Slug == open).Select(c => c.Id).SingleAsync());
        await app.QueryAsync(d => { d.CommunityMutes.Add(new CommunityMute { UserId = dora.Id, CommunityId = openId, Since = DateTimeOffset.UtcNow }); return d.SaveChangesAsync(); });

        await app.CreateThreadAsync(open, admin, "Hoe organiseer je een wijkavond?");
        var annasQuestion = await app.CreateThreadAsync(open, anna, "Anna vraagt naar <b>vrijwilligers</b> & meer");
        await app.ReplyAsync(open, annasQuestion, bob, "Via de buurtapp.");
        var hiddenReply = await app.ReplyAsync(open, annasQuestion, bob, "Iets ongepasts.");
        await WithAsync(app, async sp => { await sp.GetRequiredService<ModerationService>().HideAsync(open, annasQuestion, hiddenReply, true, new Actor(admin.Id, true)); return 0; });
        await app.CreateThreadAsync(closed, admin, "Geheime vraag over schulden");
        await WithAsync(app, sp => sp.GetRequiredService<WikiService>().CreateAsync(closed, new WikiPageInput { Title = "Geheime wikipagina", Body = "Alleen voor leden." }, new Actor(admin.Id, true)));
        await WithAsync(app, sp => sp.GetRequiredService<KnowledgeQuestionService>().AskAsync(new KnowledgeQuestionInput("Wat werkt tegen eenzaamheid?", null), new Actor(admin.Id, true)));
        await WithAsync(app, async sp =>
        {
            var pilots = sp.GetRequiredService<PilotService>();
            var input = await pilots.GetInputAsync(open, new Actor(admin.Id, true));
            await pilots.UpdateAsync(open, input with { Phase = PilotPhase.Execution }, new Actor(admin.Id, true));
            return 0;
        });
        // Carl was a member of the Closed community when its question was asked, but is removed before the digest goes.
        await WithAsync(app, async sp => { await sp.GetRequiredService<CommunityService>().RemoveMemberAsync(closed, carl.Id, new Actor(admin.Id, true)); return 0; });

        var result = await RunAsync(app, at, everyone);
        Assert.Equal(everyone.Length, result.Due);

        var annaMail = await smtp.Received.SingleAsync(anna.Email, "Je wekelijkse overzicht:", TimeSpan.FromSeconds(10));
        Assert.Contains("Nieuwe vraag: Hoe organiseer je een wijkavond?", annaMail.Text);
        Assert.Contains("Nieuwe vraag: Geheime vraag over schulden", annaMail.Text);
        Assert.Contains("Nieuwe wikipagina: Geheime wikipagina", annaMail.Text);
        Assert.Contains("Nieuw antwoord op Anna vraagt naar <b>vrijwilligers</b> & meer", annaMail.Text);
        Assert.DoesNotContain("2 nieuwe antwoorden", annaMail.Text);
        Assert.DoesNotContain("Nieuwe vraag: Anna vraagt", annaMail.Text);
        Assert.Contains("De pilot is nu in de fase Uitvoering", annaMail.Text);
        Assert.Contains("Wat werkt tegen eenzaamheid?", annaMail.Text);
        Assert.Contains("http://localhost/pilots/" + open + "/discussies/", annaMail.Text);
        Assert.Contains("http://localhost/kennisvragen/", annaMail.Text);
        Assert.Matches(@"^<http://localhost/afmelden\?t=[A-Za-z0-9_%-]+>$", annaMail.Headers["List-Unsubscribe"].Trim());
        Assert.Equal("List-Unsubscribe=One-Click", annaMail.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("kennisplatform@gemeente.test", annaMail.Headers["From"]);
        Assert.False(string.IsNullOrEmpty(annaMail.Headers["Message-ID"]));
        var raw = await File.ReadAllTextAsync(annaMail.File);
        Assert.Contains("text/html", raw);
        // The HTML part encodes the title that holds markup.
        var html = MimeKit.MimeMessage.Load(annaMail.File).HtmlBody;
        Assert.Contains("Anna vraagt naar &lt;b&gt;vrijwilligers&lt;/b&gt; &amp; meer", html);
        Assert.DoesNotContain("<b>vrijwilligers</b>", html);

        var bobMail = await smtp.Received.SingleAsync(bob.Email, "Je wekelijkse overzicht:");
        Assert.Contains("Nieuwe vraag: Hoe organiseer je een wijkavond?", bobMail.Text);
        Assert.Contains("Nieuwe vraag: Anna vraagt naar", bobMail.Text);
        Assert.DoesNotContain("Geheim", bobMail.Text);
        Assert.DoesNotContain("Nieuw antwoord op", bobMail.Text);

        foreach (var outsider in new[] { carl, dora })
        {
            var mail = await smtp.Received.SingleAsync(outsider.Email, "Je wekelijkse overzicht: 1 nieuwe kennisvraag");
            Assert.DoesNotContain("Geheim", mail.Text);
            Assert.DoesNotContain("wijkavond", mail.Text);
        }

        var erikMail = await smtp.Received.SingleAsync(erik.Email, "Your weekly digest:");
        Assert.Contains("New question: Hoe organiseer je een wijkavond?", erikMail.Text);
        Assert.Contains("The pilot is now in the phase Implementation", erikMail.Text);

        // The admin wrote everything in the period except Anna's question and Bob's answers (on a thread they do not follow).
        var adminMail = await smtp.Received.SingleAsync(admin.Email, "Je wekelijkse overzicht: 1 nieuwe vraag in Open Wijkpilot");
        Assert.Contains("Nieuwe vraag: Anna vraagt naar", adminMail.Text);
        foreach (var own in new[] { "wijkavond", "Geheime", "eenzaamheid", "fase", "Nieuw antwoord" }) Assert.DoesNotContain(own, adminMail.Text);

        // Exactly once per period: a second run at the same moment finds nobody due.
        Assert.Equal(0, (await RunAsync(app, at, everyone)).Due);
        // The next period starts where this one ended: nothing new, so everyone is recorded and nobody gets a mail.
        var next = await RunAsync(app, at.AddDays(7), everyone);
        Assert.Equal(everyone.Length, next.Empty);
        Assert.Single(smtp.Received.To(anna.Email), m => m.Subject.StartsWith("Je wekelijkse overzicht", StringComparison.Ordinal));
        Assert.Equal(2, await app.QueryAsync(d => d.DigestDeliveries.CountAsync(x => x.UserId == anna.Id)));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task The_unsubscribe_link_asks_first_and_the_one_click_post_turns_digests_off_without_cookies_or_antiforgery(Db db)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await AppAsync(db, smtp.Port);
        var admin = await app.CreateUserAsync(admin: true);
        var anna = await app.CreateUserAsync();
        var at = await WeeklySlotAheadAsync(app, anna);
        var slug = await app.CreatePilotAsync(admin);
        await app.AddMemberAsync(slug, anna, admin);
        await app.CreateThreadAsync(slug, admin, "Een vraag voor het overzicht");
        await RunAsync(app, at, [anna]);
        var mail = await smtp.Received.SingleAsync(anna.Email, "Je wekelijkse overzicht:", TimeSpan.FromSeconds(10));
        var link = mail.LinkTo("/afmelden");
        Assert.Equal("<http://localhost" + link + ">", mail.Headers["List-Unsubscribe"].Trim());

        // A link scanner (or the reader) opening the link changes nothing: the page asks.
        using var scanner = app.NewBrowser();
        var page = await scanner.GetAsync(link);
        page.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Wil je geen overzichtsmail meer krijgen?", page.Text);
        Assert.Equal(DigestFrequency.Weekly, (await Prefs(app, anna)).DigestFrequency);

        // The mail client's one-click POST: no cookies, no antiforgery token, just the body RFC 8058 prescribes.
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        var oneClick = await client.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Contains("Je bent afgemeld: je krijgt geen overzichtsmail meer.", WebUtility.HtmlDecode(await oneClick.Content.ReadAsStringAsync()));
        Assert.Equal(DigestFrequency.Off, (await Prefs(app, anna)).DigestFrequency);
        Assert.True((await Prefs(app, anna)).ImmediateMentions);
        // Idempotent: again is fine and changes nothing more.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode);
        var after = await scanner.GetAsync(link);
        Assert.Contains("Je krijgt al geen overzichtsmail meer.", after.Text);

        // Off means no digest for the next period, however much news there is.
        await app.CreateThreadAsync(slug, admin, "Nog een vraag");
        Assert.Equal(0, (await RunAsync(app, at.AddDays(7), [anna])).Due);

        // The button on the page works too (for a setting turned back on).
        await app.QueryAsync(d => d.EmailPreferences.Where(p => p.UserId == anna.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.DigestFrequency, DigestFrequency.Daily)));
        var ask = await scanner.GetAsync(link);
        var done = await scanner.SubmitAsync(ask, ask.Form(f => f.Action.Contains("/afmelden", StringComparison.Ordinal), "unsubscribe form"));
        done.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(DigestFrequency.Off, (await Prefs(app, anna)).DigestFrequency);
    }

    [Fact]
    public async Task A_forged_or_tampered_token_is_a_400_page_in_dutch_and_changes_nothing()
    {
        await using var app = await AppFactory.CreateAsync(Db.Sqlite);
        var anna = await app.CreateUserAsync();
        var unsubscribe = app.Services.GetRequiredService<Unsubscribe>();
        var token = unsubscribe.Token(anna.Id, MailKind.Digest);
        Assert.Equal((anna.Id, MailKind.Digest), unsubscribe.Read(token));
        Assert.NotEqual(unsubscribe.Token(anna.Id, MailKind.Digest), unsubscribe.Token(anna.Id, MailKind.Mentions));
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        foreach (var bad in new[] { tampered, "abc", "", new string('x', 5000), Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("0|" + anna.Id)) })
        {
            var get = await client.GetAsync("/afmelden?t=" + Uri.EscapeDataString(bad));
            Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
            Assert.Contains("Deze afmeldlink is ongeldig.", await get.Content.ReadAsStringAsync());
            var post = await client.PostAsync("/afmelden?t=" + Uri.EscapeDataString(bad), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/afmelden")).StatusCode);
        Assert.Equal(DigestFrequency.Weekly, (await Prefs(app, anna)).DigestFrequency);
        app.Logs.AssertNoErrors();
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task The_settings_page_saves_schedule_follows_and_immediate_mail_and_refuses_bad_input_in_dutch(Db db)
    {
        await using var app = await AppFactory.CreateAsync(db);
        var admin = await app.CreateUserAsync(admin: true);
        var (browser, user) = await app.SignedInAsync();
        var a = await app.CreatePilotAsync(admin, "Alfa pilot " + Guid.NewGuid().ToString("N")[..4]);
        var b = await app.CreatePilotAsync(admin, "Beta pilot " + Guid.NewGuid().ToString("N")[..4]);
        var other = await app.CreatePilotAsync(admin);
        await app.AddMemberAsync(a, user, admin);
        await app.AddMemberAsync(b, user, admin);

        var page = await browser.GetAsync("/account/profiel/e-mail");
        page.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Weekly", page.ValueOf("Input.Frequency"));
        var communityIds = await app.QueryAsync(d => d.Communities.Where(c => c.Pilot!.Slug == a || c.Pilot!.Slug == b || c.Pilot!.Slug == other)
            .Select(c => new { c.Pilot!.Slug, c.Id }).ToDictionaryAsync(c => c.Slug, c => c.Id));
        var saved = await browser.PostAsync("/account/profiel/e-mail", ("Input.Frequency", "Daily"), ("Input.Day", "Friday"), ("Input.Hour", "17"),
            ("Input.ImmediateMentions", "false"), ("Input.ImmediateAnswers", "true"), ("Input.ImmediateAnswers", "false"),
            ("Input.Followed", communityIds[b].ToString()));
        saved.AssertRedirect("/account/profiel/e-mail");
        var prefs = await Prefs(app, user);
        Assert.Equal((DigestFrequency.Daily, DayOfWeek.Friday, 17, false, true), (prefs.DigestFrequency, prefs.DigestDay, prefs.DigestHour, prefs.ImmediateMentions, prefs.ImmediateAnswers));
        Assert.Equal([communityIds[a]], await app.QueryAsync(d => d.CommunityMutes.Where(m => m.UserId == user.Id).Select(m => m.CommunityId).ToListAsync()));
        Assert.True(await app.QueryAsync(d => EmailPreferences.FollowsCommunityAsync(d, user.Id, communityIds[b])));
        Assert.False(await app.QueryAsync(d => EmailPreferences.FollowsCommunityAsync(d, user.Id, communityIds[a])));

        // Following again takes the mute away.
        await browser.PostAsync("/account/profiel/e-mail", ("Input.Frequency", "Weekly"), ("Input.Day", "Monday"), ("Input.Hour", "8"),
            ("Input.Followed", communityIds[a].ToString()), ("Input.Followed", communityIds[b].ToString()));
        Assert.Empty(await app.QueryAsync(d => d.CommunityMutes.Where(m => m.UserId == user.Id).ToListAsync()));

        var badHour = await browser.PostAsync("/account/profiel/e-mail", ("Input.Frequency", "Weekly"), ("Input.Day", "Monday"), ("Input.Hour", "24"));
        badHour.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Equal("Kies een uur van 0 tot en met 23.", badHour.ErrorFor("Input.Hour"));
        var badFrequency = await browser.PostAsync("/account/profiel/e-mail", ("Input.Frequency", "Elk uur"), ("Input.Day", "Monday"), ("Input.Hour", "8"));
        badFrequency.AssertStatus(HttpStatusCode.BadRequest);
        var notMine = await browser.PostAsync("/account/profiel/e-mail", ("Input.Frequency", "Weekly"), ("Input.Day", "Monday"), ("Input.Hour", "8"),
            ("Input.Followed", communityIds[other].ToString()));
        notMine.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains("Je kunt alleen leergemeenschappen volgen waar je lid van bent.", notMine.Errors);
        Assert.Equal(DigestFrequency.Weekly, (await Prefs(app, user)).DigestFrequency);
        app.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task The_preview_shows_the_next_digest_encoded_or_says_there_is_nothing_yet()
    {
        await using var app = await AppFactory.CreateAsync(Db.Sqlite);
        var admin = await app.CreateUserAsync(admin: true);
        var (browser, user) = await app.SignedInAsync();
        var slug = await app.CreatePilotAsync(admin, "Voorbeeldpilot");
        await app.AddMemberAsync(slug, user, admin);
        var empty = await browser.GetAsync("/account/profiel/e-mail/voorbeeld");
        empty.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("Er is nog niets nieuws voor je volgende overzicht.", empty.Text);

        await app.CreateThreadAsync(slug, admin, "Vraag met <script>alert(1)</script> erin");
        var preview = await browser.GetAsync("/account/profiel/e-mail/voorbeeld");
        Assert.Contains("Je wekelijkse overzicht: 1 nieuwe vraag in Voorbeeldpilot", preview.Text);
        Assert.Contains("Nieuwe vraag: Vraag met <script>alert(1)</script> erin", preview.Text);
        Assert.DoesNotContain("<script>alert(1)", preview.Html);
        Assert.Empty(preview.Document.QuerySelectorAll("main script"));
        // Nothing is recorded or sent by looking.
        Assert.Equal(0, await app.QueryAsync(d => d.DigestDeliveries.CountAsync()));
        Assert.Equal(0, await app.QueryAsync(d => d.OutgoingMails.CountAsync()));

        await app.QueryAsync(d => d.EmailPreferences.AddAsync(new EmailPreferences { UserId = user.Id, DigestFrequency = DigestFrequency.Off }).AsTask().ContinueWith(_ => d.SaveChangesAsync()).Unwrap());
        Assert.Contains("Je krijgt geen overzichtsmail.", (await browser.GetAsync("/account/profiel/e-mail/voorbeeld")).Text);
        app.Logs.AssertNoErrors();
    }

    internal static Task<EmailPreferences> Prefs(AppFactory app, TestUser user) => app.QueryAsync(d => EmailPreferences.ForUserAsync(d, user.Id));
}
