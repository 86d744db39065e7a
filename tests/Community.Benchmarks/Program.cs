using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Community.Benchmarks -- --filter '*' --job short
// Medians and p95 beside the mean: the machines here are shared and noisy, so means drift with outliers.
// `-- corpus <dir>`: only build the discussion corpus (App_Data-style directory with community.db), for profiling by hand,
// e.g. with sqlite3 or by starting the web app on it with --Storage:DataDirectory=<dir>.
if (args is ["corpus", var directory])
{
    var corpus = new Community.Benchmarks.Support.DiscussionCorpus(Path.GetFullPath(directory));
    Console.WriteLine($"{corpus.DataDirectory}/community.db: thread {corpus.BigThreadId}, sign in as {Community.Benchmarks.Support.DiscussionCorpus.MemberEmail}");
    return;
}

// `-- search <documents> [--dir <path> [--reuse]] [--no-second-rebuild]`: the search index at scale (see BENCHMARKS.md, Search);
// --reuse skips the bulk indexing when the folder already holds this benchmark's index of that size (for query work).
if (args is ["search", var count, ..])
{
    var dirIndex = Array.IndexOf(args, "--dir");
    await Community.Benchmarks.Search.SearchIndexBenchmark.RunAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture),
        dirIndex > 0 && dirIndex + 1 < args.Length ? args[dirIndex + 1] : null, !args.Contains("--no-second-rebuild"), args.Contains("--reuse"));
    return;
}

// `-- digests <users> [batch size]`: compose every due digest once over a ~100,000-item corpus and print time, queries and memory.
if (args is ["digests", var users, ..] && int.TryParse(users, out var userCount))
{
    await Community.Benchmarks.Digests.DigestBenchmark.RunAsync(userCount, args.Length > 2 ? int.Parse(args[2]) : Community.Core.Digests.DigestService.DefaultBatchSize);
    return;
}

var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median, StatisticColumn.P95);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

public partial class Program;
