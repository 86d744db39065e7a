using BenchmarkDotNet.Attributes;
using Community.Benchmarks.Support;
using Community.Core.Accounts;
using Community.Core.Common;

namespace Community.Benchmarks.Accounts;

/// <summary>The /leden member directory: one page of people matching a free-text term or a tag.</summary>
[MemoryDiagnoser]
public class MemberDirectoryBenchmarks
{
    private BenchmarkDatabase database = null!;
    private readonly Actor someone = new("someone", false);

    [Params(10_000)]
    public int People { get; set; }

    [GlobalSetup]
    public void Setup() => database = new BenchmarkDatabase(pilots: 50, People);

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<int> FirstPage()
    {
        await using var db = database.CreateContext();
        return (await new ProfileService(db, TimeProvider.System).SearchAsync(null, null, null, 1, someone)).Total;
    }

    [Benchmark]
    public async Task<int> FreeText()
    {
        await using var db = database.CreateContext();
        return (await new ProfileService(db, TimeProvider.System).SearchAsync("mantelzorg", null, null, 1, someone)).Total;
    }

    [Benchmark]
    public async Task<int> ByTag()
    {
        await using var db = database.CreateContext();
        return (await new ProfileService(db, TimeProvider.System).SearchAsync(null, null, "armoede", 1, someone)).Total;
    }
}
