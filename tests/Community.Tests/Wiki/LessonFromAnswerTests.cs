using System.Net;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Wiki;

/// <summary>A coordinator turns a question's accepted answer into a lesson: pre-filled, and linked both ways.</summary>
public sealed class LessonFromAnswerTests(Apps apps) : AppTest(apps)
{
    private const string QuestionText = "Welke signalen zien jullie het eerst bij huishoudens met betalingsachterstanden?";
    private const string AnswerText = "Een gemiste huurbetaling voorspelt het meest, samen met een afgesloten energiecontract.";

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    private sealed record Setup(string Slug, TestUser Admin, TestUser Coordinator, TestUser Member, TestUser Answerer, int ThreadId, string ThreadTitle);

    /// <summary>A pilot with a coordinator, a member who asks and one who answers; the answer is accepted.</summary>
    private static async Task<Setup> AnsweredQuestionAsync(AppFactory app, CommunityVisibility visibility = CommunityVisibility.Open, bool accept = true)
    {
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin, visibility: visibility);
        var coordinator = await app.CreateUserAsync(name: Unique("Coördinator Cora"));
        await app.AddMemberAsync(slug, coordinator, admin, coordinator: true);
        var member = await app.CreateUserAsync(name: Unique("Vrager Vera"));
        await app.AddMemberAsync(slug, member, admin);
        var answerer = await app.CreateUserAsync(name: Unique("Antwoorder Ahmed"));
        await app.AddMemberAsync(slug, answerer, admin);
        var title = Unique("Welke signalen voorspellen schulden");
        var threadId = await app.CreateThreadAsync(slug, member, title, QuestionText, tags: "schulden, vaste lasten");
        var postId = await app.ReplyAsync(slug, threadId, answerer, AnswerText);
        if (accept)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DiscussionService>().AcceptAsync(slug, threadId, postId, true, new Actor(member.Id, false));
        }
        return new Setup(slug, admin, coordinator, member, answerer, threadId, title);
    }

    private static string NewLessonUrl(string slug, int threadId) => $"/pilots/{slug}/wiki/nieuw?les=true&vraag={threadId}";

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_coordinator_turns_the_accepted_answer_into_a_lesson_linked_both_ways(Db db)
    {
        var app = await App(db);
        var s = await AnsweredQuestionAsync(app);
        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        var threadUrl = DiscussionUrls.Thread(s.Slug, s.ThreadId, s.ThreadTitle);

        var thread = await coordinator.GetAsync(threadUrl);
        thread.AssertStatus(HttpStatusCode.OK);
        var link = thread.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Maak hier een les van");
        Assert.Equal(NewLessonUrl(s.Slug, s.ThreadId), link.GetAttribute("href"));
        // The link sits on the accepted answer, not on the question.
        Assert.Contains("Geaccepteerd antwoord", link.Closest("article")!.TextContent);

        var form = await coordinator.GetAsync(NewLessonUrl(s.Slug, s.ThreadId));
        form.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Les: " + s.ThreadTitle, form.ValueOf("Form.Title"));
        var body = form.ValueOf("Form.Body")!;
        Assert.StartsWith("## Context\n\n" + QuestionText, body.Replace("\r\n", "\n"));
        Assert.Contains("## Wat we leerden\n\n" + AnswerText, body.Replace("\r\n", "\n"));
        Assert.Contains("Antwoord van " + s.Answerer.DisplayName, body);
        Assert.Contains("](" + threadUrl + ")", body);
        Assert.Contains("## Advies voor de volgende pilot", body);
        Assert.Equal("schulden, vaste lasten", form.ValueOf("Form.Tags"));
        Assert.Equal("true", form.ValueOf("Form.IsLesson"));
        Assert.Equal(s.ThreadId.ToString(), form.ValueOf("Form.SourceThreadId"));

        var saved = await coordinator.SubmitAsync(form, form.FormWithField("Form.Body"));
        saved.AssertRedirect($"/pilots/{s.Slug}/wiki/");
        var lessonUrl = saved.Location!;
        var lesson = await coordinator.FollowAsync(saved);
        Assert.Contains("Les geleerd", lesson.Text);
        Assert.Contains(AnswerText, lesson.Text);
        Assert.Contains($"Uit de vraag: {s.ThreadTitle}", lesson.Text);
        Assert.Contains(threadUrl, lesson.Links);
        Assert.Equal(s.ThreadId, await app.QueryAsync(d => d.WikiPages.Where(p => p.Community!.Pilot!.Slug == s.Slug && p.IsLesson)
            .Select(p => p.SourceThreadId).SingleAsync()));

        // Anyone who may read the thread sees the lesson; only coordinators and admins get the link to make one.
        using var member = await app.SignInAsAsync(s.Member);
        var asMember = await member.GetAsync(threadUrl);
        Assert.Contains($"Vastgelegd als les: Les: {s.ThreadTitle}", asMember.Text);
        Assert.Contains(lessonUrl, asMember.Links);
        Assert.DoesNotContain("Maak hier een les van", asMember.Text);
        using var anonymous = app.NewBrowser();
        var asVisitor = await anonymous.GetAsync(threadUrl);
        Assert.Contains(lessonUrl, asVisitor.Links);
        Assert.Contains(threadUrl, (await anonymous.GetAsync(lessonUrl)).Links);

        // Deleting the lesson takes its link off the thread.
        var page = await coordinator.GetAsync(lessonUrl);
        (await coordinator.SubmitAsync(page, page.FormForHandler("Delete"))).AssertRedirect($"/pilots/{s.Slug}/wiki");
        var after = await member.GetAsync(threadUrl);
        Assert.DoesNotContain("Vastgelegd als les", after.Text);
        Assert.DoesNotContain(lessonUrl, after.Links);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Only_a_coordinator_of_the_threads_community_can_use_it_as_a_source(Db db)
    {
        var app = await App(db);
        var s = await AnsweredQuestionAsync(app, CommunityVisibility.Closed);
        var threadUrl = DiscussionUrls.Thread(s.Slug, s.ThreadId, s.ThreadTitle);
        var url = NewLessonUrl(s.Slug, s.ThreadId);

        // A member reads the thread but gets no link; the source in the address is ignored: the plain template, no thread text.
        using var member = await app.SignInAsAsync(s.Member);
        Assert.DoesNotContain("Maak hier een les van", (await member.GetAsync(threadUrl)).Text);
        var form = await member.GetAsync(url);
        form.AssertStatus(HttpStatusCode.OK);
        Assert.DoesNotContain(AnswerText, form.Html);
        Assert.DoesNotContain(s.ThreadTitle, form.Html);
        Assert.Null(form.ValueOf("Form.SourceThreadId"));
        // A posted source is ignored too: the lesson is saved without a link.
        var saved = await member.PostAsync($"/pilots/{s.Slug}/wiki/nieuw",
            ("Form.Title", "Les van een lid"), ("Form.Body", "Tekst"), ("Form.IsLesson", "true"), ("Form.SourceThreadId", s.ThreadId.ToString()));
        saved.AssertRedirect($"/pilots/{s.Slug}/wiki/");
        Assert.Null(await app.QueryAsync(d => d.WikiPages.Where(p => p.Community!.Pilot!.Slug == s.Slug && p.Title == "Les van een lid")
            .Select(p => p.SourceThreadId).SingleAsync()));
        Assert.DoesNotContain("Vastgelegd als les", (await member.GetAsync(threadUrl)).Text);

        // A signed-in outsider of the Closed community: 403 and nothing of the thread.
        var (outsider, _) = await app.SignedInAsync(name: Unique("Buiten Bart"));
        using var __ = outsider;
        var asOutsider = await outsider.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, asOutsider.Status);
        Assert.DoesNotContain(AnswerText, asOutsider.Html);
        Assert.DoesNotContain(s.ThreadTitle, asOutsider.Html);

        // The coordinator of another pilot cannot pull the thread into their own wiki.
        var otherSlug = await app.CreatePilotAsync(s.Admin);
        var otherCoordinator = await app.CreateUserAsync(name: Unique("Andere Anke"));
        await app.AddMemberAsync(otherSlug, otherCoordinator, s.Admin, coordinator: true);
        using var other = await app.SignInAsAsync(otherCoordinator);
        var elsewhere = await other.GetAsync(NewLessonUrl(otherSlug, s.ThreadId));
        elsewhere.AssertStatus(HttpStatusCode.OK);
        Assert.DoesNotContain(AnswerText, elsewhere.Html);
        Assert.DoesNotContain(s.ThreadTitle, elsewhere.Html);
        Assert.Null(elsewhere.ValueOf("Form.SourceThreadId"));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_question_without_an_accepted_answer_gives_the_plain_template(Db db)
    {
        var app = await App(db);
        var s = await AnsweredQuestionAsync(app, accept: false);
        using var coordinator = await app.SignInAsAsync(s.Coordinator);
        Assert.DoesNotContain("Maak hier een les van", (await coordinator.GetAsync(DiscussionUrls.Thread(s.Slug, s.ThreadId, s.ThreadTitle))).Text);
        var form = await coordinator.GetAsync(NewLessonUrl(s.Slug, s.ThreadId));
        form.AssertStatus(HttpStatusCode.OK);
        Assert.DoesNotContain(AnswerText, form.Html);
        Assert.Null(form.ValueOf("Form.SourceThreadId"));
        Assert.Equal("", form.ValueOf("Form.Title") ?? "");
    }
}
