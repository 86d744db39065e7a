using System.Data.Common;
using Community.Core.Common;
using Community.Core.Data;
using Community.Core.Discussions;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Discussions;

/// <summary>
/// "Concurrent accept/vote requests keep counts exact, no double votes under a race": many requests at once, each
/// with its own DI scope (its own DbContext and connection), as concurrent HTTP requests would have, on both databases.
/// A failed request or an error in the log fails the test. Also the other races that move a counter or a one-per-person
/// row: hiding, deleting and reporting the same post at once.
/// </summary>
public sealed class ConcurrencyTests(Apps apps) : AppTest(apps)
{
    private sealed record Scene(AppFactory App, string Slug, TestUser Asker, IReadOnlyList<TestUser> Members, int ThreadId, int OpeningId, IReadOnlyList<int> AnswerIds);

    private static Actor As(TestUser user) => new(user.Id, false);

    private static async Task<Scene> SceneAsync(AppFactory app, int members, int answers = 1)
    {
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        var asker = await app.CreateUserAsync(name: "Vrager " + Guid.NewGuid().ToString("N")[..6]);
        await app.AddMemberAsync(slug, asker, admin);
        var people = new List<TestUser>();
        for (var i = 0; i < members; i++)
        {
            var m = await app.CreateUserAsync(name: $"Stemmer {i} {Guid.NewGuid().ToString("N")[..6]}");
            await app.AddMemberAsync(slug, m, admin);
            people.Add(m);
        }
        using var scope = app.Services.CreateScope();
        var discussions = scope.ServiceProvider.GetRequiredService<DiscussionService>();
        var threadId = await discussions.CreateThreadAsync(slug, new ThreadInput(ThreadKind.Question, "Wie stemt er mee over vervoer?", "Graag jullie ervaringen.", null), As(asker));
        var answerIds = new List<int>();
        for (var i = 0; i < answers; i++)
            answerIds.Add(await discussions.ReplyAsync(slug, threadId, $"Antwoord nummer {i}.", false, As(people[i % people.Count])));
        var openingId = await app.QueryAsync(d => d.Posts.Where(p => p.ThreadId == threadId && p.IsOpening).Select(p => p.Id).SingleAsync());
        return new Scene(app, slug, asker, people, threadId, openingId, answerIds);
    }

    /// <summary>Runs all actions at once (released together), each in its own scope, and waits for all of them.</summary>
    private static async Task RaceAsync(AppFactory app, IEnumerable<Func<DiscussionService, Task>> actions)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = actions.Select(action => Task.Run(async () =>
        {
            await start.Task;
            using var scope = app.Services.CreateScope();
            await action(scope.ServiceProvider.GetRequiredService<DiscussionService>());
        })).ToList();
        start.SetResult();
        await Task.WhenAll(tasks);
    }

    private static async Task AssertCountsAsync(Scene s, int postId, int expected)
    {
        var (count, rows) = await s.App.QueryAsync(async d => (
            await d.Posts.Where(p => p.Id == postId).Select(p => p.UsefulCount).SingleAsync(),
            await d.PostVotes.CountAsync(v => v.PostId == postId)));
        Assert.Equal(expected, rows);
        Assert.Equal(rows, count);
        if (postId == s.OpeningId)
            Assert.Equal(rows, await s.App.QueryAsync(d => d.Threads.Where(t => t.Id == s.ThreadId).Select(t => t.UsefulCount).SingleAsync()));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Twenty_members_voting_at_once_on_the_question_and_an_answer_count_twenty_each(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app, members: 21);
        var answer = s.AnswerIds[0];
        // The answer's author (member 0) cannot vote on it; the other twenty vote on both posts at the same time.
        var voters = s.Members.Skip(1).ToList();
        await RaceAsync(app, voters.SelectMany(m => new Func<DiscussionService, Task>[]
        {
            d => d.VoteAsync(s.Slug, s.ThreadId, s.OpeningId, true, As(m)),
            d => d.VoteAsync(s.Slug, s.ThreadId, answer, true, As(m)),
        }));
        await AssertCountsAsync(s, s.OpeningId, 20);
        await AssertCountsAsync(s, answer, 20);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task One_member_voting_ten_times_at_once_is_one_vote(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app, members: 2);
        var voter = s.Members[1];
        var answer = s.AnswerIds[0];
        await RaceAsync(app, Enumerable.Range(0, 10).SelectMany(_ => new Func<DiscussionService, Task>[]
        {
            d => d.VoteAsync(s.Slug, s.ThreadId, s.OpeningId, true, As(voter)),
            d => d.VoteAsync(s.Slug, s.ThreadId, answer, true, As(voter)),
        }));
        await AssertCountsAsync(s, s.OpeningId, 1);
        await AssertCountsAsync(s, answer, 1);

        // And ten withdrawals at once take away that one vote, not ten.
        await RaceAsync(app, Enumerable.Range(0, 10).Select(_ => (Func<DiscussionService, Task>)(d => d.VoteAsync(s.Slug, s.ThreadId, s.OpeningId, false, As(voter)))));
        await AssertCountsAsync(s, s.OpeningId, 0);
        await AssertCountsAsync(s, answer, 1);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Votes_and_withdrawals_racing_leave_the_count_equal_to_the_votes(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app, members: 11);
        var answer = s.AnswerIds[0];
        var voters = s.Members.Skip(1).ToList();
        // Half of them already voted; now everyone votes and withdraws several times at once, ending undecided.
        await RaceAsync(app, voters.Take(5).Select(m => (Func<DiscussionService, Task>)(d => d.VoteAsync(s.Slug, s.ThreadId, answer, true, As(m)))));
        var random = new Random(2026);
        var actions = voters.SelectMany(m => Enumerable.Range(0, 6).Select(i => (Post: i % 2 == 0 ? answer : s.OpeningId, Useful: random.Next(2) == 0, Voter: m)))
            .OrderBy(_ => random.Next()).ToList()
            .Select(x => (Func<DiscussionService, Task>)(d => d.VoteAsync(s.Slug, s.ThreadId, x.Post, x.Useful, As(x.Voter))));
        await RaceAsync(app, actions);
        var rows = await app.QueryAsync(d => d.PostVotes.CountAsync(v => v.PostId == answer));
        await AssertCountsAsync(s, answer, rows);
        await AssertCountsAsync(s, s.OpeningId, await app.QueryAsync(d => d.PostVotes.CountAsync(v => v.PostId == s.OpeningId)));

        // Then everyone settles: all vote on the answer, all withdraw from the question, at once.
        await RaceAsync(app, voters.SelectMany(m => new Func<DiscussionService, Task>[]
        {
            d => d.VoteAsync(s.Slug, s.ThreadId, answer, true, As(m)),
            d => d.VoteAsync(s.Slug, s.ThreadId, answer, true, As(m)),
            d => d.VoteAsync(s.Slug, s.ThreadId, s.OpeningId, false, As(m)),
            d => d.VoteAsync(s.Slug, s.ThreadId, s.OpeningId, false, As(m)),
        }));
        await AssertCountsAsync(s, answer, voters.Count);
        await AssertCountsAsync(s, s.OpeningId, 0);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Concurrent_accepts_of_different_answers_leave_exactly_one_accepted(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app, members: 6, answers: 6);
        var coordinator = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync(admin: true);
        await app.AddMemberAsync(s.Slug, coordinator, admin, coordinator: true);
        // The asker and a coordinator each accept every answer, all at once, twice.
        var accepters = new[] { As(s.Asker), As(coordinator) };
        await RaceAsync(app, Enumerable.Range(0, 2).SelectMany(_ => accepters.SelectMany(a => s.AnswerIds.Select(id =>
            (Func<DiscussionService, Task>)(d => d.AcceptAsync(s.Slug, s.ThreadId, id, true, a))))));

        var accepted = await app.QueryAsync(d => d.Threads.Where(t => t.Id == s.ThreadId).Select(t => t.AcceptedPostId).SingleAsync());
        Assert.Contains(accepted!.Value, s.AnswerIds);
        using var scope = app.Services.CreateScope();
        var view = await scope.ServiceProvider.GetRequiredService<DiscussionService>().GetAsync(s.Slug, s.ThreadId, As(s.Members[0]));
        var shown = Assert.Single(view.Posts, p => p.IsAccepted);
        Assert.Equal(accepted, shown.Id);
        // Shown first after the question.
        Assert.Equal(accepted, view.Posts[1].Id);
    }

    /// <summary>Cancels the request right after the vote row was written, as a closed tab or a dropped connection would.</summary>
    private sealed class CancelAfterVoteRow(CancellationTokenSource cts) : DbCommandInterceptor
    {
        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken ct = default)
        {
            if (command.CommandText.Contains("\"PostVotes\"", StringComparison.Ordinal)) cts.Cancel();
            return ValueTask.FromResult(result);
        }
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_vote_request_cancelled_after_its_row_leaves_no_vote_the_count_misses(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app, members: 2);
        var voter = s.Members[1];
        using var scope = app.Services.CreateScope();
        using var cts = new CancellationTokenSource();
        var options = new DbContextOptionsBuilder<CommunityDbContext>(scope.ServiceProvider.GetRequiredService<DbContextOptions<CommunityDbContext>>())
            .AddInterceptors(new CancelAfterVoteRow(cts)).Options;
        await using (var context = new CommunityDbContext(options))
        {
            var discussions = new DiscussionService(context, TimeProvider.System);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => discussions.VoteAsync(s.Slug, s.ThreadId, s.OpeningId, true, As(voter), cts.Token));
        }
        await AssertCountsAsync(s, s.OpeningId, 0);
        // The voter can vote again, and it counts once.
        await RaceAsync(app, [d => d.VoteAsync(s.Slug, s.ThreadId, s.OpeningId, true, As(voter))]);
        await AssertCountsAsync(s, s.OpeningId, 1);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Hiding_a_reply_from_the_thread_and_the_queue_at_once_counts_it_out_once(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app, members: 3, answers: 3);
        var admin = await app.CreateUserAsync(admin: true);
        var coordinator = await app.CreateUserAsync();
        await app.AddMemberAsync(s.Slug, coordinator, admin, coordinator: true);
        var reply = s.AnswerIds[1];
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ModerationService>().ReportAsync(s.Slug, s.ThreadId, reply, ReportReason.Inappropriate, null, As(s.Asker));

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var moderators = new[] { As(coordinator), new Actor(admin.Id, true) };
        var tasks = moderators.SelectMany(m => new Func<ModerationService, Task>[]
        {
            x => x.HideAsync(s.Slug, s.ThreadId, reply, true, m),
            x => x.HideAsync(s.Slug, s.ThreadId, reply, true, m),
            x => x.ResolveAsync(s.Slug, reply, ReportResolution.Hidden, m),
        }).Select(action => Task.Run(async () =>
        {
            await start.Task;
            using var scope = app.Services.CreateScope();
            await action(scope.ServiceProvider.GetRequiredService<ModerationService>());
        })).ToList();
        start.SetResult();
        await Task.WhenAll(tasks);

        var (replyCount, visible) = await app.QueryAsync(async d => (
            await d.Threads.Where(t => t.Id == s.ThreadId).Select(t => t.ReplyCount).SingleAsync(),
            await d.Posts.CountAsync(p => p.ThreadId == s.ThreadId && !p.IsOpening && p.HiddenAt == null && p.DeletedAt == null)));
        Assert.Equal(2, visible);
        Assert.Equal(visible, replyCount);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Accepting_the_same_answer_ten_times_at_once_tells_its_author_once(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app, members: 2, answers: 2);
        var answer = s.AnswerIds[1];
        await RaceAsync(app, Enumerable.Range(0, 10).Select(_ => (Func<DiscussionService, Task>)(d => d.AcceptAsync(s.Slug, s.ThreadId, answer, true, As(s.Asker)))));
        Assert.Equal(answer, await app.QueryAsync(d => d.Threads.Where(t => t.Id == s.ThreadId).Select(t => t.AcceptedPostId).SingleAsync()));
        Assert.Equal(1, await app.QueryAsync(d => d.Notifications.CountAsync(n => n.PostId == answer && n.Kind == NotificationKind.AcceptedAnswer)));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task An_answer_hidden_while_it_is_accepted_does_not_stay_accepted(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app, members: 4, answers: 4);
        var admin = await app.CreateUserAsync(admin: true);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = s.AnswerIds.SelectMany(id => new Func<IServiceProvider, Task>[]
        {
            sp => sp.GetRequiredService<DiscussionService>().AcceptAsync(s.Slug, s.ThreadId, id, true, As(s.Asker)),
            sp => sp.GetRequiredService<ModerationService>().HideAsync(s.Slug, s.ThreadId, id, true, new Actor(admin.Id, true)),
        }).Select(action => Task.Run(async () =>
        {
            await start.Task;
            using var scope = app.Services.CreateScope();
            try
            {
                await action(scope.ServiceProvider);
            }
            catch (RuleException e) when (e.Template == "Een verwijderd of verborgen antwoord kan niet geaccepteerd worden.")
            {
                // The hide came first: refused, as the asker would be told on the page.
            }
        })).ToList();
        start.SetResult();
        await Task.WhenAll(tasks);
        Assert.Null(await app.QueryAsync(d => d.Threads.Where(t => t.Id == s.ThreadId).Select(t => t.AcceptedPostId).SingleAsync()));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Deleting_twice_at_once_and_hiding_meanwhile_counts_each_reply_out_once(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app, members: 1, answers: 4);
        var admin = await app.CreateUserAsync(admin: true);
        var author = As(s.Members[0]);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Three replies: a double click on delete, and a moderator hiding the same reply at that moment.
        var tasks = s.AnswerIds.Take(3).SelectMany(id => new Func<IServiceProvider, Task>[]
        {
            sp => sp.GetRequiredService<DiscussionService>().DeleteAsync(s.Slug, s.ThreadId, id, author),
            sp => sp.GetRequiredService<DiscussionService>().DeleteAsync(s.Slug, s.ThreadId, id, author),
            sp => sp.GetRequiredService<ModerationService>().HideAsync(s.Slug, s.ThreadId, id, true, new Actor(admin.Id, true)),
        }).Select(action => Task.Run(async () =>
        {
            await start.Task;
            using var scope = app.Services.CreateScope();
            await action(scope.ServiceProvider);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(tasks);

        var (replyCount, visible) = await app.QueryAsync(async d => (
            await d.Threads.Where(t => t.Id == s.ThreadId).Select(t => t.ReplyCount).SingleAsync(),
            await d.Posts.CountAsync(p => p.ThreadId == s.ThreadId && !p.IsOpening && p.HiddenAt == null && p.DeletedAt == null)));
        Assert.Equal(1, visible);
        Assert.Equal(visible, replyCount);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Reporting_a_post_ten_times_at_once_is_one_open_report(Db db)
    {
        var app = await App(db);
        var s = await SceneAsync(app, members: 2, answers: 1);
        var reporter = As(s.Members[1]);
        var answer = s.AnswerIds[0];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ModerationService>().ReportAsync(s.Slug, s.ThreadId, answer, ReportReason.Spam, null, reporter);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(tasks);
        Assert.Equal(1, await app.QueryAsync(d => d.PostReports.CountAsync(r => r.PostId == answer)));
    }
}
