using Community.Core.Chat;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Discussions;
using Community.Core.KnowledgeQuestions;
using Community.Core.Pilots;
using Community.Core.Search;
using Community.Core.Wiki;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Search;

/// <summary>Every kind of change reaches the index through the outbox, on both databases, and the outbox is part of the change's transaction.</summary>
public sealed class SearchChangeTests(Apps apps) : AppTest(apps)
{
    private static T Service<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_rolled_back_change_leaves_no_outbox_row_and_a_committed_one_leaves_its_row(Db db)
    {
        var app = await App(db);
        var user = await app.CreateUserAsync();
        using var scope = app.Services.CreateScope();
        var context = Service<CommunityDbContext>(scope);
        var questions = Service<KnowledgeQuestionService>(scope);

        await using (var tx = await context.Database.BeginTransactionAsync())
        {
            var id = await questions.AskAsync(new KnowledgeQuestionInput("Teruggedraaide vraag " + SearchProbe.Word(), null), new Actor(user.Id, false));
            Assert.Equal(1, await context.SearchOutbox.CountAsync(e => e.DocumentKey == SearchKeys.KnowledgeQuestion(id)));
            await tx.RollbackAsync();
            context.ChangeTracker.Clear();
            Assert.Equal(0, await context.SearchOutbox.CountAsync(e => e.DocumentKey == SearchKeys.KnowledgeQuestion(id)));
            Assert.False(await context.KnowledgeQuestions.AnyAsync(q => q.Id == id));
        }

        var kept = await questions.AskAsync(new KnowledgeQuestionInput("Bewaarde vraag " + SearchProbe.Word(), null), new Actor(user.Id, false));
        Assert.Equal(1, await context.SearchOutbox.CountAsync(e => e.DocumentKey == SearchKeys.KnowledgeQuestion(kept)));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task New_edited_accepted_hidden_and_deleted_posts_reach_search(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var member = await app.CreateUserAsync();
        var slug = await app.CreatePilotAsync(admin);
        await app.AddMemberAsync(slug, member, admin);
        var anonymous = app.NewBrowser();
        var (titleWord, bodyWord, replyWord, editedWord, otherWord) = (SearchProbe.Word(), SearchProbe.Word(), SearchProbe.Word(), SearchProbe.Word(), SearchProbe.Word());

        var threadId = await app.CreateThreadAsync(slug, admin, title: $"Vraag over {titleWord}", body: $"Wie weet iets van {bodyWord}?", tags: "jeugd");
        var replyId = await app.ReplyAsync(slug, threadId, member, $"Wij deden {replyWord} in Aalten.");
        var otherId = await app.ReplyAsync(slug, threadId, member, $"Ook {otherWord} hielp.");
        // The answers carry their question's title, so the title alone finds all three.
        await SearchProbe.FoundAsync(anonymous, titleWord, total: 3);
        await SearchProbe.FoundAsync(anonymous, titleWord, extra: "&type=vraag");
        await SearchProbe.FoundAsync(anonymous, bodyWord);
        await SearchProbe.FoundAsync(anonymous, replyWord);
        var hit = (await SearchProbe.ApiAsync(anonymous, replyWord)).GetProperty("hits")[0];
        Assert.Equal("antwoord", hit.GetProperty("type").GetString());
        Assert.EndsWith($"#bericht-{replyId}", hit.GetProperty("url").GetString());
        Assert.Equal("vraag", (await SearchProbe.ApiAsync(anonymous, bodyWord)).GetProperty("hits")[0].GetProperty("type").GetString());

        using (var scope = app.Services.CreateScope())
        {
            await Service<DiscussionService>(scope).EditAsync(slug, threadId, replyId, null, $"Wij deden {editedWord} in Aalten.", null, false, new Actor(member.Id, false));
        }
        await SearchProbe.FoundAsync(anonymous, editedWord);
        await SearchProbe.GoneAsync(anonymous, replyWord);

        using (var scope = app.Services.CreateScope())
        {
            await Service<DiscussionService>(scope).AcceptAsync(slug, threadId, replyId, true, new Actor(admin.Id, false));
        }
        await SearchProbe.FoundAsync(anonymous, editedWord);

        using (var scope = app.Services.CreateScope())
        {
            await Service<ModerationService>(scope).HideAsync(slug, threadId, replyId, true, new Actor(admin.Id, true));
        }
        await SearchProbe.GoneAsync(anonymous, editedWord);
        await SearchProbe.FoundAsync(anonymous, titleWord, total: 2);

        using (var scope = app.Services.CreateScope())
        {
            await Service<DiscussionService>(scope).DeleteAsync(slug, threadId, otherId, new Actor(member.Id, false));
        }
        await SearchProbe.GoneAsync(anonymous, otherWord);
        await SearchProbe.FoundAsync(anonymous, titleWord);

        // Hiding the opening post hides the thread: its title, its text and every reply go.
        var shownId = await app.ReplyAsync(slug, threadId, member, $"Nog een antwoord met {replyWord}.");
        await SearchProbe.FoundAsync(anonymous, replyWord);
        var openingId = await app.QueryAsync(c => c.Posts.Where(p => p.ThreadId == threadId && p.IsOpening).Select(p => p.Id).SingleAsync());
        using (var scope = app.Services.CreateScope())
        {
            await Service<ModerationService>(scope).HideAsync(slug, threadId, openingId, true, new Actor(admin.Id, true));
        }
        await SearchProbe.GoneAsync(anonymous, titleWord);
        await SearchProbe.GoneAsync(anonymous, replyWord);
        Assert.True(shownId > 0);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Moving_a_thread_and_switching_a_community_closed_or_open_change_who_finds_it(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var member = await app.CreateUserAsync();
        var open = await app.CreatePilotAsync(admin);
        var closed = await app.CreatePilotAsync(admin, visibility: CommunityVisibility.Closed);
        await app.AddMemberAsync(closed, member, admin);
        var anonymous = app.NewBrowser();
        var memberBrowser = await app.SignInAsAsync(member);
        var word = SearchProbe.Word();
        var answerWord = SearchProbe.Word();

        var threadId = await app.CreateThreadAsync(open, admin, title: $"Verhuizen {word}");
        await app.ReplyAsync(open, threadId, admin, $"Antwoord met {answerWord}.");
        await SearchProbe.FoundAsync(anonymous, word, total: 2);
        await SearchProbe.FoundAsync(anonymous, answerWord);

        using (var scope = app.Services.CreateScope())
        {
            await Service<ModerationService>(scope).MoveAsync(open, threadId, closed, new Actor(admin.Id, true));
        }
        await SearchProbe.GoneAsync(anonymous, word);
        await SearchProbe.GoneAsync(anonymous, answerWord);
        await SearchProbe.FoundAsync(memberBrowser, word, total: 2);
        await SearchProbe.FoundAsync(memberBrowser, answerWord);
        Assert.Contains($"/pilots/{closed}/discussies/{threadId}/", (await SearchProbe.UrlsAsync(memberBrowser, word, "&type=vraag")).Single());

        await SetVisibilityAsync(app, closed, admin, CommunityVisibility.Open);
        await SearchProbe.FoundAsync(anonymous, word, total: 2);
        await SearchProbe.FoundAsync(anonymous, answerWord);
        await SetVisibilityAsync(app, closed, admin, CommunityVisibility.Closed);
        await SearchProbe.GoneAsync(anonymous, word);
        await SearchProbe.GoneAsync(anonymous, answerWord);
        await SearchProbe.FoundAsync(memberBrowser, word, total: 2);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Renaming_a_pilot_reaches_the_documents_of_its_community(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        var anonymous = app.NewBrowser();
        var word = SearchProbe.Word();
        var newTitle = "Hernoemd " + SearchProbe.Word("pilot");
        await app.CreateThreadAsync(slug, admin, title: $"Over {word}");
        await SearchProbe.FoundAsync(anonymous, word);

        using (var scope = app.Services.CreateScope())
        {
            var pilots = Service<PilotService>(scope);
            var input = await pilots.GetInputAsync(slug, new Actor(admin.Id, true));
            await pilots.UpdateAsync(slug, input with { Title = newTitle }, new Actor(admin.Id, true));
        }
        await SearchProbe.UntilAsync(async () =>
            (await SearchProbe.ApiAsync(anonymous, word)).GetProperty("hits")[0].GetProperty("pilot").GetProperty("title").GetString() == newTitle,
            "the thread's hit names the new pilot title");
        await SearchProbe.FoundAsync(anonymous, newTitle.Split(' ')[1], total: 1, extra: "&type=pilot");
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Wiki_pages_lessons_evaluations_knowledge_questions_and_chat_are_found_and_deleted_ones_go(Db db)
    {
        var app = await App(db);
        var admin = await app.CreateUserAsync(admin: true);
        var member = await app.CreateUserAsync();
        var outsider = await app.CreateUserAsync();
        var slug = await app.CreatePilotAsync(admin, phase: PilotPhase.Completion);
        await app.AddMemberAsync(slug, member, admin);
        var anonymous = app.NewBrowser();
        var memberBrowser = await app.SignInAsAsync(member);
        var outsiderBrowser = await app.SignInAsAsync(outsider);
        var adminBrowser = await app.SignInAsAsync(admin);
        var (wikiWord, lessonWord, evaluationWord, questionWord, chatWord) = (SearchProbe.Word(), SearchProbe.Word(), SearchProbe.Word(), SearchProbe.Word(), SearchProbe.Word());

        string pageSlug;
        using (var scope = app.Services.CreateScope())
        {
            var wiki = Service<WikiService>(scope);
            pageSlug = await wiki.CreateAsync(slug, new WikiPageInput { Title = "Werkwijze " + wikiWord, Body = $"We werken met **{wikiWord}**." }, new Actor(member.Id, false));
            await wiki.CreateAsync(slug, new WikiPageInput { Title = "Les over " + lessonWord, Body = "Wat we leerden.", IsLesson = true }, new Actor(member.Id, false));
            await Service<EvaluationService>(scope).SaveAsync(slug, new EvaluationInput($"Conclusie: {evaluationWord} werkt.", null, null, $"Hoe schalen we {questionWord} op?"),
                new Actor(admin.Id, true));
        }
        await SearchProbe.FoundAsync(anonymous, wikiWord, extra: "&type=wikipagina");
        await SearchProbe.FoundAsync(anonymous, lessonWord, extra: "&type=les");
        await SearchProbe.FoundAsync(anonymous, evaluationWord, extra: "&type=evaluatie");
        await SearchProbe.FoundAsync(anonymous, questionWord, extra: "&type=kennisvraag");

        var communityId = await app.QueryAsync(c => c.Communities.Where(x => x.Pilot!.Slug == slug).Select(x => x.Id).SingleAsync());
        ChatSendResult sent;
        using (var scope = app.Services.CreateScope())
        {
            sent = await Service<ChatService>(scope).SendAsync(communityId, Guid.NewGuid().ToString("N"), $"Wie kent {chatWord}?", new Actor(member.Id, false));
        }
        // The chat is for members (and admins) only, also in an Open community.
        await SearchProbe.FoundAsync(memberBrowser, chatWord, extra: "&type=chat");
        await SearchProbe.FoundAsync(adminBrowser, chatWord);
        Assert.Equal(0, await SearchProbe.TotalAsync(anonymous, chatWord));
        Assert.Equal(0, await SearchProbe.TotalAsync(outsiderBrowser, chatWord));

        using (var scope = app.Services.CreateScope())
        {
            await Service<ChatService>(scope).DeleteAsync(sent.Message.Id, new Actor(member.Id, false));
            await Service<WikiService>(scope).DeleteAsync(slug, pageSlug, new Actor(admin.Id, true));
        }
        await SearchProbe.GoneAsync(memberBrowser, chatWord);
        await SearchProbe.GoneAsync(anonymous, wikiWord);
    }

    private static async Task SetVisibilityAsync(AppFactory app, string slug, TestUser admin, CommunityVisibility visibility)
    {
        using var scope = app.Services.CreateScope();
        var pilots = Service<PilotService>(scope);
        var input = await pilots.GetInputAsync(slug, new Actor(admin.Id, true));
        await pilots.UpdateAsync(slug, input with { Visibility = visibility }, new Actor(admin.Id, true));
    }
}
