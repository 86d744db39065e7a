using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Discussions;

public sealed record ReportedPost(
    int PostId, int ThreadId, string ThreadTitle, bool IsOpening, string? AuthorName, string Body, bool IsHidden, bool IsDeleted,
    IReadOnlyList<ReportLine> Reports)
{
    public DateTimeOffset FirstReportedAt => Reports.Min(r => r.At);
}

public sealed record ReportLine(string? ReporterName, ReportReason Reason, string? Note, DateTimeOffset At);

public sealed record ModerationLogLine(DateTimeOffset At, string? ActorName, string Action, string Target, string? Details);

public sealed record ModerationOverview(DiscussionPlace Place, IReadOnlyList<ReportedPost> Open, IReadOnlyList<ModerationLogLine> Log);

public sealed record MoveTarget(string PilotSlug, string PilotTitle);

/// <summary>What coordinators (and platform admins) do to keep a community's discussions right. Everything is audited with the community's id.</summary>
public sealed class ModerationService(CommunityDbContext db, TimeProvider clock, DiscussionService discussions)
{
    public async Task ReportAsync(string pilotSlug, int threadId, int postId, ReportReason reason, string? note, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to report.");
        var place = await discussions.PlaceAsync(pilotSlug, actor, ct);
        if (!place.Permissions.CanRead) throw new ForbiddenException("Closed community.");
        if (!place.Permissions.CanWrite) throw new ForbiddenException("Only members report.");
        var post = await FindPostAsync(place, threadId, postId, ct);
        if (post.AuthorId == actor.UserId) throw new RuleException("Je kunt je eigen bericht niet melden.");
        if (!Enum.IsDefined(reason)) throw new RuleException("Kies een reden.", "Reason");
        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (text is { Length: > DiscussionRules.ReportNoteMaxLength })
            throw new RuleException("De toelichting mag maximaal {0} tekens zijn.", "Note", DiscussionRules.ReportNoteMaxLength);
        if (reason == ReportReason.Other && text is null) throw new RuleException("Licht kort toe wat er mis is.", "Note");
        // One open report per person per post: a second click adds nothing for the queue. No unique index can say "open",
        // so a no-op update first takes the post row's lock: a click racing this one waits, then sees this report.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Posts.Where(p => p.Id == postId).ExecuteUpdateAsync(s => s.SetProperty(p => p.UsefulCount, p => p.UsefulCount), ct);
        if (await db.PostReports.AnyAsync(r => r.PostId == postId && r.ReporterId == actor.UserId && r.ResolvedAt == null, ct)) return;
        db.PostReports.Add(new PostReport { PostId = postId, ReporterId = actor.UserId, Reason = reason, Note = text, At = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<ModerationOverview> OverviewAsync(string pilotSlug, Actor actor, CancellationToken ct = default)
    {
        var place = await ManagedPlaceAsync(pilotSlug, actor, ct);
        var reports = await db.PostReports.AsNoTracking()
            .Where(r => r.ResolvedAt == null && r.Post!.Thread!.CommunityId == place.CommunityId)
            .OrderBy(r => r.At)
            .Select(r => new
            {
                r.PostId, r.Post!.ThreadId, ThreadTitle = r.Post.Thread!.Title, r.Post.IsOpening, AuthorName = r.Post.Author!.DisplayName,
                r.Post.Body, r.Post.HiddenAt, r.Post.DeletedAt, ReporterName = r.Reporter!.DisplayName, r.Reason, r.Note, r.At,
            }).Take(500).ToListAsync(ct);
        var open = reports.GroupBy(r => r.PostId).Select(g =>
        {
            var f = g.First();
            return new ReportedPost(f.PostId, f.ThreadId, f.ThreadTitle, f.IsOpening, f.AuthorName, f.Body, f.HiddenAt is not null, f.DeletedAt is not null,
                g.Select(r => new ReportLine(r.ReporterName, r.Reason, r.Note, r.At)).ToList());
        }).ToList();
        var log = await (from a in db.AuditEntries.AsNoTracking()
                         where a.CommunityId == place.CommunityId
                         orderby a.At descending
                         join u in db.Users on a.ActorId equals u.Id into actors
                         from u in actors.DefaultIfEmpty()
                         select new ModerationLogLine(a.At, u == null ? null : u.DisplayName, a.Action, a.Target, a.Details))
            .Take(100).ToListAsync(ct);
        return new ModerationOverview(place, open, log);
    }

    /// <summary>How many posts wait in the moderation queue, for the community home's link; 0 for anyone who does not moderate here.</summary>
    public async Task<int> OpenReportCountAsync(string pilotSlug, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) return 0;
        var place = await discussions.PlaceAsync(pilotSlug, actor, ct);
        if (!place.Permissions.CanManage) return 0;
        return await db.PostReports.Where(r => r.ResolvedAt == null && r.Post!.Thread!.CommunityId == place.CommunityId)
            .Select(r => r.PostId).Distinct().CountAsync(ct);
    }

    /// <summary>Closes every open report on a post with one decision: hide it, keep it, or keep it and warn the author.</summary>
    public async Task ResolveAsync(string pilotSlug, int postId, ReportResolution resolution, Actor actor, CancellationToken ct = default)
    {
        var place = await ManagedPlaceAsync(pilotSlug, actor, ct);
        if (!Enum.IsDefined(resolution)) throw new RuleException("Kies wat er met het bericht gebeurt.");
        var post = await db.Posts.Include(p => p.Thread)
            .FirstOrDefaultAsync(p => p.Id == postId && p.Thread!.CommunityId == place.CommunityId, ct) ?? throw new NotFoundException("post");
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var closed = await db.PostReports.Where(r => r.PostId == postId && r.ResolvedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ResolvedAt, now).SetProperty(r => r.ResolvedById, actor.UserId).SetProperty(r => r.Resolution, resolution), ct);
        if (closed == 0)
        {
            await tx.RollbackAsync(ct);
            return;
        }
        if (resolution == ReportResolution.Hidden) await SetHiddenAsync(post, true, actor, ct);
        if (resolution == ReportResolution.Warned && post.AuthorId is not null)
            db.Notifications.Add(new Notification { UserId = post.AuthorId, Kind = NotificationKind.Warning, ThreadId = post.ThreadId, PostId = post.Id, ActorId = actor.UserId, At = now });
        AuditLog.Record(db, clock, actor, resolution switch
        {
            ReportResolution.Hidden => "discussions.report-hidden",
            ReportResolution.Warned => "discussions.report-warned",
            _ => "discussions.report-kept",
        }, $"post:{postId}", post.Thread!.Title, place.CommunityId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task HideAsync(string pilotSlug, int threadId, int postId, bool hidden, Actor actor, CancellationToken ct = default)
    {
        var place = await ManagedPlaceAsync(pilotSlug, actor, ct);
        var post = await db.Posts.Include(p => p.Thread)
            .FirstOrDefaultAsync(p => p.Id == postId && p.ThreadId == threadId && p.Thread!.CommunityId == place.CommunityId, ct) ?? throw new NotFoundException("post");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await SetHiddenAsync(post, hidden, actor, ct)) return;
        AuditLog.Record(db, clock, actor, hidden ? "discussions.hide" : "discussions.unhide", $"post:{postId}", post.Thread!.Title, place.CommunityId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task LockAsync(string pilotSlug, int threadId, bool locked, Actor actor, CancellationToken ct = default) =>
        await ChangeThreadAsync(pilotSlug, threadId, actor, locked ? "discussions.lock" : "discussions.unlock", t => t.IsLocked = locked, ct);

    public async Task PinAsync(string pilotSlug, int threadId, bool pinned, Actor actor, CancellationToken ct = default) =>
        await ChangeThreadAsync(pilotSlug, threadId, actor, pinned ? "discussions.pin" : "discussions.unpin", t => t.IsPinned = pinned, ct);

    /// <summary>Communities a thread can move to: the ones the actor coordinates (all for an admin), except this one.</summary>
    public async Task<IReadOnlyList<MoveTarget>> MoveTargetsAsync(string pilotSlug, Actor actor, CancellationToken ct = default)
    {
        var place = await ManagedPlaceAsync(pilotSlug, actor, ct);
        var query = db.Communities.AsNoTracking().Where(c => c.Id != place.CommunityId);
        if (!actor.IsAdmin)
            query = query.Where(c => c.Memberships.Any(m => m.UserId == actor.UserId && m.Status == MembershipStatus.Active && m.Role == MembershipRole.Coordinator));
        return await query.OrderBy(c => c.Pilot!.Title).Select(c => new MoveTarget(c.Pilot!.Slug, c.Pilot.Title)).ToListAsync(ct);
    }

    /// <summary>Moves a thread to another community the actor coordinates; its followers keep following, under the new community's rules.</summary>
    public async Task<string> MoveAsync(string pilotSlug, int threadId, string? targetSlug, Actor actor, CancellationToken ct = default)
    {
        var place = await ManagedPlaceAsync(pilotSlug, actor, ct);
        if (string.IsNullOrWhiteSpace(targetSlug)) throw new RuleException("Kies een leergemeenschap.", "TargetSlug");
        var target = await discussions.PlaceAsync(targetSlug, actor, ct);
        if (!target.Permissions.CanManage) throw new ForbiddenException("Move only to a community you coordinate.");
        var thread = await db.Threads.FirstOrDefaultAsync(t => t.Id == threadId && t.CommunityId == place.CommunityId, ct) ?? throw new NotFoundException("thread");
        if (target.CommunityId == place.CommunityId) return DiscussionUrls.Thread(target.PilotSlug, thread.Id, thread.Title);
        thread.CommunityId = target.CommunityId;
        var details = $"{thread.Title} → {target.PilotTitle}";
        AuditLog.Record(db, clock, actor, "discussions.move-out", $"thread:{threadId}", details, place.CommunityId);
        AuditLog.Record(db, clock, actor, "discussions.move-in", $"thread:{threadId}", $"{thread.Title} ← {place.PilotTitle}", target.CommunityId);
        await db.SaveChangesAsync(ct);
        return DiscussionUrls.Thread(target.PilotSlug, thread.Id, thread.Title);
    }

    public async Task SetPrivacyGuardAsync(string pilotSlug, PrivacyGuardMode mode, Actor actor, CancellationToken ct = default)
    {
        var place = await ManagedPlaceAsync(pilotSlug, actor, ct);
        if (!Enum.IsDefined(mode)) throw new RuleException("Kies een instelling.", "Mode");
        if (place.PrivacyGuard == mode) return;
        await db.Communities.Where(c => c.Id == place.CommunityId).ExecuteUpdateAsync(s => s.SetProperty(c => c.PrivacyGuard, mode), ct);
        AuditLog.Record(db, clock, actor, "discussions.privacy-guard", $"community:{place.CommunityId}", mode.ToString(), place.CommunityId);
        await db.SaveChangesAsync(ct);
    }

    private async Task<bool> SetHiddenAsync(Post post, bool hidden, Actor actor, CancellationToken ct)
    {
        // Decided by conditional UPDATEs on the row as it is now, not on the post as read before: of two moderators
        // hiding at once (from the thread and from the queue) only one changes it, so the reply count moves once.
        DateTimeOffset? at = hidden ? clock.GetUtcNow() : null;
        var by = hidden ? actor.UserId : null;
        var row = db.Posts.Where(p => p.Id == post.Id);
        var toChange = hidden ? row.Where(p => p.HiddenAt == null) : row.Where(p => p.HiddenAt != null);
        var visibilityChanged = await toChange.Where(p => p.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.HiddenAt, at).SetProperty(p => p.HiddenById, by), ct);
        var changed = visibilityChanged > 0 || await toChange.ExecuteUpdateAsync(s => s.SetProperty(p => p.HiddenAt, at).SetProperty(p => p.HiddenById, by), ct) > 0;
        if (!changed) return false;
        // Saved by the caller's SaveChanges, in this transaction: a hidden opening post hides the whole thread.
        SearchOutbox.Enqueue(db, post.IsOpening ? SearchKeys.ThreadAll(post.ThreadId) : SearchKeys.Post(post.Id));
        if (post.IsOpening) await db.Threads.Where(t => t.Id == post.ThreadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.IsHidden, hidden), ct);
        if (!post.IsOpening && visibilityChanged > 0) await discussions.AdjustReplyCountAsync(post.ThreadId, hidden ? -1 : 1, ct);
        // Touches the thread row even when this post is not the accepted one, so an accept racing this hide waits for it (or it for the accept).
        if (hidden)
            await db.Threads.Where(t => t.Id == post.ThreadId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.AcceptedPostId, t => t.AcceptedPostId == post.Id ? (int?)null : t.AcceptedPostId), ct);
        return true;
    }

    private async Task ChangeThreadAsync(string pilotSlug, int threadId, Actor actor, string action, Action<DiscussionThread> change, CancellationToken ct)
    {
        var place = await ManagedPlaceAsync(pilotSlug, actor, ct);
        var thread = await db.Threads.FirstOrDefaultAsync(t => t.Id == threadId && t.CommunityId == place.CommunityId, ct) ?? throw new NotFoundException("thread");
        change(thread);
        if (!db.ChangeTracker.HasChanges()) return;
        AuditLog.Record(db, clock, actor, action, $"thread:{threadId}", thread.Title, place.CommunityId);
        await db.SaveChangesAsync(ct);
    }

    private async Task<Post> FindPostAsync(DiscussionPlace place, int threadId, int postId, CancellationToken ct) =>
        await db.Posts.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == postId && p.ThreadId == threadId && p.Thread!.CommunityId == place.CommunityId && !p.Thread.IsHidden
                && p.DeletedAt == null && p.HiddenAt == null, ct) ?? throw new NotFoundException("post");

    private async Task<DiscussionPlace> ManagedPlaceAsync(string pilotSlug, Actor actor, CancellationToken ct)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in.");
        var place = await discussions.PlaceAsync(pilotSlug, actor, ct);
        if (!place.Permissions.CanRead) throw new ForbiddenException("Closed community.");
        if (!place.Permissions.CanManage) throw new ForbiddenException("Only coordinators moderate.");
        return place;
    }
}
