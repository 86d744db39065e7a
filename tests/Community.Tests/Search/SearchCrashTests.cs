using System.Diagnostics;
using Community.Core.Search;

namespace Community.Tests.Search;

/// <summary>kill -9 of a process that is writing to the index: the index opens at its last commit and takes changes again.</summary>
public sealed class SearchCrashTests
{
    private static readonly SearchViewer Admin = new(true, new HashSet<int>());

    [Fact]
    public async Task After_kill_9_mid_write_the_index_opens_at_its_last_commit_and_the_follower_can_carry_on()
    {
        using var temp = new TempIndex();
        temp.Index.Dispose();
        var lastReported = 0L;
        for (var round = 0; round < 3; round++)
        {
            var first = lastReported + 1;
            lastReported = await RunAndKillAsync(temp.Path, first, killAfterSequences: 3 + round * 2);

            using var index = new LuceneSearchIndex(temp.Path);
            // Every batch the process said was committed is there, and nothing after the commit the index reports.
            Assert.InRange(index.AppliedSequence, lastReported, lastReported + 1);
            for (var sequence = 1; sequence <= index.AppliedSequence; sequence++)
                Assert.Equal(50, index.Search(new SearchRequest($"reeks{sequence}", Admin) { IncludeFacets = false }).Total);
            Assert.Equal(0, index.Search(new SearchRequest($"reeks{index.AppliedSequence + 1}", Admin)).Total);
            lastReported = index.AppliedSequence;
        }

        // The dead process's lock is no obstacle to the next writer.
        using var after = new LuceneSearchIndex(temp.Path);
        await after.ApplyAsync([DutchCorpus.Get("wiki:16") with { Key = "wiki:1", Body = "Na de crash: de komeet." }], [], lastReported + 1);
        Assert.Equal(1, after.Search(new SearchRequest("komeet", Admin)).Total);
    }

    private static async Task<long> RunAndKillAsync(string path, long firstSequence, int killAfterSequences)
    {
        var start = new ProcessStartInfo("dotnet", [HelperPath(), path, firstSequence.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var reported = firstSequence - 1;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (reported < firstSequence - 1 + killAfterSequences)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("The crash helper ended: " + await process.StandardError.ReadToEndAsync());
                if (line.StartsWith("applied ", StringComparison.Ordinal))
                    reported = long.Parse(line["applied ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            // SIGKILL: no finally blocks, no Dispose, no commit on the way out; the next batch is usually half written.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        // Batches commit faster than a busy test process reads their lines: what the helper printed before it died
        // is still in the pipe, and counts as reported.
        while (await process.StandardOutput.ReadLineAsync() is { } rest)
        {
            if (rest.StartsWith("applied ", StringComparison.Ordinal))
                reported = long.Parse(rest["applied ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        }
        return reported;
    }

    private static string HelperPath()
    {
        // tests/Community.Tests/bin/<configuration>/net10.0/ → tests/Community.SearchCrash/bin/<configuration>/net10.0/
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = own.Name;
        var configuration = own.Parent!.Name;
        var tests = own.Parent.Parent!.Parent!.Parent!.FullName;
        var helper = Path.Combine(tests, "Community.SearchCrash", "bin", configuration, framework, "Community.SearchCrash.dll");
        Assert.True(File.Exists(helper), $"The crash helper is not built at {helper}.");
        return helper;
    }
}
