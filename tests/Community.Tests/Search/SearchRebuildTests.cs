using System.Runtime.CompilerServices;
using Community.Core.Search;

namespace Community.Tests.Search;

/// <summary>
/// Rebuilds beside the serving index and the pointer switch, with two LuceneSearchIndex instances on one path standing
/// in for the web server and the reindex CLI; and opening what a crashed process left.
/// </summary>
public sealed class SearchRebuildTests
{
    private static readonly SearchViewer Admin = new(true, new HashSet<int>());

    private static SearchDocument Doc(string key, string title, string body) =>
        DutchCorpus.Get("wiki:16") with { Key = key, Title = title, Body = body };

    [Fact]
    public async Task A_rebuild_in_another_process_swaps_in_and_the_server_follows_and_lets_go_of_the_old_index()
    {
        using var temp = await TempIndex.WithCorpusAsync();
        var server = temp.Index;
        var oldGenerations = Generations(temp.Path);

        using var cli = new LuceneSearchIndex(temp.Path);
        Assert.Equal(100, cli.AppliedSequence);
        await cli.RebuildAsync(Docs(Doc("wiki:1", "Nieuwe index", "Alleen dit document over de regenboog staat erin.")), 250);

        Assert.Equal(250, cli.AppliedSequence);
        Assert.Equal(1, cli.Search(new SearchRequest("regenboog", Admin)).Total);
        Assert.Equal(0, cli.Search(new SearchRequest("wijkteam", Admin)).Total);

        server.Refresh();
        Assert.Equal(250, server.AppliedSequence);
        Assert.Equal(1, server.Search(new SearchRequest("regenboog", Admin)).Total);
        Assert.Equal(0, server.Search(new SearchRequest("wijkteam", Admin)).Total);
        Assert.DoesNotContain(Generations(temp.Path), oldGenerations.Contains);
        Assert.Single(Generations(temp.Path));

        // The server writes to the new index from here on: the follower re-applies from sequence 250.
        await server.ApplyAsync([Doc("wiki:2", "Na de wissel", "Een bericht over de zonsverduistering.")], [], 251);
        cli.Refresh();
        Assert.Equal(1, cli.Search(new SearchRequest("zonsverduistering", Admin)).Total);
    }

    [Fact]
    public async Task The_server_notices_the_switch_by_itself_within_seconds()
    {
        using var temp = await TempIndex.WithCorpusAsync();
        using var cli = new LuceneSearchIndex(temp.Path);
        await cli.RebuildAsync(Docs(Doc("wiki:1", "Nieuw", "Over de regenboog.")), 7);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (temp.Index.Search(new SearchRequest("regenboog", Admin)).Total == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal(1, temp.Index.Search(new SearchRequest("regenboog", Admin)).Total);
        Assert.Equal(7, temp.Index.AppliedSequence);
    }

    [Fact]
    public async Task Searches_keep_the_old_index_until_the_rebuild_is_complete()
    {
        using var temp = await TempIndex.WithCorpusAsync();
        var halfway = new TaskCompletionSource();
        var proceed = new TaskCompletionSource();

        var rebuild = temp.Index.RebuildAsync(Paused(halfway, proceed), 300);
        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Half the new index is written: readers still get the whole old one, searching and writing.
        var searches = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.True(temp.Index.Search(new SearchRequest("wijkteam", Admin)).Total > 5);
                Assert.Equal(0, temp.Index.Search(new SearchRequest("regenboog", Admin)).Total);
            }
        })).ToList();
        await temp.Index.ApplyAsync([Doc("wiki:3", "Tussendoor", "Een bericht over de poolster.")], [], 101);
        Assert.Equal(1, temp.Index.Search(new SearchRequest("poolster", Admin)).Total);
        await Task.WhenAll(searches);

        proceed.SetResult();
        await rebuild;

        Assert.Equal(300, temp.Index.AppliedSequence);
        Assert.Equal(2, temp.Index.Search(new SearchRequest("regenboog", Admin)).Total);
        Assert.Equal(0, temp.Index.Search(new SearchRequest("wijkteam", Admin)).Total);
        Assert.Single(Generations(temp.Path));
    }

    [Fact]
    public async Task Many_searches_during_a_swap_never_fail()
    {
        using var temp = await TempIndex.WithCorpusAsync();
        using var cli = new LuceneSearchIndex(temp.Path);
        using var stop = new CancellationTokenSource();
        var searches = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var count = 0;
            while (!stop.IsCancellationRequested)
            {
                var total = temp.Index.Search(new SearchRequest("wijkteam OR regenboog", Admin)).Total;
                Assert.True(total > 0);
                count++;
            }
            return count;
        })).ToList();
        for (var i = 0; i < 5; i++)
        {
            await cli.RebuildAsync(Docs([.. DutchCorpus.Documents, Doc("wiki:1", "Nieuw", $"regenboog {i}")]), 1000 + i);
            temp.Index.Refresh();
        }
        stop.Cancel();
        Assert.All(await Task.WhenAll(searches), count => Assert.True(count > 0));
        Assert.Equal(1004, temp.Index.AppliedSequence);
        Assert.Single(Generations(temp.Path));
    }

    [Fact]
    public async Task A_cancelled_rebuild_leaves_the_serving_index_and_no_directory_behind()
    {
        using var temp = await TempIndex.WithCorpusAsync();
        using var cancel = new CancellationTokenSource();
        var halfway = new TaskCompletionSource();
        var rebuild = temp.Index.RebuildAsync(Paused(halfway, new TaskCompletionSource()), 300, cancellationToken: cancel.Token);
        await halfway.Task;
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rebuild);
        Assert.Equal(100, temp.Index.AppliedSequence);
        Assert.True(temp.Index.Search(new SearchRequest("wijkteam", Admin)).Total > 5);
        Assert.Single(Generations(temp.Path));
    }

    [Fact]
    public async Task An_index_left_with_a_stale_write_lock_opens_at_its_last_commit_and_takes_changes()
    {
        using var temp = await TempIndex.WithCorpusAsync();
        await temp.Index.ApplyAsync([Doc("wiki:5", "Voor de crash", "Een bericht over de komeet.")], [], 120);
        var generation = Assert.Single(Generations(temp.Path));
        temp.Index.Dispose();
        // What kill -9 leaves: the lock file of a writer that no process holds any more.
        File.WriteAllText(Path.Combine(temp.Path, generation, "write.lock"), "");

        var reopened = temp.Reopen();
        Assert.Equal(120, reopened.AppliedSequence);
        Assert.Equal(1, reopened.Search(new SearchRequest("komeet", Admin)).Total);
        await reopened.ApplyAsync([Doc("wiki:6", "Na de crash", "Een bericht over de meteoor.")], [], 121);
        Assert.Equal(1, reopened.Search(new SearchRequest("meteoor", Admin)).Total);
    }

    [Fact]
    public async Task A_generation_left_by_a_crashed_rebuild_is_removed_once_it_is_old()
    {
        using var temp = await TempIndex.WithCorpusAsync();
        var orphan = Path.Combine(temp.Path, "gen-20260101000000000-0badc0de");
        Directory.CreateDirectory(orphan);
        File.WriteAllText(Path.Combine(orphan, "_0.cfs"), "half");
        var fresh = Path.Combine(temp.Path, $"gen-{DateTime.UtcNow:yyyyMMddHHmmssfff}-0000beef");
        Directory.CreateDirectory(fresh);
        Directory.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddHours(-2));

        temp.Reopen();

        Assert.False(Directory.Exists(orphan));
        // A young one may be a rebuild that has not locked its directory yet.
        Assert.True(Directory.Exists(fresh));
    }

    private static List<string> Generations(string root) =>
        [.. Directory.EnumerateDirectories(root, "gen-*").Select(Path.GetFileName).OfType<string>()];

    private static async IAsyncEnumerable<SearchDocument> Docs(params SearchDocument[] documents)
    {
        foreach (var document in documents)
        {
            await Task.Yield();
            yield return document;
        }
    }

    private static async IAsyncEnumerable<SearchDocument> Paused(TaskCompletionSource halfway, TaskCompletionSource proceed,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < 200; i++)
        {
            if (i == 100)
            {
                halfway.TrySetResult();
                await proceed.Task.WaitAsync(cancellationToken);
            }
            yield return Doc($"wiki:r{i}", "Herbouwd", i < 2 ? "Over de regenboog." : $"Document nummer {i} over de sterrenhemel.");
        }
    }
}
