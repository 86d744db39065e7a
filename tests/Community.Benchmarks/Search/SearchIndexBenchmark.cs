using System.Diagnostics;
using System.Runtime.InteropServices;
using Community.Core.Search;

namespace Community.Benchmarks.Search;

/// <summary>
/// The search index at scale, measured by hand rather than by BenchmarkDotNet: building a million-document index is
/// one operation of minutes, not something to repeat per iteration. Bulk indexing (a rebuild from the generator),
/// index size, a second full rebuild while searches run, single-document applies (the outbox path), and latency of
/// the 200 fixed queries with snippets for a page of 20, as an anonymous reader and as a member.
/// <c>dotnet run -c Release --project tests/Community.Benchmarks -- search 100000</c>
/// </summary>
public static class SearchIndexBenchmark
{
    private const int Rounds = 5;

    public static async Task RunAsync(int documents, string? directory, bool secondRebuild, bool reuse = false)
    {
        var root = directory ?? Path.Combine(Path.GetTempPath(), $"kp-search-bench-{documents}-{Guid.NewGuid():N}"[..40]);
        Console.WriteLine($"# Search index benchmark: {documents:N0} documents in {root}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {CpuName()}");
        Console.WriteLine($"load at start: {Load()}");
        var corpus = new SearchCorpus();
        try
        {
            using var index = new LuceneSearchIndex(root);

            var watch = Stopwatch.StartNew();
            if (reuse && index.AppliedSequence == documents)
            {
                Console.WriteLine($"reusing the index in {root}: no bulk indexing measured");
            }
            else
            {
                var generated = corpus.Documents(Math.Min(documents, 100_000)).Sum(d => d.Body.Length);
                Console.WriteLine($"generating {Math.Min(documents, 100_000):N0} documents alone: {watch.Elapsed.TotalSeconds:F1} s ({generated / Math.Min(documents, 100_000):N0} body chars on average)");
                watch.Restart();
                await index.RebuildAsync(corpus.DocumentsAsync(documents), documents,
                    new Progress<long>(n => { if (n % 100_000 == 0) Console.WriteLine($"  indexed {n:N0} ({watch.Elapsed.TotalSeconds:F0} s, load {Load()})"); }));
                var bulk = watch.Elapsed;
                Console.WriteLine($"bulk indexing (rebuild into an empty folder): {bulk.TotalSeconds:F1} s, {documents / bulk.TotalSeconds:N0} docs/s, load {Load()}");
                Console.WriteLine($"index size: {Size(root) / 1024.0 / 1024.0:F0} MB");
            }

            var queries = SearchCorpus.Queries();
            SearchViewer member = new(false, new HashSet<int> { 5, 10, 15, 20, 25, 3, 7 });
            var rows = new List<string>();
            foreach (var (name, viewer, facets) in new[] { ("anonymous, with facets", SearchViewer.Anonymous, true), ("member of 7 communities, with facets", member, true), ("anonymous, no facets (API)", SearchViewer.Anonymous, false), ("anonymous, no facets, page of 1 (no snippets to speak of)", SearchViewer.Anonymous, false) })
            {
                // One round to warm the caches and the JIT (reported as "first round"); the rounds after it are measured.
                var first = new List<double>();
                foreach (var query in queries)
                {
                    var started = Stopwatch.GetTimestamp();
                    index.Search(new SearchRequest(query, viewer) { IncludeFacets = facets, PageSize = name.Contains("page of 1") ? 1 : 20 });
                    first.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                first.Sort();
                var times = new List<double>();
                var byKind = SearchCorpus.QueryKinds.ToDictionary(k => k, _ => new List<double>());
                long totalHits = 0;
                var zero = 0;
                for (var round = 0; round < Rounds; round++)
                {
                    for (var q = 0; q < queries.Count; q++)
                    {
                        var query = queries[q];
                        var started = Stopwatch.GetTimestamp();
                        var result = index.Search(new SearchRequest(query, viewer) { IncludeFacets = facets, PageSize = name.Contains("page of 1") ? 1 : 20 });
                        var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        times.Add(took);
                        byKind[SearchCorpus.QueryKind(q)].Add(took);
                        totalHits += result.Total;
                        if (result.Total == 0)
                            zero++;
                    }
                }
                times.Sort();
                rows.Add($"| {name} | {Percentile(times, 0.5):F2} ms | {Percentile(times, 0.95):F2} ms | {Percentile(times, 0.99):F2} ms | {times[^1]:F1} ms | {totalHits / times.Count:N0} | {zero / Rounds} | {Load()} |");
                foreach (var (kind, kindTimes) in byKind)
                {
                    kindTimes.Sort();
                    rows.Add($"|   {kind} | {Percentile(kindTimes, 0.5):F2} ms | {Percentile(kindTimes, 0.95):F2} ms | {Percentile(kindTimes, 0.99):F2} ms | {kindTimes[^1]:F1} ms | | | |");
                }
                rows.Add($"|   first round (cold caches) | {Percentile(first, 0.5):F2} ms | {Percentile(first, 0.95):F2} ms | {Percentile(first, 0.99):F2} ms | {first[^1]:F1} ms | | | |");
            }
            Console.WriteLine($"queries: {queries.Count} x {Rounds} rounds, page of 20 with snippets, single thread");
            Console.WriteLine("| viewer | p50 | p95 | p99 | max | mean total hits | queries with no hit | load |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            rows.ForEach(Console.WriteLine);

            // --reuse keeps the index as built (no applies, no second rebuild) so the next run can query it again.
            if (!reuse)
            {
                var applies = new List<double>();
                var sample = corpus.Documents(200).ToList();
                for (var i = 0; i < sample.Count; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await index.ApplyAsync([sample[i] with { Body = sample[i].Body + " bijgewerkt" }], [], documents + i + 1);
                    applies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                applies.Sort();
                Console.WriteLine($"apply one changed document (commit + reopen, searchable on return): p50 {Percentile(applies, 0.5):F1} ms, p95 {Percentile(applies, 0.95):F1} ms, load {Load()}");

                if (secondRebuild)
                {
                    // The reindex verb's case: a full rebuild beside the serving index while readers keep searching it.
                    using var stop = new CancellationTokenSource();
                    var searched = 0;
                    var reader = Task.Run(() =>
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            index.Search(new SearchRequest(queries[searched % queries.Count], SearchViewer.Anonymous));
                            searched++;
                        }
                    });
                    watch.Restart();
                    await index.RebuildAsync(corpus.DocumentsAsync(documents), documents + 1_000);
                    var rebuild = watch.Elapsed;
                    stop.Cancel();
                    await reader;
                    Console.WriteLine($"full rebuild while serving: {rebuild.TotalSeconds:F1} s ({documents / rebuild.TotalSeconds:N0} docs/s), {searched:N0} searches meanwhile, load {Load()}");
                    Console.WriteLine($"index size after rebuild: {Size(root) / 1024.0 / 1024.0:F0} MB");
                }
            }
        }
        finally
        {
            if (directory is null)
                Directory.Delete(root, recursive: true);
        }
        Console.WriteLine($"load at end: {Load()}");
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static long Size(string root) =>
        new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string CpuName() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
}
