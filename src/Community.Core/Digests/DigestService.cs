using Community.Core.Accounts;
using Community.Core.Data;
using Community.Core.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Community.Core.Digests;

public sealed record DueDigest(string UserId, string Email, string DisplayName, string Culture, DigestFrequency Frequency, string PeriodKey, DateTimeOffset Slot);

public sealed record DigestRunResult(int Due, int Queued, int Empty, int AlreadyDone)
{
    public static readonly DigestRunResult None = new(0, 0, 0, 0);
    public DigestRunResult Add(DigestRunResult o) => new(Due + o.Due, Queued + o.Queued, Empty + o.Empty, AlreadyDone + o.AlreadyDone);
}

/// <summary>What a dry run would send: recipients, subjects and item counts (and the text, for one user).</summary>
public sealed record DigestDraft(DueDigest Due, Digest Digest, string Subject, string Text);

/// <summary>
/// Finds whose digest is due and composes and queues them in batches. Exactly once per user and period: each
/// batch's <see cref="DigestDelivery"/> rows and queued mails commit in one transaction, and a run (after a crash,
/// or on a second server) skips users that already have the period's row. An empty digest is recorded but not sent.
/// </summary>
public sealed class DigestService(CommunityDbContext db, DigestMail mail, TimeProvider clock, ILogger<DigestService> logger)
{
    public const int DefaultBatchSize = 500;

    /// <summary>
    /// The period ends slightly before composing starts: content whose transaction is still open at that moment gets a
    /// creation time just before it but is not visible yet, and would otherwise fall between two digests.
    /// </summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(30);

    /// <summary>Everyone whose current period's digest has not been composed yet: one query for the users and their preferences, one for the period's deliveries.</summary>
    public async Task<List<DueDigest>> FindDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var users = await (from u in db.Users.AsNoTracking()
                           where u.EmailConfirmed && u.Email != null
                           join p in db.EmailPreferences.AsNoTracking() on u.Id equals p.UserId into ps
                           from p in ps.DefaultIfEmpty()
                           where p == null || p.DigestFrequency != DigestFrequency.Off
                           select new { u.Id, u.Email, u.DisplayName, u.PreferredCulture, u.CreatedAt, u.LockoutEnd, Prefs = p })
            .ToListAsync(ct);
        var due = new List<DueDigest>();
        foreach (var u in users)
        {
            if (u.LockoutEnd is { } end && end.Year == User.BlockedByAdmin.Year) continue;
            var prefs = u.Prefs ?? EmailPreferences.Default(u.Id);
            if (DigestSchedule.IsDue(prefs, now, u.CreatedAt, out var slot, out var key))
                due.Add(new DueDigest(u.Id, u.Email!, u.DisplayName, u.PreferredCulture, prefs.DigestFrequency, key, slot));
        }
        if (due.Count == 0) return due;
        var keys = due.Select(d => d.PeriodKey).Distinct().ToList();
        var done = (await db.DigestDeliveries.AsNoTracking().Where(d => keys.Contains(d.PeriodKey)).Select(d => new { d.UserId, d.PeriodKey }).ToListAsync(ct))
            .Select(d => (d.UserId, d.PeriodKey)).ToHashSet();
        return due.Where(d => !done.Contains((d.UserId, d.PeriodKey))).OrderBy(d => d.UserId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// One user's digest for their current period now, due or not (the CLI's --user). Still once per period: null
    /// when digests are off for them or the period's digest was already composed.
    /// </summary>
    public async Task<(DueDigest? Due, string? Reason)> ForUserAsync(string email, DateTimeOffset now, CancellationToken ct = default)
    {
        var normalized = email.Trim().ToUpperInvariant();
        var u = await db.Users.AsNoTracking().Where(x => x.NormalizedEmail == normalized)
            .Select(x => new { x.Id, x.Email, x.DisplayName, x.PreferredCulture }).FirstOrDefaultAsync(ct);
        if (u is null) return (null, "no such user");
        var prefs = await EmailPreferences.ForUserAsync(db, u.Id, ct);
        if (DigestSchedule.CurrentSlot(prefs, now) is not { } current) return (null, "digests are off for this user");
        var (slot, key) = current;
        if (await db.DigestDeliveries.AnyAsync(d => d.UserId == u.Id && d.PeriodKey == key, ct)) return (null, $"the digest for period {key} was already composed");
        return (new DueDigest(u.Id, u.Email!, u.DisplayName, u.PreferredCulture, prefs.DigestFrequency, key, slot), null);
    }

    /// <summary>Composes and queues the digests of <paramref name="due"/>, batch by batch; <paramref name="afterBatch"/> runs after each committed batch (the CLI sends the queue there).</summary>
    public async Task<DigestRunResult> RunAsync(IReadOnlyList<DueDigest> due, DateTimeOffset now, int batchSize = DefaultBatchSize,
        Func<DigestRunResult, CancellationToken, Task>? afterBatch = null, CancellationToken ct = default)
    {
        var total = DigestRunResult.None;
        foreach (var chunk in due.Chunk(batchSize))
        {
            var result = await RunBatchAsync(chunk, now, ct);
            total = total.Add(result);
            if (afterBatch is not null) await afterBatch(total, ct);
        }
        return total;
    }

    /// <summary>What <see cref="RunAsync"/> would queue, without recording or sending anything.</summary>
    public async Task<List<DigestDraft>> DraftAsync(IReadOnlyList<DueDigest> due, DateTimeOffset now, int batchSize = DefaultBatchSize, CancellationToken ct = default)
    {
        var drafts = new List<DigestDraft>();
        foreach (var chunk in due.Chunk(batchSize))
        {
            var digests = await ComposeAsync(chunk, now, ct);
            for (var i = 0; i < chunk.Length; i++)
                drafts.Add(new DigestDraft(chunk[i], digests[i], digests[i].IsEmpty ? "" : mail.Subject(digests[i]), digests[i].IsEmpty ? "" : mail.Text(digests[i])));
        }
        return drafts;
    }

    private async Task<IReadOnlyList<Digest>> ComposeAsync(IReadOnlyList<DueDigest> chunk, DateTimeOffset now, CancellationToken ct)
    {
        var ids = chunk.Select(d => d.UserId).ToList();
        // Each digest starts where the user's previous one ended, so nothing falls between two periods or is told twice.
        var last = await db.DigestDeliveries.AsNoTracking().Where(d => ids.Contains(d.UserId))
            .GroupBy(d => d.UserId).Select(g => new { UserId = g.Key, To = g.Max(d => d.To) }).ToDictionaryAsync(x => x.UserId, x => x.To, ct);
        var to = now - SettleTime;
        var recipients = chunk.Select(d => new DigestRecipient(d.UserId, d.Email, d.DisplayName, d.Culture, d.Frequency, d.PeriodKey,
            last.TryGetValue(d.UserId, out var previous) && previous < to ? previous : to - DigestSchedule.Length(d.Frequency), to)).ToList();
        return await new DigestComposer(db).ComposeAsync(recipients, ct);
    }

    private async Task<DigestRunResult> RunBatchAsync(IReadOnlyList<DueDigest> chunk, DateTimeOffset now, CancellationToken ct)
    {
        var digests = await ComposeAsync(chunk, now, ct);
        var ids = chunk.Select(d => d.UserId).ToList();
        var keys = chunk.Select(d => d.PeriodKey).Distinct().ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Another run (a second server, an overlapping CLI) may have done some of these since they were found due.
        var done = (await db.DigestDeliveries.Where(d => ids.Contains(d.UserId) && keys.Contains(d.PeriodKey)).Select(d => new { d.UserId, d.PeriodKey }).ToListAsync(ct))
            .Select(d => (d.UserId, d.PeriodKey)).ToHashSet();
        int queued = 0, empty = 0;
        foreach (var digest in digests)
        {
            var r = digest.Recipient;
            if (done.Contains((r.UserId, r.PeriodKey))) continue;
            db.DigestDeliveries.Add(new DigestDelivery { UserId = r.UserId, PeriodKey = r.PeriodKey, From = r.From, To = r.To, ItemCount = digest.ItemCount });
            if (digest.IsEmpty) { empty++; continue; }
            MailQueue.Enqueue(db, mail.Message(digest), r.UserId);
            queued++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race for some user's (UserId, PeriodKey): that run queued their digest. Nothing of this batch was
            // committed; the next tick finds the rest due again and composes them afresh.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            logger.LogWarning("A digest batch collided with another run; its users are retried on the next run");
            return new DigestRunResult(chunk.Count, 0, 0, chunk.Count);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return new DigestRunResult(chunk.Count, queued, empty, done.Count);
    }

    /// <summary>The user's next digest as it would be composed now, for the preview page; null when digests are off.</summary>
    public async Task<(Digest Digest, string Subject, string Html)?> PreviewAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var prefs = await EmailPreferences.ForUserAsync(db, userId, ct);
        if (prefs.DigestFrequency == DigestFrequency.Off) return null;
        var u = await db.Users.AsNoTracking().Where(x => x.Id == userId).Select(x => new { x.Email, x.DisplayName, x.PreferredCulture }).FirstAsync(ct);
        var key = DigestSchedule.CurrentSlot(prefs, now)?.Key ?? "";
        var digest = (await ComposeAsync([new DueDigest(userId, u.Email ?? "", u.DisplayName, u.PreferredCulture, prefs.DigestFrequency, key, now)], now + SettleTime, ct))[0];
        return (digest, digest.IsEmpty ? "" : mail.Subject(digest), digest.IsEmpty ? "" : mail.Html(digest));
    }
}
