using System.Security.Cryptography;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Discussions;

public sealed record NotificationView(
    long Id, NotificationKind Kind, string? ActorName, string ThreadTitle, string PilotSlug, string PilotTitle, string Url, DateTimeOffset At, bool IsRead);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Unread, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record FeedEntry(int ThreadId, ThreadKind Kind, string Title, string Url, string? AuthorName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Body);

/// <summary>
/// <paramref name="Reader"/> is whose token opened the feed (null: a public feed read anonymously). People are named to
/// identified readers only, as on the pages, where visitors who are not signed in see no names.
/// </summary>
public sealed record ThreadFeed(DiscussionPlace Place, IReadOnlyList<FeedEntry> Entries, string? Reader)
{
    public bool NamesPeople => Reader is not null;
}

/// <summary>
/// In-app notifications and the Atom feed. A notification stores only ids: title and link are read when shown,
/// under the reader's rights at that moment, so leaving a Closed community or a hidden post takes them away.
/// </summary>
public sealed class NotificationService(CommunityDbContext db, TimeProvider clock)
{
    public const int PageSize = 30;
    public const int FeedSize = 30;

    /// <summary>
    /// The actor's notifications they may still see. A thread notification follows the thread's rights (as before); a chat
    /// mention follows the chat's: members read it, platform admins too (<see cref="Chat.ChatRoom.CanRead"/>), also in an
    /// Open community, and a deleted message takes it away.
    /// </summary>
    private IQueryable<Notification> Visible(Actor actor) => VisibleTo(db, actor.UserId!, actor.IsAdmin);

    /// <summary>The same rule for the mail queue, which re-checks it when it sends a notification's mail.</summary>
    internal static IQueryable<Notification> VisibleTo(CommunityDbContext db, string me, bool admin)
    {
        return db.Notifications.AsNoTracking().Where(n => n.UserId == me
            && ((n.ThreadId != null && !n.Thread!.IsHidden
                    && (admin || n.Thread.Community!.Visibility == CommunityVisibility.Open
                        || n.Thread.Community.Memberships.Any(m => m.UserId == me && m.Status == MembershipStatus.Active))
                    && (n.PostId == null || db.Posts.Any(p => p.Id == n.PostId && p.DeletedAt == null && p.HiddenAt == null)))
                || (n.ChatMessageId != null && n.ChatMessage!.DeletedAt == null
                    && (admin || db.Memberships.Any(m => m.CommunityId == n.ChatMessage.CommunityId && m.UserId == me && m.Status == MembershipStatus.Active)))));
    }

    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken ct = default) =>
        actor.IsAuthenticated ? await Visible(actor).CountAsync(n => n.ReadAt == null, ct) : 0;

    public async Task<NotificationPage> ListAsync(Actor actor, int page, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in.");
        var query = Visible(actor);
        var total = await query.CountAsync(ct);
        var unread = await query.CountAsync(n => n.ReadAt == null, ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var rows = await query.OrderByDescending(n => n.At).ThenByDescending(n => n.Id).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(n => new
            {
                n.Id, n.Kind, ActorName = n.Actor!.DisplayName, n.ThreadId, n.Thread!.Title, n.ChatMessageId,
                Slug = n.ThreadId != null ? n.Thread.Community!.Pilot!.Slug : n.ChatMessage!.Community!.Pilot!.Slug,
                PilotTitle = n.ThreadId != null ? n.Thread.Community!.Pilot!.Title : n.ChatMessage!.Community!.Pilot!.Title,
                n.PostId, n.At, n.ReadAt,
            }).ToListAsync(ct);
        // A chat mention has no thread: its "title" is the pilot's, as in "Anna noemde je in de chat van Pilot".
        var items = rows.Select(r => new NotificationView(r.Id, r.Kind, r.ActorName, r.ThreadId is null ? r.PilotTitle : r.Title, r.Slug, r.PilotTitle,
            Url(r.Slug, r.ThreadId, r.Title, r.PostId, r.ChatMessageId), r.At, r.ReadAt is not null)).ToList();
        return new NotificationPage(items, unread, total, page, PageSize);
    }

    /// <summary>Marks one notification read and gives where it points; null when it is gone or no longer visible.</summary>
    public async Task<string?> OpenAsync(long id, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in.");
        var row = await Visible(actor).Where(n => n.Id == id)
            .Select(n => new
            {
                n.ThreadId, n.Thread!.Title, n.PostId, n.ChatMessageId,
                Slug = n.ThreadId != null ? n.Thread.Community!.Pilot!.Slug : n.ChatMessage!.Community!.Pilot!.Slug,
            }).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var now = clock.GetUtcNow();
        await db.Notifications.Where(n => n.Id == id && n.UserId == actor.UserId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return Url(row.Slug, row.ThreadId, row.Title, row.PostId, row.ChatMessageId);
    }

    /// <summary>
    /// Where a notification points. A chat message: the chat page that ends with it (<c>voor</c> is exclusive), so older
    /// messages are found too, scrolled to its anchor.
    /// </summary>
    private static string Url(string slug, int? threadId, string? title, int? postId, long? chatMessageId) =>
        chatMessageId is long m ? $"{Chat.ChatUrls.Chat(slug)}?voor={m + 1}#bericht-{m}"
        : postId is int p ? DiscussionUrls.Post(slug, threadId!.Value, title!, p)
        : DiscussionUrls.Thread(slug, threadId!.Value, title!);

    public async Task MarkAllReadAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in.");
        var now = clock.GetUtcNow();
        await db.Notifications.Where(n => n.UserId == actor.UserId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>The actor's feed token, made on first use; <paramref name="renew"/> replaces it, so old links stop working.</summary>
    public async Task<string> FeedTokenAsync(Actor actor, bool renew, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in.");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == actor.UserId, ct) ?? throw new ForbiddenException("Unknown user.");
        if (user.FeedToken is null || renew)
        {
            user.FeedToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            await db.SaveChangesAsync(ct);
        }
        return user.FeedToken;
    }

    public async Task<string?> ExistingFeedTokenAsync(Actor actor, CancellationToken ct = default) =>
        actor.IsAuthenticated ? await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.FeedToken).FirstOrDefaultAsync(ct) : null;

    /// <summary>
    /// The newest threads of a community as a feed. Open communities are public; a Closed one needs the token of a
    /// current member (or admin): a feed reader has no cookie, so the token is the reader's identity.
    /// </summary>
    public async Task<ThreadFeed> ThreadFeedAsync(string pilotSlug, string? token, CancellationToken ct = default)
    {
        var community = await db.Communities.AsNoTracking().Where(c => c.Pilot!.Slug == pilotSlug)
            .Select(c => new { c.Id, c.Visibility, c.PrivacyGuard, c.Pilot!.Slug, c.Pilot.Title, c.Pilot.Phase })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("community");
        var actor = Actor.Anonymous;
        if (!string.IsNullOrEmpty(token) && token.Length <= 64)
        {
            var user = await db.Users.AsNoTracking().Where(u => u.FeedToken == token)
                .Select(u => new { u.Id, u.LockoutEnd }).FirstOrDefaultAsync(ct);
            // An admin's block ends the feed too; a few failed sign-ins (minutes of lockout) by whoever typed the address do not.
            if (user is not null && !(user.LockoutEnd is { } end && end.Year == Accounts.User.BlockedByAdmin.Year))
            {
                var isAdmin = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                                     where ur.UserId == user.Id && r.Name == Accounts.Roles.Admin select ur).AnyAsync(ct);
                actor = new Actor(user.Id, isAdmin);
            }
        }
        var permissions = await CommunityPermissions.ForAsync(db, community.Id, community.Visibility, actor, ct);
        if (!permissions.CanRead) throw new ForbiddenException("Closed community.");
        var place = new DiscussionPlace(community.Id, community.Slug, community.Title, community.Phase, community.Visibility, community.PrivacyGuard, permissions);
        var rows = await db.Threads.AsNoTracking().Where(t => t.CommunityId == community.Id && !t.IsHidden)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(FeedSize)
            .Select(t => new
            {
                t.Id, t.Kind, t.Title, AuthorName = t.Author!.DisplayName, t.CreatedAt,
                Opening = t.Posts.Where(p => p.IsOpening).Select(p => new { p.Body, p.EditedAt, p.DeletedAt, p.HiddenAt }).FirstOrDefault(),
            }).ToListAsync(ct);
        var entries = rows.Select(r => new FeedEntry(r.Id, r.Kind, r.Title, DiscussionUrls.Thread(community.Slug, r.Id, r.Title),
            actor.IsAuthenticated ? r.AuthorName : null,
            r.CreatedAt, r.Opening?.EditedAt ?? r.CreatedAt,
            r.Opening is { DeletedAt: null, HiddenAt: null } ? r.Opening.Body : null)).ToList();
        return new ThreadFeed(place, entries, actor.UserId);
    }
}
