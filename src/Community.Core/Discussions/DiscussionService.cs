using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Discussions;

public enum ThreadShow
{
    All,
    Questions,
    Unanswered,
    Answered,
    Mine,
}

public enum ThreadSort
{
    Activity,
    Newest,
    Votes,
}

public sealed record ThreadFilter(ThreadShow Show = ThreadShow.All, string? Tag = null, ThreadSort Sort = ThreadSort.Activity, int Page = 1);

public sealed record ThreadListItem(
    int Id, ThreadKind Kind, string Title, string? AuthorName, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt,
    int ReplyCount, int UsefulCount, bool HasAcceptedAnswer, bool IsPinned, bool IsLocked, bool IsHidden, IReadOnlyList<string> Tags)
{
    public string Url(string pilotSlug) => DiscussionUrls.Thread(pilotSlug, Id, Title);
}

public sealed record ThreadListPage(DiscussionPlace Place, ThreadFilter Filter, IReadOnlyList<ThreadListItem> Threads, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record PostView(
    int Id, bool IsOpening, string? AuthorId, string? AuthorName, string? Body, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt,
    bool IsDeleted, bool IsHidden, int UsefulCount, bool VotedByMe, bool IsAccepted,
    bool CanEdit, bool CanDelete, bool CanVote, bool CanReport, bool CanHide, bool CanAccept, int OpenReports);

public sealed record ThreadView(
    DiscussionPlace Place, int Id, ThreadKind Kind, string Title, string? AuthorId, string? AuthorName, DateTimeOffset CreatedAt,
    bool IsLocked, bool IsPinned, bool IsHidden, int? AcceptedPostId, IReadOnlyList<string> Tags, IReadOnlyList<PostView> Posts,
    bool IsFollowing, bool CanReply)
{
    public string Url => DiscussionUrls.Thread(Place.PilotSlug, Id, Title);
    public PostView Opening => Posts[0];
    public IEnumerable<PostView> Replies => Posts.Skip(1);
    /// <summary>The lessons made from this question that the reader may read ("Vastgelegd als les").</summary>
    public IReadOnlyList<LinkedLesson> Lessons { get; init; } = [];
}

public sealed record LinkedLesson(string Url, string Title);

public sealed record ThreadInput(ThreadKind Kind, string? Title, string? Body, string? Tags, bool ConfirmedNoPersonalData = false);

public sealed record PostRevisionView(int Number, string? EditorName, DateTimeOffset At, string? Title, string Body);

public sealed record PostHistory(DiscussionPlace Place, int ThreadId, string ThreadTitle, int PostId, IReadOnlyList<PostRevisionView> Revisions);

/// <summary>The editable text of one post, for the edit form.</summary>
public sealed record PostEdit(DiscussionPlace Place, int ThreadId, string ThreadTitle, int PostId, bool IsOpening, string? Title, string Body, string Tags);

public static class DiscussionUrls
{
    public static string List(string pilotSlug) => $"/pilots/{pilotSlug}/discussies";

    public static string Thread(string pilotSlug, int threadId, string title) => $"/pilots/{pilotSlug}/discussies/{threadId}/{Slugs.From(title, 60)}";

    public static string Post(string pilotSlug, int threadId, string title, int postId) => $"{Thread(pilotSlug, threadId, title)}#bericht-{postId}";
}

/// <summary>
/// Threads and posts of a community: every read and write checks the actor's rights here. Counters on the thread
/// (replies, votes) are changed with single UPDATE statements, so concurrent requests cannot lose one.
/// </summary>
public sealed class DiscussionService(CommunityDbContext db, TimeProvider clock)
{
    public async Task<DiscussionPlace> PlaceAsync(string pilotSlug, Actor actor, CancellationToken ct = default)
    {
        var c = await db.Communities.AsNoTracking().Where(c => c.Pilot!.Slug == pilotSlug)
            .Select(c => new { c.Id, c.Visibility, c.PrivacyGuard, c.Pilot!.Slug, c.Pilot.Title, c.Pilot.Phase })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("community");
        var permissions = await CommunityPermissions.ForAsync(db, c.Id, c.Visibility, actor, ct);
        return new DiscussionPlace(c.Id, c.Slug, c.Title, c.Phase, c.Visibility, c.PrivacyGuard, permissions);
    }

    private async Task<DiscussionPlace> ReadablePlaceAsync(string pilotSlug, Actor actor, CancellationToken ct)
    {
        var place = await PlaceAsync(pilotSlug, actor, ct);
        if (!place.Permissions.CanRead) throw new ForbiddenException("Closed community.");
        return place;
    }

    public async Task<ThreadListPage> ListAsync(string pilotSlug, ThreadFilter filter, Actor actor, CancellationToken ct = default)
    {
        var place = await ReadablePlaceAsync(pilotSlug, actor, ct);
        var query = db.Threads.AsNoTracking().Where(t => t.CommunityId == place.CommunityId);
        if (!place.Permissions.CanManage) query = query.Where(t => !t.IsHidden);
        query = filter.Show switch
        {
            ThreadShow.Questions => query.Where(t => t.Kind == ThreadKind.Question),
            ThreadShow.Unanswered => query.Where(t => t.Kind == ThreadKind.Question && t.ReplyCount == 0),
            ThreadShow.Answered => query.Where(t => t.Kind == ThreadKind.Question && t.AcceptedPostId != null),
            ThreadShow.Mine when actor.IsAuthenticated => query.Where(t => t.AuthorId == actor.UserId || t.Posts.Any(p => p.AuthorId == actor.UserId)),
            ThreadShow.Mine => query.Where(t => false),
            _ => query,
        };
        var tag = NormalizeTag(filter.Tag);
        if (tag.Length > 0) query = query.Where(t => t.Tags.Any(x => x.Name == tag));
        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + DiscussionRules.PageSize - 1) / DiscussionRules.PageSize);
        var page = Math.Clamp(filter.Page, 1, pageCount);
        query = filter.Sort switch
        {
            ThreadSort.Newest => query.OrderByDescending(t => t.IsPinned).ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
            ThreadSort.Votes => query.OrderByDescending(t => t.IsPinned).ThenByDescending(t => t.UsefulCount).ThenByDescending(t => t.LastActivityAt),
            _ => query.OrderByDescending(t => t.IsPinned).ThenByDescending(t => t.LastActivityAt).ThenByDescending(t => t.Id),
        };
        var rows = await query.Skip((page - 1) * DiscussionRules.PageSize).Take(DiscussionRules.PageSize)
            .Select(t => new
            {
                t.Id, t.Kind, t.Title, AuthorName = t.Author!.DisplayName, t.CreatedAt, t.LastActivityAt, t.ReplyCount, t.UsefulCount,
                t.AcceptedPostId, t.IsPinned, t.IsLocked, t.IsHidden,
                Tags = t.Tags.OrderBy(x => x.Name).Select(x => x.Name).ToList(),
            }).ToListAsync(ct);
        var items = rows.Select(r => new ThreadListItem(r.Id, r.Kind, r.Title, r.AuthorName, r.CreatedAt, r.LastActivityAt, r.ReplyCount,
            r.UsefulCount, r.AcceptedPostId != null, r.IsPinned, r.IsLocked, r.IsHidden, r.Tags)).ToList();
        return new ThreadListPage(place, filter with { Tag = tag.Length > 0 ? tag : null, Page = page }, items, total, page, DiscussionRules.PageSize);
    }

    public async Task<ThreadView> GetAsync(string pilotSlug, int threadId, Actor actor, CancellationToken ct = default)
    {
        var place = await ReadablePlaceAsync(pilotSlug, actor, ct);
        var perms = place.Permissions;
        var thread = await db.Threads.AsNoTracking()
            .Where(t => t.Id == threadId && t.CommunityId == place.CommunityId)
            .Select(t => new
            {
                t.Id, t.Kind, t.Title, t.AuthorId, AuthorName = t.Author!.DisplayName, t.CreatedAt, t.IsLocked, t.IsPinned, t.IsHidden,
                t.AcceptedPostId, Tags = t.Tags.OrderBy(x => x.Name).Select(x => x.Name).ToList(),
            }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("thread");
        if (thread.IsHidden && !perms.CanManage) throw new NotFoundException("thread");

        var posts = await db.Posts.AsNoTracking().Where(p => p.ThreadId == threadId)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new
            {
                p.Id, p.IsOpening, p.AuthorId, AuthorName = p.Author!.DisplayName, p.Body, p.CreatedAt, p.EditedAt, p.DeletedAt, p.HiddenAt,
                p.UsefulCount,
            }).ToListAsync(ct);
        var me = actor.UserId;
        var postIds = posts.Select(p => p.Id).ToList();
        var myVotes = me is null ? [] : (await db.PostVotes.Where(v => v.UserId == me && postIds.Contains(v.PostId)).Select(v => v.PostId).ToListAsync(ct)).ToHashSet();
        var reports = perms.CanManage
            ? await db.PostReports.Where(r => postIds.Contains(r.PostId) && r.ResolvedAt == null)
                .GroupBy(r => r.PostId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct)
            : [];
        var following = me is not null && await db.ThreadFollows.AnyAsync(f => f.ThreadId == threadId && f.UserId == me, ct);
        var isAsker = me is not null && me == thread.AuthorId;
        var canAccept = thread.Kind == ThreadKind.Question && (isAsker && perms.CanWrite || perms.CanManage);

        var views = posts.Select(p =>
        {
            var deleted = p.DeletedAt is not null;
            var hidden = p.HiddenAt is not null;
            var visible = !deleted && !hidden;
            var mine = me is not null && p.AuthorId == me;
            // Hidden text stays readable for moderators (to judge and undo); deleted text is gone for everyone on the page.
            var body = deleted ? null : hidden && !perms.CanManage ? null : p.Body;
            return new PostView(p.Id, p.IsOpening, p.AuthorId, p.AuthorName, body, p.CreatedAt, p.EditedAt, deleted, hidden,
                p.UsefulCount, myVotes.Contains(p.Id), p.Id == thread.AcceptedPostId,
                CanEdit: mine && visible && perms.CanWrite && (!thread.IsLocked || perms.CanManage),
                CanDelete: mine && !deleted && perms.CanWrite,
                CanVote: visible && perms.CanWrite && !mine,
                CanReport: visible && perms.CanWrite && !mine,
                CanHide: perms.CanManage && !deleted,
                CanAccept: canAccept && !p.IsOpening && visible,
                OpenReports: reports.GetValueOrDefault(p.Id));
        }).ToList();
        if (views.Count == 0 || !views[0].IsOpening) throw new NotFoundException("thread");
        // The accepted answer comes right after the question; the rest in the order they were written.
        var ordered = views.Take(1).Concat(views.Skip(1).Where(v => v.IsAccepted)).Concat(views.Skip(1).Where(v => !v.IsAccepted)).ToList();
        // A lesson lives in the community where it was made; a thread moved since then may be read by others than its lessons.
        var lessonQuery = db.WikiPages.AsNoTracking().Where(p => p.SourceThreadId == threadId && p.DeletedAt == null);
        if (!actor.IsAdmin)
            lessonQuery = lessonQuery.Where(p => p.Community!.Visibility == CommunityVisibility.Open
                || (me != null && p.Community.Memberships.Any(m => m.UserId == me && m.Status == MembershipStatus.Active)));
        var lessons = (await lessonQuery.OrderBy(p => p.CreatedAt)
            .Select(p => new { PilotSlug = p.Community!.Pilot!.Slug, p.Slug, p.Title }).ToListAsync(ct))
            .Select(l => new LinkedLesson($"/pilots/{l.PilotSlug}/wiki/{l.Slug}", l.Title)).ToList();
        return new ThreadView(place, thread.Id, thread.Kind, thread.Title, thread.AuthorId, thread.AuthorName, thread.CreatedAt,
            thread.IsLocked, thread.IsPinned, thread.IsHidden, thread.AcceptedPostId, thread.Tags, ordered, following,
            CanReply: perms.CanWrite && !thread.IsHidden && (!thread.IsLocked || perms.CanManage)) { Lessons = lessons };
    }

    /// <summary>The thread's address after a change the caller was allowed to make (it may have moved community).</summary>
    public async Task<string> ThreadUrlAsync(int threadId, CancellationToken ct = default)
    {
        var t = await db.Threads.AsNoTracking().Where(t => t.Id == threadId).Select(t => new { t.Title, t.Community!.Pilot!.Slug }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("thread");
        return DiscussionUrls.Thread(t.Slug, threadId, t.Title);
    }

    public async Task<int> CreateThreadAsync(string pilotSlug, ThreadInput input, Actor actor, CancellationToken ct = default)
    {
        var place = await WritablePlaceAsync(pilotSlug, actor, ct);
        var title = (input.Title ?? "").Trim();
        var body = (input.Body ?? "").Trim();
        ValidateTitle(title);
        ValidateBody(body);
        var tags = ParseTags(input.Tags);
        CheckPersonalData(place, title, body, input.ConfirmedNoPersonalData);

        var now = clock.GetUtcNow();
        var thread = new DiscussionThread
        {
            CommunityId = place.CommunityId, Kind = input.Kind, Title = title, AuthorId = actor.UserId, CreatedAt = now, LastActivityAt = now,
            Tags = tags.Select(t => new ThreadTag { Name = t }).ToList(),
        };
        var post = new Post { Thread = thread, IsOpening = true, AuthorId = actor.UserId, Body = body, CreatedAt = now };
        post.Revisions.Add(new PostRevision { EditorId = actor.UserId, At = now, Title = title, Body = body });
        db.Posts.Add(post);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.ThreadFollows.Add(new ThreadFollow { ThreadId = thread.Id, UserId = actor.UserId!, Since = now });
        await NotifyMentionsAsync(place, thread.Id, post.Id, body, actor, [], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return thread.Id;
    }

    public async Task<int> ReplyAsync(string pilotSlug, int threadId, string? body, bool confirmedNoPersonalData, Actor actor, CancellationToken ct = default)
    {
        var place = await WritablePlaceAsync(pilotSlug, actor, ct);
        var thread = await db.Threads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == threadId && t.CommunityId == place.CommunityId, ct)
            ?? throw new NotFoundException("thread");
        if (thread.IsHidden) throw new NotFoundException("thread");
        if (thread.IsLocked && !place.Permissions.CanManage) throw new RuleException("Deze discussie is gesloten; er kan niet meer op gereageerd worden.", "Body");
        var text = (body ?? "").Trim();
        ValidateBody(text);
        CheckPersonalData(place, null, text, confirmedNoPersonalData);

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var post = new Post { ThreadId = threadId, AuthorId = actor.UserId, Body = text, CreatedAt = now };
        post.Revisions.Add(new PostRevision { EditorId = actor.UserId, At = now, Body = text });
        db.Posts.Add(post);
        await db.SaveChangesAsync(ct);
        await db.Threads.Where(t => t.Id == threadId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ReplyCount, t => t.ReplyCount + 1).SetProperty(t => t.LastActivityAt, now), ct);

        var mentioned = await NotifyMentionsAsync(place, threadId, post.Id, text, actor, [], ct);
        var followers = await db.ThreadFollows.Where(f => f.ThreadId == threadId && f.UserId != actor.UserId).Select(f => f.UserId).ToListAsync(ct);
        foreach (var follower in followers.Where(f => !mentioned.Contains(f)))
            db.Notifications.Add(new Notification { UserId = follower, Kind = NotificationKind.Reply, ThreadId = threadId, PostId = post.Id, ActorId = actor.UserId, At = now });
        if (!await db.ThreadFollows.AnyAsync(f => f.ThreadId == threadId && f.UserId == actor.UserId, ct))
            db.ThreadFollows.Add(new ThreadFollow { ThreadId = threadId, UserId = actor.UserId!, Since = now });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return post.Id;
    }

    /// <summary>The post as a Markdown quote with its author, to start a reply with.</summary>
    public async Task<string?> QuoteAsync(string pilotSlug, int threadId, int postId, Actor actor, CancellationToken ct = default)
    {
        var place = await ReadablePlaceAsync(pilotSlug, actor, ct);
        var post = await db.Posts.AsNoTracking()
            .Where(p => p.Id == postId && p.ThreadId == threadId && p.Thread!.CommunityId == place.CommunityId && !p.Thread.IsHidden
                && p.DeletedAt == null && p.HiddenAt == null)
            .Select(p => new { p.Body, AuthorName = p.Author!.DisplayName }).FirstOrDefaultAsync(ct);
        if (post is null) return null;
        var quoted = string.Join("\n", post.Body.Replace("\r\n", "\n").Split('\n').Select(l => "> " + l));
        return $"{post.AuthorName ?? "?"} schreef:\n{quoted}\n\n";
    }

    public async Task<PostEdit> GetEditAsync(string pilotSlug, int threadId, int postId, Actor actor, CancellationToken ct = default)
    {
        var (place, thread, post) = await LoadOwnPostAsync(pilotSlug, threadId, postId, actor, ct);
        var tags = string.Join(", ", await db.ThreadTags.Where(t => t.ThreadId == threadId).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct));
        return new PostEdit(place, threadId, thread.Title, postId, post.IsOpening, post.IsOpening ? thread.Title : null, post.Body, tags);
    }

    /// <summary>Saves an edit by the author as a new revision; the title and tags change with the opening post.</summary>
    public async Task EditAsync(string pilotSlug, int threadId, int postId, string? title, string? body, string? tags, bool confirmedNoPersonalData,
        Actor actor, CancellationToken ct = default)
    {
        var (place, thread, post) = await LoadOwnPostAsync(pilotSlug, threadId, postId, actor, ct);
        var text = (body ?? "").Trim();
        var newTitle = post.IsOpening ? (title ?? "").Trim() : null;
        if (newTitle is not null) ValidateTitle(newTitle);
        ValidateBody(text);
        var newTags = post.IsOpening ? ParseTags(tags) : null;
        CheckPersonalData(place, newTitle, text, confirmedNoPersonalData);
        if (text == post.Body && (newTitle is null || newTitle == thread.Title) && newTags is null) return;

        var now = clock.GetUtcNow();
        var tracked = await db.Posts.Include(p => p.Thread!).ThenInclude(t => t.Tags).FirstAsync(p => p.Id == postId, ct);
        var changed = text != tracked.Body || (newTitle is not null && newTitle != tracked.Thread!.Title);
        if (changed)
        {
            tracked.Body = text;
            tracked.EditedAt = now;
            if (newTitle is not null) tracked.Thread!.Title = newTitle;
            db.PostRevisions.Add(new PostRevision { PostId = postId, EditorId = actor.UserId, At = now, Title = newTitle, Body = text });
        }
        if (newTags is not null)
        {
            var current = tracked.Thread!.Tags;
            current.RemoveAll(t => !newTags.Contains(t.Name));
            foreach (var tag in newTags.Where(n => current.All(t => t.Name != n))) current.Add(new ThreadTag { Name = tag });
        }
        var before = await db.Notifications.Where(n => n.PostId == postId && n.Kind == NotificationKind.Mention).Select(n => n.UserId).ToListAsync(ct);
        await NotifyMentionsAsync(place, threadId, postId, text, actor, before.ToHashSet(), ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task<PostHistory> HistoryAsync(string pilotSlug, int threadId, int postId, Actor actor, CancellationToken ct = default)
    {
        var place = await ReadablePlaceAsync(pilotSlug, actor, ct);
        var post = await db.Posts.AsNoTracking()
            .Where(p => p.Id == postId && p.ThreadId == threadId && p.Thread!.CommunityId == place.CommunityId)
            .Select(p => new { p.DeletedAt, p.HiddenAt, ThreadHidden = p.Thread!.IsHidden, ThreadTitle = p.Thread.Title })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("post");
        // What the thread page does not show, its history does not show either (moderators see hidden text on both).
        if (post.DeletedAt is not null) throw new NotFoundException("post");
        if ((post.HiddenAt is not null || post.ThreadHidden) && !place.Permissions.CanManage) throw new NotFoundException("post");
        var revisions = await db.PostRevisions.AsNoTracking().Where(r => r.PostId == postId).OrderBy(r => r.At).ThenBy(r => r.Id)
            .Select(r => new { EditorName = r.Editor!.DisplayName, r.At, r.Title, r.Body }).ToListAsync(ct);
        var views = revisions.Select((r, i) => new PostRevisionView(i + 1, r.EditorName, r.At, r.Title, r.Body)).Reverse().ToList();
        return new PostHistory(place, threadId, post.ThreadTitle, postId, views);
    }

    /// <summary>The author deletes their own post: it leaves a placeholder so the thread stays readable.</summary>
    public async Task DeleteAsync(string pilotSlug, int threadId, int postId, Actor actor, CancellationToken ct = default)
    {
        var place = await WritablePlaceAsync(pilotSlug, actor, ct);
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId && p.ThreadId == threadId && p.Thread!.CommunityId == place.CommunityId, ct)
            ?? throw new NotFoundException("post");
        if (post.AuthorId != actor.UserId) throw new ForbiddenException("Only the author deletes a post.");
        if (post.DeletedAt is not null) return;
        DateTimeOffset? now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Decided on the row as it is now, not as read above: of a double click, or a delete while a moderator hides it,
        // one request moves the reply count.
        var row = db.Posts.Where(p => p.Id == postId && p.DeletedAt == null);
        var wasVisible = await row.Where(p => p.HiddenAt == null).ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, now), ct) > 0;
        if (!wasVisible && await row.ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, now), ct) == 0) return;
        if (!post.IsOpening && wasVisible) await AdjustReplyCountAsync(threadId, -1, ct);
        // Always takes the thread row, so an accept racing this delete waits for it (or it for the accept); see AcceptAsync.
        await db.Threads.Where(t => t.Id == threadId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.AcceptedPostId, t => t.AcceptedPostId == postId ? (int?)null : t.AcceptedPostId), ct);
        SearchOutbox.Enqueue(db, post.IsOpening ? SearchKeys.Thread(threadId) : SearchKeys.Post(postId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The asker or a coordinator marks one answer as the accepted one (or none, with <paramref name="accept"/> false).</summary>
    public async Task AcceptAsync(string pilotSlug, int threadId, int postId, bool accept, Actor actor, CancellationToken ct = default)
    {
        var place = await WritablePlaceOrManagerAsync(pilotSlug, actor, ct);
        var thread = await db.Threads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == threadId && t.CommunityId == place.CommunityId && !t.IsHidden, ct)
            ?? throw new NotFoundException("thread");
        if (thread.Kind != ThreadKind.Question) throw new RuleException("Alleen bij een vraag kan een antwoord geaccepteerd worden.");
        if (thread.AuthorId != actor.UserId && !place.Permissions.CanManage) throw new ForbiddenException("Only the asker or a coordinator accepts.");
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId && p.ThreadId == threadId && !p.IsOpening, ct)
            ?? throw new NotFoundException("post");
        if (!accept)
        {
            await using var undo = await db.Database.BeginTransactionAsync(ct);
            if (await db.Threads.Where(t => t.Id == threadId && t.AcceptedPostId == postId).ExecuteUpdateAsync(s => s.SetProperty(t => t.AcceptedPostId, (int?)null), ct) == 0)
                return;
            SearchOutbox.Enqueue(db, SearchKeys.Post(postId));
            await db.SaveChangesAsync(ct);
            await undo.CommitAsync(ct);
            return;
        }
        if (!post.IsVisible) throw new RuleException("Een verwijderd of verborgen antwoord kan niet geaccepteerd worden.");
        if (thread.AcceptedPostId == postId) return;
        var now = clock.GetUtcNow();
        // One column holds the accepted answer, so concurrent accepts leave exactly one, whichever came last. Only the request
        // that changed it tells the author (ten clicks at once are one notification), and only while the answer is visible.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Threads
            .Where(t => t.Id == threadId && t.AcceptedPostId != postId && db.Posts.Any(p => p.Id == postId && p.DeletedAt == null && p.HiddenAt == null))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.AcceptedPostId, postId).SetProperty(t => t.LastActivityAt, now), ct);
        if (changed == 0) return;
        // A moderator hiding the answer meanwhile: PostgreSQL re-checked only the thread row after waiting for its lock,
        // so read the answer again; a hide that commits later waits for this row and clears the accept itself.
        if (!await db.Posts.AnyAsync(p => p.Id == postId && p.DeletedAt == null && p.HiddenAt == null, ct)) return;
        if (post.AuthorId is not null && post.AuthorId != actor.UserId)
            db.Notifications.Add(new Notification { UserId = post.AuthorId, Kind = NotificationKind.AcceptedAnswer, ThreadId = threadId, PostId = postId, ActorId = actor.UserId, At = now });
        if (thread.AuthorId != actor.UserId)
            AuditLog.Record(db, clock, actor, "discussions.accept", $"post:{postId}", thread.Title, place.CommunityId);
        // The answer accepted before loses its weight: every reply of the thread is projected again.
        SearchOutbox.Enqueue(db, SearchKeys.ThreadAll(threadId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Marks a post "nuttig" for the actor, or takes that back. The vote row's key is (post, user), and the count moves
    /// only by the row this request inserted or deleted, so double clicks and races keep it exact.
    /// </summary>
    public async Task<int> VoteAsync(string pilotSlug, int threadId, int postId, bool useful, Actor actor, CancellationToken ct = default)
    {
        var place = await WritablePlaceAsync(pilotSlug, actor, ct);
        var post = await db.Posts.AsNoTracking()
            .Where(p => p.Id == postId && p.ThreadId == threadId && p.Thread!.CommunityId == place.CommunityId && !p.Thread.IsHidden)
            .Select(p => new { p.AuthorId, p.IsOpening, p.DeletedAt, p.HiddenAt }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("post");
        if (post.AuthorId == actor.UserId) throw new RuleException("Je kunt je eigen bericht niet als nuttig markeren.");
        if (post.DeletedAt is not null || post.HiddenAt is not null) throw new RuleException("Dit bericht is verwijderd of verborgen.");

        // The vote row and the counters change together or not at all: a request cancelled between them (a closed tab)
        // would otherwise leave a vote that the count does not hold.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int delta;
        if (useful)
        {
            var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO \"PostVotes\" (\"PostId\", \"UserId\", \"At\") VALUES ({postId}, {actor.UserId}, {VoteTime()}) ON CONFLICT DO NOTHING", ct);
            delta = inserted;
        }
        else
        {
            delta = -await db.PostVotes.Where(v => v.PostId == postId && v.UserId == actor.UserId).ExecuteDeleteAsync(ct);
        }
        if (delta != 0)
        {
            await db.Posts.Where(p => p.Id == postId).ExecuteUpdateAsync(s => s.SetProperty(p => p.UsefulCount, p => p.UsefulCount + delta), ct);
            if (post.IsOpening)
                await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsefulCount, t => t.UsefulCount + delta), ct);
        }
        await tx.CommitAsync(ct);
        return await db.Posts.Where(p => p.Id == postId).Select(p => p.UsefulCount).FirstAsync(ct);
    }

    // The raw INSERT bypasses EF's value converter, so the time goes in as the provider stores it.
    private object VoteTime() => db.Database.IsSqlite() ? clock.GetUtcNow().UtcTicks : clock.GetUtcNow();

    public async Task FollowAsync(string pilotSlug, int threadId, bool follow, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to follow.");
        var place = await ReadablePlaceAsync(pilotSlug, actor, ct);
        if (!await db.Threads.AnyAsync(t => t.Id == threadId && t.CommunityId == place.CommunityId && (!t.IsHidden || place.Permissions.CanManage), ct))
            throw new NotFoundException("thread");
        if (follow)
        {
            if (await db.ThreadFollows.AnyAsync(f => f.ThreadId == threadId && f.UserId == actor.UserId, ct)) return;
            db.ThreadFollows.Add(new ThreadFollow { ThreadId = threadId, UserId = actor.UserId!, Since = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // A second click won the race; the user follows, which is what they asked for.
            }
        }
        else
        {
            await db.ThreadFollows.Where(f => f.ThreadId == threadId && f.UserId == actor.UserId).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>Renders Markdown for the editor's preview and says what the privacy guard would find; no data is read.</summary>
    public static (string Html, IReadOnlyList<PersonalDataFinding> Findings) Preview(string? markdown) =>
        (Markdown.ToHtml(markdown), PersonalDataGuard.Find(markdown));

    internal async Task AdjustReplyCountAsync(int threadId, int delta, CancellationToken ct) =>
        await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ReplyCount, t => t.ReplyCount + delta), ct);

    private async Task<DiscussionPlace> WritablePlaceAsync(string pilotSlug, Actor actor, CancellationToken ct)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to write.");
        var place = await ReadablePlaceAsync(pilotSlug, actor, ct);
        if (!place.Permissions.CanWrite) throw new ForbiddenException("Only members write.");
        return place;
    }

    private async Task<DiscussionPlace> WritablePlaceOrManagerAsync(string pilotSlug, Actor actor, CancellationToken ct)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in.");
        var place = await ReadablePlaceAsync(pilotSlug, actor, ct);
        if (!place.Permissions.CanWrite && !place.Permissions.CanManage) throw new ForbiddenException("Only members.");
        return place;
    }

    private async Task<(DiscussionPlace, DiscussionThread, Post)> LoadOwnPostAsync(string pilotSlug, int threadId, int postId, Actor actor, CancellationToken ct)
    {
        var place = await WritablePlaceAsync(pilotSlug, actor, ct);
        var post = await db.Posts.AsNoTracking().Include(p => p.Thread)
            .FirstOrDefaultAsync(p => p.Id == postId && p.ThreadId == threadId && p.Thread!.CommunityId == place.CommunityId, ct)
            ?? throw new NotFoundException("post");
        if (post.AuthorId != actor.UserId) throw new ForbiddenException("Only the author edits a post.");
        if (!post.IsVisible || post.Thread!.IsHidden) throw new RuleException("Dit bericht is verwijderd of verborgen en kan niet meer bewerkt worden.");
        if (post.Thread.IsLocked && !place.Permissions.CanManage) throw new RuleException("Deze discussie is gesloten; er kan niet meer op gereageerd worden.", "Body");
        return (place, post.Thread, post);
    }

    private static void ValidateTitle(string title)
    {
        if (title.Length < DiscussionRules.TitleMinLength)
            throw new RuleException("Geef een titel van minstens {0} tekens.", "Title", DiscussionRules.TitleMinLength);
        if (title.Length > DiscussionRules.TitleMaxLength)
            throw new RuleException("De titel mag maximaal {0} tekens zijn.", "Title", DiscussionRules.TitleMaxLength);
    }

    private static void ValidateBody(string body)
    {
        if (body.Length == 0) throw new RuleException("Schrijf een tekst.", "Body");
        if (body.Length > DiscussionRules.BodyMaxLength)
            throw new RuleException("De tekst mag maximaal {0} tekens zijn.", "Body", DiscussionRules.BodyMaxLength);
    }

    public static string NormalizeTag(string? tag) => (tag ?? "").Trim().TrimStart('#').Trim().ToLowerInvariant();

    private static List<string> ParseTags(string? tags)
    {
        var list = (tags ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Select(NormalizeTag).Where(t => t.Length > 0).Distinct().ToList();
        if (list.Count > DiscussionRules.MaxTags) throw new RuleException("Geef maximaal {0} labels.", "Tags", DiscussionRules.MaxTags);
        if (list.Any(t => t.Length > DiscussionRules.TagMaxLength))
            throw new RuleException("Een label mag maximaal {0} tekens zijn.", "Tags", DiscussionRules.TagMaxLength);
        return list;
    }

    private static void CheckPersonalData(DiscussionPlace place, string? title, string body, bool confirmed)
    {
        var findings = PersonalDataGuard.Find(title).Select(f => new FieldFinding("Title", f))
            .Concat(PersonalDataGuard.Find(body).Select(f => new FieldFinding("Body", f))).ToList();
        if (findings.Count == 0) return;
        var blocks = place.PrivacyGuard == PrivacyGuardMode.Block;
        if (blocks || !confirmed) throw new PersonalDataFoundException(findings, blocks);
    }

    /// <summary>
    /// "@Anouk de Vries" mentions the member whose name the text after the @ starts with (the longest such name wins, so
    /// "@Anouk de Vries" is not "@Anouk"). Only members of the community can be mentioned; each is told once per post.
    /// </summary>
    private async Task<HashSet<string>> NotifyMentionsAsync(DiscussionPlace place, int threadId, int postId, string body, Actor actor,
        HashSet<string> alreadyNotified, CancellationToken ct)
    {
        var starts = Mentions.Candidates(body);
        var result = new HashSet<string>(alreadyNotified);
        if (starts.Count == 0) return result;
        var firstWords = starts.Select(s => s.FirstWord.ToLower()).Distinct().Take(DiscussionRules.MaxMentionsPerPost).ToList();
        var people = new List<(string Id, string Name)>();
        foreach (var word in firstWords)
        {
            var found = await db.Memberships.AsNoTracking()
                .Where(m => m.CommunityId == place.CommunityId && m.Status == MembershipStatus.Active && m.User!.DisplayName.ToLower().StartsWith(word))
                .Select(m => new { m.UserId, m.User!.DisplayName }).Take(50).ToListAsync(ct);
            people.AddRange(found.Select(f => (f.UserId, f.DisplayName)));
        }
        var now = clock.GetUtcNow();
        foreach (var id in Mentions.Resolve(body, starts, people).Where(id => id != actor.UserId && !alreadyNotified.Contains(id)))
        {
            if (!result.Add(id)) continue;
            db.Notifications.Add(new Notification { UserId = id, Kind = NotificationKind.Mention, ThreadId = threadId, PostId = postId, ActorId = actor.UserId, At = now });
        }
        return result;
    }
}
