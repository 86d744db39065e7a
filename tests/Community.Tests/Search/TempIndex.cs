using Community.Core.Search;

namespace Community.Tests.Search;

/// <summary>A real index in a fresh temp directory, removed afterwards.</summary>
public sealed class TempIndex : IDisposable
{
    public TempIndex()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kp-search-" + Guid.NewGuid().ToString("N")[..12]);
        Index = new LuceneSearchIndex(Path);
    }

    public string Path { get; }
    public LuceneSearchIndex Index { get; private set; }

    public static async Task<TempIndex> WithCorpusAsync()
    {
        var temp = new TempIndex();
        await temp.Index.ApplyAsync(DutchCorpus.Documents, [], 100);
        return temp;
    }

    /// <summary>Closes the index and opens it again on the same directory, as a restarted process would.</summary>
    public LuceneSearchIndex Reopen()
    {
        Index.Dispose();
        Index = new LuceneSearchIndex(Path);
        return Index;
    }

    public void Dispose()
    {
        Index.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The corpus indexed once for the read-only tests of a class.</summary>
public sealed class CorpusIndexFixture : IAsyncLifetime
{
    private TempIndex? _temp;

    public LuceneSearchIndex Index => _temp!.Index;

    public async Task InitializeAsync() => _temp = await TempIndex.WithCorpusAsync();

    public Task DisposeAsync()
    {
        _temp?.Dispose();
        return Task.CompletedTask;
    }
}
