using Community.Core.Common;
using Community.Core.Data;
using Community.Core.KnowledgeQuestions;
using Community.Core.Search;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Search;

/// <summary>The follower: gaps in the sequence on PostgreSQL, and catching up after a restart on the same data.</summary>
public sealed class SearchFollowerTests(SearchFollowerTests.GapApps apps) : AppTest<SearchFollowerTests.GapApps>(apps)
{
    public sealed class GapApps : Apps
    {
        // Long enough that a loaded machine does not expire a gap while the test still holds its transaction open.
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Search:GapTimeoutSeconds"] = "8" };
    }

    private static async Task<int> AskAsync(IServiceProvider services, TestUser user, string text)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<KnowledgeQuestionService>().AskAsync(new KnowledgeQuestionInput(text, null), new Actor(user.Id, false));
    }

    [PostgresFact]
    public async Task A_lower_sequence_number_that_commits_later_is_not_skipped_and_a_rolled_back_one_stops_waiting_after_the_timeout()
    {
        var app = await App(Db.PostgreSql);
        var user = await app.CreateUserAsync();
        var index = app.Services.GetRequiredService<ISearchIndex>();
        var follower = app.Services.GetRequiredService<SearchFollower>();
        var anonymous = app.NewBrowser();
        var (late, early) = (SearchProbe.Word("laat"), SearchProbe.Word("vroeg"));

        // A transaction takes sequence number N and stays open while another commits N + 1.
        using var slowScope = app.Services.CreateScope();
        var slow = slowScope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        var tx = await slow.Database.BeginTransactionAsync();
        await slowScope.ServiceProvider.GetRequiredService<KnowledgeQuestionService>().AskAsync(new KnowledgeQuestionInput($"Vraag {late}", null), new Actor(user.Id, false));
        var held = await slow.SearchOutbox.MaxAsync(e => e.Sequence);
        await AskAsync(app.Services, user, $"Vraag {early}");
        await SearchProbe.FoundAsync(anonymous, early);
        Assert.True(index.AppliedSequence < held, $"applied {index.AppliedSequence} must stay below the open transaction's {held}");
        Assert.Contains(held, follower.Waiting);

        await tx.CommitAsync();
        await tx.DisposeAsync();
        await SearchProbe.FoundAsync(anonymous, late);
        await SearchProbe.UntilAsync(() => Task.FromResult(index.AppliedSequence > held), "the recorded sequence passes the filled gap");

        // A rolled-back transaction's number never shows up: the follower waits for it, then gives up and moves on.
        var (gone, after) = (SearchProbe.Word("weg"), SearchProbe.Word("na"));
        int rolledBackSequence;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
            await using var rollback = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<KnowledgeQuestionService>().AskAsync(new KnowledgeQuestionInput($"Vraag {gone}", null), new Actor(user.Id, false));
            rolledBackSequence = (int)await db.SearchOutbox.MaxAsync(e => e.Sequence);
            await rollback.RollbackAsync();
        }
        await AskAsync(app.Services, user, $"Vraag {after}");
        await SearchProbe.FoundAsync(anonymous, after);
        Assert.True(index.AppliedSequence < rolledBackSequence);
        await SearchProbe.UntilAsync(() => Task.FromResult(index.AppliedSequence > rolledBackSequence), "the gap of a rolled-back transaction expires",
            TimeSpan.FromSeconds(30));
        Assert.Equal(0, await SearchProbe.TotalAsync(anonymous, gone));
        Assert.DoesNotContain(rolledBackSequence, follower.Waiting);
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task Pruning_deletes_applied_rows_past_the_retention_and_keeps_the_newest(Db db)
    {
        var app = await App(db);
        var user = await app.CreateUserAsync();
        var index = app.Services.GetRequiredService<ISearchIndex>();
        var old = DateTimeOffset.UtcNow.AddDays(-30);
        List<long> oldRows;
        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
            var rows = Enumerable.Range(0, 3).Select(_ => new SearchOutboxEntry { DocumentKey = SearchKeys.KnowledgeQuestion(int.MaxValue), EnqueuedAt = old }).ToList();
            context.SearchOutbox.AddRange(rows);
            await context.SaveChangesAsync();
            oldRows = rows.Select(r => r.Sequence).ToList();
        }
        var word = SearchProbe.Word("nieuw");
        await AskAsync(app.Services, user, $"Vraag {word}");
        await SearchProbe.FoundAsync(app.NewBrowser(), word);
        await SearchProbe.UntilAsync(() => Task.FromResult(index.AppliedSequence >= oldRows.Max()), "the old rows are applied");

        Assert.True(await app.Services.GetRequiredService<SearchFollower>().PruneAsync() >= 3);
        Assert.False(await app.QueryAsync(c => c.SearchOutbox.AnyAsync(e => oldRows.Contains(e.Sequence))));
        Assert.True(await app.QueryAsync(c => c.SearchOutbox.AnyAsync(e => e.EnqueuedAt > old.AddDays(20))));
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_node_behind_the_pruned_outbox_rebuilds_its_index_on_start(Db db)
    {
        await WithSharedDataAsync(db, async start =>
        {
            var (before, missed) = (SearchProbe.Word("voor"), SearchProbe.Word("gemist"));
            TestUser user;
            await using (var first = start(true))
            {
                user = await first.CreateUserAsync();
                await AskAsync(first.Services, user, $"Vraag {before}");
                await SearchProbe.FoundAsync(first.NewBrowser(), before);
            }
            await using (var idle = start(false))
            {
                await AskAsync(idle.Services, user, $"Vraag {missed}");
                await AskAsync(idle.Services, user, $"Nog een vraag {SearchProbe.Word()}");
                // Other nodes pruned everything but the newest row while this one was away.
                await idle.QueryAsync(async c =>
                {
                    var newest = await c.SearchOutbox.MaxAsync(e => e.Sequence);
                    return await c.SearchOutbox.Where(e => e.Sequence < newest).ExecuteDeleteAsync();
                });
            }
            await using var again = start(true);
            await SearchProbe.FoundAsync(again.NewBrowser(), missed);
            await SearchProbe.FoundAsync(again.NewBrowser(), before);
            again.Logs.AssertNoErrors();
        });
    }

    /// <summary>Apps started one after another on one data folder (SQLite file and index) and one database.</summary>
    private static async Task WithSharedDataAsync(Db db, Func<Func<bool, AppFactory>, Task> test)
    {
        var root = Path.Combine(Path.GetTempPath(), "kp-restart-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var connectionString = db == Db.PostgreSql ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() : null;
        try
        {
            await test(follow =>
            {
                var app = new AppFactory(db, connectionString, settings: new Dictionary<string, string?>
                {
                    ["Storage:DataDirectory"] = root,
                    ["Search:FollowOutbox"] = follow ? "true" : "false",
                });
                _ = app.Server;
                return app;
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Theory, InlineData(Db.Sqlite), PostgresData]
    public async Task A_new_app_on_the_same_data_catches_up_with_what_was_written_while_no_follower_ran(Db db)
    {
        var root = Path.Combine(Path.GetTempPath(), "kp-restart-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var connectionString = db == Db.PostgreSql ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() : null;
        AppFactory Start(bool follow)
        {
            var app = new AppFactory(db, connectionString, settings: new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = root,
                ["Search:FollowOutbox"] = follow ? "true" : "false",
            });
            _ = app.Server;
            return app;
        }
        try
        {
            var (before, during) = (SearchProbe.Word("voor"), SearchProbe.Word("tijdens"));
            TestUser user;
            long appliedBefore;
            await using (var first = Start(follow: true))
            {
                user = await first.CreateUserAsync();
                await AskAsync(first.Services, user, $"Vraag {before}");
                await SearchProbe.FoundAsync(first.NewBrowser(), before);
                appliedBefore = first.Services.GetRequiredService<ISearchIndex>().AppliedSequence;
                first.Logs.AssertNoErrors();
            }
            await using (var idle = Start(follow: false))
            {
                await AskAsync(idle.Services, user, $"Vraag {during}");
                await Task.Delay(500);
                Assert.Equal(0, await SearchProbe.TotalAsync(idle.NewBrowser(), during));
                Assert.Equal(appliedBefore, idle.Services.GetRequiredService<ISearchIndex>().AppliedSequence);
                idle.Logs.AssertNoErrors();
            }
            await using (var again = Start(follow: true))
            {
                var browser = again.NewBrowser();
                await SearchProbe.FoundAsync(browser, during);
                await SearchProbe.FoundAsync(browser, before);
                Assert.True(again.Services.GetRequiredService<ISearchIndex>().AppliedSequence > appliedBefore);
                again.Logs.AssertNoErrors();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
