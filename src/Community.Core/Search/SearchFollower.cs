using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Community.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Community.Core.Search;

/// <summary>How a node follows the outbox (section "Search", beside the index's own settings).</summary>
public sealed class SearchFollowerOptions
{
    public const string Section = "Search";

    /// <summary>False: this process does not follow the outbox (its index stays as it is).</summary>
    public bool FollowOutbox { get; set; } = true;

    [Range(20, 60_000)]
    public int PollMilliseconds { get; set; } = 250;

    /// <summary>How long a missing sequence number may be a transaction still running before it counts as rolled back.</summary>
    [Range(1, 3600)]
    public int GapTimeoutSeconds { get; set; } = 10;

    /// <summary>Applied outbox rows older than this are deleted; a node further behind rebuilds its index on start.</summary>
    [Range(1, 3650)]
    public int OutboxRetentionDays { get; set; } = 7;

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;
}

public sealed record RebuildSummary(IReadOnlyDictionary<SearchDocumentType, int> Counts, TimeSpan Took, long ThroughSequence)
{
    public int Total => Counts.Values.Sum();
}

/// <summary>Rebuilds the whole index from the database; used by the <c>reindex</c> verb and by a node whose index is empty or too far behind.</summary>
public sealed class SearchRebuilder(CommunityDbContext db, ISearchIndex index)
{
    public async Task<RebuildSummary> RebuildAsync(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        // Read before the documents: a change that commits while they stream is in the outbox after this number and is applied again.
        var through = await db.SearchOutbox.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        var counts = new Dictionary<SearchDocumentType, int>();
        var counter = new InlineProgress<(SearchDocumentType Type, int Count)>(c => counts[c.Type] = counts.GetValueOrDefault(c.Type) + c.Count);
        await index.RebuildAsync(new SearchDocuments(db).AllAsync(counter, ct), through, progress, ct);
        return new RebuildSummary(counts, watch.Elapsed, through);
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

/// <summary>
/// Follows the outbox into this node's index: catches up from the index's own sequence number on start, then polls (and wakes
/// at once after a local commit). On PostgreSQL, sequence numbers are taken at insert but transactions commit in any order,
/// so a lower number can appear after a higher one: every row read is applied at once, but the recorded sequence stops below
/// a missing number until that number shows up or is older than the gap timeout (a rolled-back transaction never shows up).
/// </summary>
public sealed class SearchFollower(IServiceScopeFactory scopes, ISearchIndex index, IOptions<SearchFollowerOptions> options,
    TimeProvider clock, ILogger<SearchFollower> log) : BackgroundService
{
    private readonly SortedDictionary<long, DateTimeOffset> _missing = [];
    private long _read;
    private DateTimeOffset _nextPrune;

    /// <summary>Sequence numbers seen missing and still waited for (for tests and diagnostics).</summary>
    public IReadOnlyCollection<long> Waiting => _missing.Keys.ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.FollowOutbox) return;
        await Task.Yield();
        var started = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!started)
                {
                    await CatchUpOnStartAsync(stoppingToken);
                    started = true;
                }
                var wake = SearchOutbox.NextWake();
                var more = await FollowOnceAsync(stoppingToken);
                if (clock.GetUtcNow() >= _nextPrune)
                {
                    _nextPrune = clock.GetUtcNow().AddHours(1);
                    await PruneAsync(stoppingToken);
                }
                if (!more) await Task.WhenAny(wake, Task.Delay(TimeSpan.FromMilliseconds(settings.PollMilliseconds), stoppingToken));
                stoppingToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database away (a restart, a failover) must not stop the node: it tries again and catches up.
                log.LogWarning(e, "Search indexing failed; retrying");
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); } catch (OperationCanceledException) { break; }
            }
        }
    }

    private async Task CatchUpOnStartAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        var applied = index.AppliedSequence;
        var oldest = await db.SearchOutbox.MinAsync(e => (long?)e.Sequence, ct);
        // An empty index (a new node, a deleted folder) or one behind the pruned outbox cannot catch up row by row.
        if (applied == 0 || (oldest is not null && oldest > applied + 1))
        {
            var startedAt = clock.GetUtcNow();
            var summary = await scope.ServiceProvider.GetRequiredService<SearchRebuilder>().RebuildAsync(null, ct);
            log.LogInformation("Search index rebuilt: {Count} documents in {Seconds:0.0} s", summary.Total, summary.Took.TotalSeconds);
            _read = summary.ThroughSequence;
            // A transaction with a lower number may have committed after the documents were read: apply the recent rows again.
            var recent = startedAt.AddSeconds(-options.Value.GapTimeoutSeconds);
            var again = await db.SearchOutbox.AsNoTracking().Where(e => e.Sequence <= _read && e.EnqueuedAt >= recent)
                .Select(e => e.DocumentKey).ToListAsync(ct);
            if (again.Count > 0) await ApplyAsync(db, again, _read, ct);
        }
        else
        {
            _read = applied;
        }
        _nextPrune = clock.GetUtcNow().AddMinutes(1);
    }

    /// <summary>One round: new rows, rows that filled a gap, expired gaps. True when there is probably more to read at once.</summary>
    internal async Task<bool> FollowOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        var now = clock.GetUtcNow();
        var read = _read;
        var rows = await db.SearchOutbox.AsNoTracking().Where(e => e.Sequence > read).OrderBy(e => e.Sequence).Take(settings.BatchSize)
            .Select(e => new { e.Sequence, e.DocumentKey }).ToListAsync(ct);
        var waitedFor = _missing.Keys.Take(1000).ToList();
        var filled = waitedFor.Count == 0 ? [] : await db.SearchOutbox.AsNoTracking().Where(e => waitedFor.Contains(e.Sequence))
            .Select(e => new { e.Sequence, e.DocumentKey }).ToListAsync(ct);

        foreach (var row in rows)
        {
            // Beyond a few thousand numbers a hole is not transactions in flight (a sequence restarted, rows deleted by hand).
            if (row.Sequence - _read - 1 <= 10_000)
                for (var s = _read + 1; s < row.Sequence; s++) _missing.TryAdd(s, now);
            _read = row.Sequence;
        }
        foreach (var row in filled) _missing.Remove(row.Sequence);
        foreach (var (sequence, since) in _missing.ToList())
            if (now - since > TimeSpan.FromSeconds(settings.GapTimeoutSeconds)) _missing.Remove(sequence);

        var through = _missing.Count == 0 ? _read : _missing.Keys.First() - 1;
        var keys = rows.Select(r => r.DocumentKey).Concat(filled.Select(r => r.DocumentKey)).ToList();
        // Another process (the reindex verb) swapped in an index built through an older sequence: what this node applied since went to the
        // old one, so those rows are applied again.
        foreach (var rebuilt in rows.Where(r => r.DocumentKey.StartsWith("rebuilt:", StringComparison.Ordinal)))
        {
            if (!SearchKeys.TryParse(rebuilt.DocumentKey, out _, out var from)) continue;
            keys.AddRange(await db.SearchOutbox.AsNoTracking().Where(e => e.Sequence > from && e.Sequence < rebuilt.Sequence)
                .Select(e => e.DocumentKey).ToListAsync(ct));
        }
        keys.RemoveAll(k => k.StartsWith("rebuilt:", StringComparison.Ordinal));
        if (keys.Count == 0 && through <= index.AppliedSequence) return false;
        await ApplyAsync(db, keys, Math.Max(through, index.AppliedSequence), ct);
        return rows.Count == settings.BatchSize;
    }

    private async Task ApplyAsync(CommunityDbContext db, IReadOnlyCollection<string> keys, long through, CancellationToken ct)
    {
        var documents = new SearchDocuments(db);
        var projection = await documents.ProjectAsync(await documents.ExpandAsync(keys.Where(k => !k.StartsWith("rebuilt:", StringComparison.Ordinal)), ct), ct);
        await index.ApplyAsync(projection.Upserts, projection.Deletes, through, ct);
    }

    /// <summary>Deletes applied rows older than the retention (hourly on its own); returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.OutboxRetentionDays);
        var applied = index.AppliedSequence;
        // The newest row always stays: it carries the sequence forward, and shows a node that comes back how far the outbox went.
        var newest = await db.SearchOutbox.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        return await db.SearchOutbox.Where(e => e.EnqueuedAt < cutoff && e.Sequence <= applied && e.Sequence < newest).ExecuteDeleteAsync(ct);
    }
}
