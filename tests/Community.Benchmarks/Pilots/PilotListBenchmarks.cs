using BenchmarkDotNet.Attributes;
using Community.Benchmarks.Support;
using Community.Core.Pilots;

namespace Community.Benchmarks.Pilots;

/// <summary>The /pilots page's query: the count and the first page of pilots with municipalities, themes and member counts.</summary>
[MemoryDiagnoser]
public class PilotListBenchmarks
{
    private BenchmarkDatabase database = null!;

    [Params(1_000)]
    public int Pilots { get; set; }

    [GlobalSetup]
    public void Setup() => database = new BenchmarkDatabase(Pilots, people: 500);

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<int> AllByLastUpdate()
    {
        await using var db = database.CreateContext();
        return (await new PilotService(db, TimeProvider.System).ListAsync(new PilotFilter())).Total;
    }

    [Benchmark]
    public async Task<int> FilteredByMunicipalityAndText()
    {
        await using var db = database.CreateContext();
        return (await new PilotService(db, TimeProvider.System).ListAsync(new PilotFilter(MunicipalityId: database.MunicipalityId, Query: "wijkteam"))).Total;
    }
}
