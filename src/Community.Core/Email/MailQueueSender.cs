using System.Data.Common;
using Community.Core.Data;
using Community.Core.Discussions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Community.Core.Email;

public sealed record MailQueueRun(int Sent, int Retrying, int Failed, int Skipped)
{
    public int Total => Sent + Retrying + Failed + Skipped;
}

/// <summary>
/// Sends due <see cref="OutgoingMail"/> rows through <see cref="IEmailSender"/>: in the background in the web app
/// (<see cref="EmailOptions.QueueWorker"/>), and on demand through <see cref="SendDueAsync"/> (CLI, tests).
/// <para>
/// Rows are claimed by one conditional UPDATE that sets a claim token and a lease; on PostgreSQL a second node's UPDATE
/// of the same row waits for the first and then no longer matches, on SQLite there is one writer. A node that dies
/// mid-send leaves the lease to expire, and the mail goes again with the same Message-ID.
/// </para>
/// <para>
/// The mail is marked Sent by its own single-row UPDATE right after the server's 250 reply: a crash between that
/// reply and that statement's commit (one round trip to the database) is the only way a mail goes out twice.
/// </para>
/// </summary>
public sealed class MailQueueSender(IServiceScopeFactory scopes, IEmailSender sender, TimeProvider clock, IOptions<EmailOptions> options,
    ILogger<MailQueueSender> logger) : BackgroundService
{
    private const int BatchSize = 20;

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.TimeoutSeconds * 4 + 60);

    /// <summary>Sends up to <paramref name="max"/> due mails and says what became of them.</summary>
    public async Task<MailQueueRun> SendDueAsync(int max, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        int sent = 0, retrying = 0, failed = 0, skipped = 0, rounds = 0;
        while (sent + retrying + failed + skipped < max && rounds++ < max + 10)
        {
            var (candidates, batch) = await ClaimAsync(db, Math.Min(BatchSize, max - (sent + retrying + failed + skipped)), ct);
            if (candidates == 0) break;
            foreach (var mail in batch)
            {
                switch (await SendOneAsync(db, mail, ct))
                {
                    case OutgoingMailStatus.Sent: sent++; break;
                    case OutgoingMailStatus.Pending: retrying++; break;
                    case OutgoingMailStatus.Failed: failed++; break;
                    case OutgoingMailStatus.Skipped: skipped++; break;
                }
            }
        }
        return new MailQueueRun(sent, retrying, failed, skipped);
    }

    private async Task<(int Candidates, List<OutgoingMail> Claimed)> ClaimAsync(CommunityDbContext db, int count, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ids = await db.OutgoingMails.AsNoTracking()
            .Where(m => m.Status == OutgoingMailStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Select(m => m.Id).Take(count).ToListAsync(ct);
        if (ids.Count == 0) return (0, []);
        var token = Guid.NewGuid();
        var until = now + Lease;
        await db.OutgoingMails
            .Where(m => ids.Contains(m.Id) && m.Status == OutgoingMailStatus.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, token).SetProperty(m => m.LeaseUntil, until), ct);
        var claimed = await db.OutgoingMails.AsNoTracking().Where(m => m.ClaimedBy == token && m.Status == OutgoingMailStatus.Pending)
            .OrderBy(m => m.Id).ToListAsync(ct);
        return (ids.Count, claimed);
    }

    private async Task<OutgoingMailStatus> SendOneAsync(CommunityDbContext db, OutgoingMail mail, CancellationToken ct)
    {
        var token = mail.ClaimedBy!.Value;
        var address = MailQueue.NormalizeAddress(mail.To);
        if (await db.FailingAddresses.AnyAsync(f => f.Address == address, ct))
            return await FinishAsync(db, mail.Id, token, OutgoingMailStatus.Skipped, "address fails permanently", countAttempt: false, ct);
        if (mail.NotificationId is long notification && !await StillVisibleAsync(db, notification, mail.UserId, ct))
            return await FinishAsync(db, mail.Id, token, OutgoingMailStatus.Skipped, "no longer visible to the recipient", countAttempt: false, ct);

        try
        {
            await sender.SendAsync(MailQueue.ToMessage(mail), ct);
        }
        catch (MailDeliveryException e) when (e.Permanent)
        {
            if (e.RecipientRejected) await MarkFailingAsync(db, address, e.Reason, ct);
            return await FinishAsync(db, mail.Id, token, OutgoingMailStatus.Failed, e.Reason, countAttempt: true, ct);
        }
        catch (MailDeliveryException e)
        {
            var attempts = mail.Attempts + 1;
            if (attempts >= options.Value.MaxAttempts)
                return await FinishAsync(db, mail.Id, token, OutgoingMailStatus.Failed, $"gave up after {attempts} attempts: {e.Reason}", countAttempt: true, ct);
            var next = clock.GetUtcNow() + Backoff(attempts);
            await db.OutgoingMails.Where(m => m.Id == mail.Id && m.ClaimedBy == token).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, next).SetProperty(m => m.LastError, e.Reason)
                .SetProperty(m => m.ClaimedBy, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
            return OutgoingMailStatus.Pending;
        }
        return await FinishAsync(db, mail.Id, token, OutgoingMailStatus.Sent, null, countAttempt: true, CancellationToken.None);
    }

    /// <summary>Exponential, with jitter so that mails that failed together do not all retry in the same second.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var seconds = Math.Min(o.RetryMaxSeconds, o.RetryBaseSeconds * Math.Pow(2, attempts - 1));
        return TimeSpan.FromSeconds(seconds * (0.75 + 0.5 * Random.Shared.NextDouble()));
    }

    private async Task<OutgoingMailStatus> FinishAsync(CommunityDbContext db, long id, Guid token, OutgoingMailStatus status, string? error,
        bool countAttempt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var sentAt = status == OutgoingMailStatus.Sent ? now : (DateTimeOffset?)null;
        var add = countAttempt ? 1 : 0;
        // The claim token in the condition: a sender whose lease ran out does not overwrite what the next one did.
        await db.OutgoingMails.Where(m => m.Id == id && m.ClaimedBy == token).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, status).SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.LastError, error)
            .SetProperty(m => m.Attempts, m => m.Attempts + add)
            .SetProperty(m => m.ClaimedBy, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), ct);
        if (status == OutgoingMailStatus.Failed)
            logger.LogWarning("Mail {Id} failed for good: {Reason}", id, error);
        return status;
    }

    private async Task MarkFailingAsync(CommunityDbContext db, string address, string reason, CancellationToken ct)
    {
        if (await db.FailingAddresses.AnyAsync(f => f.Address == address, ct)) return;
        db.FailingAddresses.Add(new FailingAddress { Address = address, Reason = reason, At = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node marked it at the same moment: marked is marked.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The recipient may still read what the notification points at (membership, hidden posts, deleted messages).</summary>
    private static async Task<bool> StillVisibleAsync(CommunityDbContext db, long notificationId, string? userId, CancellationToken ct)
    {
        if (userId is null) return false;
        var admin = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == userId && r.Name == Accounts.Roles.Admin select ur).AnyAsync(ct);
        return await NotificationService.VisibleTo(db, userId, admin).AnyAsync(n => n.Id == notificationId, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.QueueWorker) return;
        await Task.Yield();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.QueuePollSeconds), clock);
        try
        {
            do
            {
                try
                {
                    // Until the queue is empty: a big batch (digests) should not wait a poll interval per hundred.
                    while ((await SendDueAsync(100, stoppingToken)).Total == 100) { }
                }
                catch (Exception e) when (e is DbException or DbUpdateException or TimeoutException)
                {
                    // The database was away for a moment; the mail stays queued and the next round tries again.
                    logger.LogWarning("The mail queue could not be read: {Error}", e.GetType().Name);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // A bug, but one that must not stop the web app (an unhandled exception here stops the host).
                    logger.LogError(e, "The mail queue sender failed; it tries again in the next round");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
