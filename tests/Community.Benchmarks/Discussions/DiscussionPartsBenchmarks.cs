using BenchmarkDotNet.Attributes;
using Community.Benchmarks.Support;
using Community.Core.Common;
using Community.Core.Discussions;
using Microsoft.EntityFrameworkCore;

namespace Community.Benchmarks.Discussions;

/// <summary>
/// The parts of the discussion pages without HTTP or Razor, on the same corpus as <see cref="DiscussionPageBenchmarks"/>:
/// the service calls the pages make and the Markdown rendering of the 200 posts, to tell where a page's time goes.
/// </summary>
[MemoryDiagnoser]
public class DiscussionPartsBenchmarks
{
    private string root = null!;
    private DiscussionCorpus corpus = null!;
    private Actor member = null!;
    private string[] bodies = null!;

    [GlobalSetup]
    public void Setup()
    {
        root = Path.Combine(Path.GetTempPath(), "kp-bench-parts-" + Guid.NewGuid().ToString("N")[..8]);
        corpus = new DiscussionCorpus(root);
        using var db = corpus.CreateContext();
        member = new Actor(db.Users.Where(u => u.Email == DiscussionCorpus.MemberEmail).Select(u => u.Id).Single(), false);
        bodies = db.Posts.Where(p => p.ThreadId == corpus.BigThreadId).Select(p => p.Body).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    [Benchmark(Description = "GetAsync: thread of 200 posts, member")]
    public async Task<int> ThreadQuery()
    {
        await using var db = corpus.CreateContext();
        return (await new DiscussionService(db, TimeProvider.System).GetAsync(DiscussionCorpus.PilotSlug, corpus.BigThreadId, member)).Posts.Count;
    }

    [Benchmark(Description = "Markdown.ToHtml of the 200 posts")]
    public int RenderMarkdown()
    {
        var length = 0;
        foreach (var body in bodies) length += Markdown.ToHtml(body).Length;
        return length;
    }

    [Benchmark(Description = "ListAsync: first page of 10,000")]
    public async Task<int> ListQuery()
    {
        await using var db = corpus.CreateContext();
        return (await new DiscussionService(db, TimeProvider.System).ListAsync(DiscussionCorpus.PilotSlug, new ThreadFilter(), member)).Total;
    }

    [Benchmark(Description = "ListAsync: unanswered by votes")]
    public async Task<int> ListFilteredQuery()
    {
        await using var db = corpus.CreateContext();
        return (await new DiscussionService(db, TimeProvider.System).ListAsync(DiscussionCorpus.PilotSlug,
            new ThreadFilter(ThreadShow.Unanswered, Sort: ThreadSort.Votes), member)).Total;
    }
}
