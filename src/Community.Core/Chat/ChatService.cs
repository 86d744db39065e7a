using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Discussions;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Chat;

/// <summary>A community's chat with what the actor may do there.</summary>
public sealed record ChatRoom(int CommunityId, string PilotSlug, string PilotTitle, CommunityPermissions Permissions)
{
    /// <summary>Members read; platform admins too (to handle complaints), also in Open communities where others do not.</summary>
    public bool CanRead => Permissions.IsMember || Permissions.IsAdmin;
    public bool CanSend => Permissions.IsMember;
    /// <summary>Coordinators and platform admins delete any message.</summary>
    public bool CanModerate => Permissions.CanManage;
    public string Url => ChatUrls.Chat(PilotSlug);
}

/// <summary>A message as every reader of the chat sees it (the same object goes to every connection: no per-reader fields).</summary>
public sealed record ChatMessageView(
    long Id, int CommunityId, string ClientId, string? AuthorId, string? AuthorName, string? Body, string Html,
    DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool IsDeleted, string? PromotedThreadUrl, IReadOnlyList<string> MentionedUserIds);

/// <summary>Messages in id order; <see cref="HasOlder"/>/<see cref="HasNewer"/> say whether paging further finds more.</summary>
public sealed record ChatHistory(IReadOnlyList<ChatMessageView> Messages, bool HasOlder, bool HasNewer);

/// <summary>The stored message; <see cref="Created"/> is false when it was a retry of one already stored.</summary>
public sealed record ChatSendResult(ChatMessageView Message, bool Created);

/// <summary>One of the actor's chats, with how many messages by others they have not read.</summary>
public sealed record MyChat(string PilotSlug, string PilotTitle, int Unread, DateTimeOffset? LastMessageAt)
{
    public string Url => ChatUrls.Chat(PilotSlug);
}

public static class ChatUrls
{
    public static string Chat(string pilotSlug) => $"/pilots/{pilotSlug}/leergemeenschap/chat";
}

/// <summary>Told after a change is stored, to fan it out to the people online (the web layer's hub). Never before the database has it.</summary>
public interface IChatEvents
{
    Task MessageStoredAsync(ChatMessageView message, CancellationToken ct);
    Task MessageChangedAsync(ChatMessageView message, CancellationToken ct);
}

/// <summary>
/// Chat rules, shared by the hub and the pages: only members send, members and admins read, a message is stored
/// before anyone hears of it, and a retry (same author, same client id) returns the stored message instead of a second.
/// </summary>
public sealed class ChatService(CommunityDbContext db, TimeProvider clock, ChatLimiter limiter, DiscussionService discussions, IChatEvents? events = null,
    NotificationMails? mails = null)
{
    public async Task<ChatRoom> RoomAsync(string pilotSlug, Actor actor, CancellationToken ct = default)
    {
        var c = await db.Communities.AsNoTracking().Where(c => c.Pilot!.Slug == pilotSlug)
            .Select(c => new { c.Id, c.Visibility, c.Pilot!.Slug, c.Pilot.Title }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("community");
        return await ReadableAsync(c.Id, c.Visibility, c.Slug, c.Title, actor, ct);
    }

    public async Task<ChatRoom> RoomAsync(int communityId, Actor actor, CancellationToken ct = default)
    {
        var c = await db.Communities.AsNoTracking().Where(c => c.Id == communityId)
            .Select(c => new { c.Id, c.Visibility, c.Pilot!.Slug, c.Pilot.Title }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("community");
        return await ReadableAsync(c.Id, c.Visibility, c.Slug, c.Title, actor, ct);
    }

    private async Task<ChatRoom> ReadableAsync(int id, CommunityVisibility visibility, string slug, string title, Actor actor, CancellationToken ct)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to chat.");
        var permissions = await CommunityPermissions.ForAsync(db, id, visibility, actor, ct);
        var room = new ChatRoom(id, slug, title, permissions);
        if (!room.CanRead) throw new ForbiddenException("Only members read the chat.");
        return room;
    }

    /// <summary>The page of messages before or after an id (exclusive), or the newest page when neither is given. Always oldest first.</summary>
    public async Task<ChatHistory> HistoryAsync(int communityId, long? before, long? after, Actor actor, int limit = ChatRules.PageSize, CancellationToken ct = default)
    {
        var room = await RoomAsync(communityId, actor, ct);
        limit = Math.Clamp(limit, 1, 200);
        var query = db.ChatMessages.AsNoTracking().Where(m => m.CommunityId == room.CommunityId);
        if (after is long a)
        {
            var rows = await Project(query.Where(m => m.Id > a).OrderBy(m => m.Id).Take(limit + 1), room.PilotSlug).ToListAsync(ct);
            var hasOlder = await query.AnyAsync(m => m.Id <= a, ct);
            return new ChatHistory(await ViewsAsync(rows.Take(limit).ToList(), ct), hasOlder, rows.Count > limit);
        }
        var q = before is long b ? query.Where(m => m.Id < b) : query;
        var newestFirst = await Project(q.OrderByDescending(m => m.Id).Take(limit + 1), room.PilotSlug).ToListAsync(ct);
        var page = newestFirst.Take(limit).Reverse().ToList();
        var hasNewer = before is long b2 && await query.AnyAsync(m => m.Id >= b2, ct);
        return new ChatHistory(await ViewsAsync(page, ct), newestFirst.Count > limit, hasNewer);
    }

    public async Task<ChatSendResult> SendAsync(int communityId, string? clientId, string? body, Actor actor, CancellationToken ct = default)
    {
        var room = await RoomAsync(communityId, actor, ct);
        if (!room.CanSend) throw new ForbiddenException("Only members send.");
        clientId = (clientId ?? "").Trim();
        if (clientId.Length is 0 or > ChatRules.ClientIdMaxLength || !clientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new RuleException("Dit bericht kon niet worden verstuurd: de berichtcode ontbreekt of is ongeldig. Laad de pagina opnieuw.", "Body");

        // A retry of a send that was stored (the answer got lost): the same message, not a second one.
        if (await FindAsync(actor.UserId!, clientId, ct) is { } existing)
        {
            if (existing.CommunityId != room.CommunityId) throw new RuleException("Dit bericht kon niet worden verstuurd: de berichtcode ontbreekt of is ongeldig. Laad de pagina opnieuw.", "Body");
            return new ChatSendResult(existing, false);
        }
        var text = ValidateBody(body);
        if (!limiter.TryAcquire(actor.UserId!))
            throw new RuleException("Je stuurt te veel berichten kort na elkaar. Wacht even en probeer het dan opnieuw.", "Body");

        var message = new ChatMessage
        {
            CommunityId = room.CommunityId, AuthorId = actor.UserId, ClientId = clientId, Body = text, CreatedAt = clock.GetUtcNow(),
        };
        db.ChatMessages.Add(message);
        foreach (var id in await MentionedAsync(room.CommunityId, text, actor, ct))
        {
            db.ChatMentions.Add(new ChatMention { Message = message, UserId = id });
            db.Notifications.Add(new Notification { UserId = id, Kind = NotificationKind.ChatMention, ChatMessage = message, ActorId = actor.UserId, At = message.CreatedAt });
        }
        if (mails is not null) await mails.EnqueueForAddedAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two retries raced each other to the unique (author, client id) index: the first one stored counts.
            db.ChangeTracker.Clear();
            var first = await FindAsync(actor.UserId!, clientId, ct);
            if (first is null) throw;
            return new ChatSendResult(first, false);
        }
        var view = await GetViewAsync(message.Id, room.PilotSlug, ct);
        if (events is not null) await events.MessageStoredAsync(view, ct);
        return new ChatSendResult(view, true);
    }

    /// <summary>The author changes their message within <see cref="ChatRules.EditWindow"/>; everyone sees it marked as edited.</summary>
    public async Task<ChatMessageView> EditAsync(long messageId, string? body, Actor actor, CancellationToken ct = default)
    {
        var (room, message) = await LoadAsync(messageId, actor, ct);
        if (!room.CanSend || message.AuthorId != actor.UserId) throw new ForbiddenException("Only the author edits.");
        if (message.DeletedAt is not null) throw new RuleException("Dit bericht is verwijderd.", "Body");
        if (clock.GetUtcNow() - message.CreatedAt > ChatRules.EditWindow)
            throw new RuleException("Je kunt een bericht alleen in de eerste {0} minuten na het versturen wijzigen.", "Body", (int)ChatRules.EditWindow.TotalMinutes);
        var text = ValidateBody(body);
        if (text != message.Body)
        {
            var before = await db.ChatMentions.Where(m => m.MessageId == messageId).Select(m => m.UserId).ToListAsync(ct);
            message.Body = text;
            message.EditedAt = clock.GetUtcNow();
            // Only people not named before: a mention notifies once per message, however often the text changes.
            foreach (var id in (await MentionedAsync(room.CommunityId, text, actor, ct)).Except(before))
            {
                db.ChatMentions.Add(new ChatMention { MessageId = messageId, UserId = id });
                db.Notifications.Add(new Notification { UserId = id, Kind = NotificationKind.ChatMention, ChatMessageId = messageId, ActorId = actor.UserId, At = message.EditedAt.Value });
            }
            if (mails is not null) await mails.EnqueueForAddedAsync(ct);
            await db.SaveChangesAsync(ct);
        }
        var view = await GetViewAsync(messageId, room.PilotSlug, ct);
        if (events is not null) await events.MessageChangedAsync(view, ct);
        return view;
    }

    /// <summary>The author deletes within the edit window, a coordinator or admin any time. The text is removed; a placeholder stays.</summary>
    public async Task<ChatMessageView> DeleteAsync(long messageId, Actor actor, CancellationToken ct = default)
    {
        var (room, message) = await LoadAsync(messageId, actor, ct);
        var own = room.CanSend && message.AuthorId == actor.UserId;
        if (!own && !room.CanModerate) throw new ForbiddenException("Only the author or a coordinator deletes.");
        if (message.DeletedAt is null)
        {
            if (!room.CanModerate && clock.GetUtcNow() - message.CreatedAt > ChatRules.EditWindow)
                throw new RuleException("Je kunt een bericht alleen in de eerste {0} minuten na het versturen verwijderen.", null, (int)ChatRules.EditWindow.TotalMinutes);
            message.DeletedAt = clock.GetUtcNow();
            message.Body = "";
            await db.ChatMentions.Where(m => m.MessageId == messageId).ExecuteDeleteAsync(ct);
            await db.Notifications.Where(n => n.ChatMessageId == messageId).ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(ct);
        }
        var view = await GetViewAsync(messageId, room.PilotSlug, ct);
        if (events is not null) await events.MessageChangedAsync(view, ct);
        return view;
    }

    /// <summary>
    /// Keeps what was learnt: the chosen messages, quoted with their authors, open a new question thread; each message then
    /// links to it. The discussion rules (title, privacy guard) apply as to any new question.
    /// </summary>
    public async Task<int> PromoteAsync(string pilotSlug, IReadOnlyList<long> messageIds, string? title, bool confirmedNoPersonalData, Actor actor, CancellationToken ct = default)
    {
        var room = await RoomAsync(pilotSlug, actor, ct);
        if (!room.CanSend) throw new ForbiddenException("Only members promote.");
        var ids = (messageIds ?? []).Distinct().ToList();
        if (ids.Count > ChatRules.MaxPromote)
            throw new RuleException("Kies maximaal {0} berichten.", "MessageIds", ChatRules.MaxPromote);
        var messages = await db.ChatMessages.AsNoTracking()
            .Where(m => ids.Contains(m.Id) && m.CommunityId == room.CommunityId && m.DeletedAt == null)
            .OrderBy(m => m.Id).Select(m => new { m.Id, m.Body, m.CreatedAt, AuthorName = m.Author!.DisplayName }).ToListAsync(ct);
        if (messages.Count == 0) throw new RuleException("Kies één of meer berichten om er een vraag van te maken.", "MessageIds");
        var quoted = messages.Select(m =>
            $"> **{m.AuthorName ?? "Oud-lid"}** ({m.CreatedAt.ToOffset(DutchOffset(m.CreatedAt)):d-M-yyyy HH:mm}):\n" +
            string.Join("\n", m.Body.Replace("\r\n", "\n").Split('\n').Select(l => "> " + l)));
        var body = "Uit de chat van de leergemeenschap:\n\n" + string.Join("\n>\n", quoted);
        var threadId = await discussions.CreateThreadAsync(pilotSlug, new ThreadInput(ThreadKind.Question, title, body, null, confirmedNoPersonalData), actor, ct);
        var found = messages.Select(m => m.Id).ToList();
        await db.ChatMessages.Where(m => found.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.PromotedThreadId, threadId), ct);
        if (events is not null)
            foreach (var id in found) await events.MessageChangedAsync(await GetViewAsync(id, room.PilotSlug, ct), ct);
        return threadId;
    }

    /// <summary>Unread messages (by others, not deleted) per community the actor is an active member of.</summary>
    public async Task<IReadOnlyDictionary<int, int>> UnreadAsync(Actor actor, int? communityId = null, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) return new Dictionary<int, int>();
        var me = actor.UserId;
        var memberships = db.Memberships.AsNoTracking().Where(m => m.UserId == me && m.Status == MembershipStatus.Active);
        if (communityId is int only) memberships = memberships.Where(m => m.CommunityId == only);
        var rows = await memberships.Select(m => new
        {
            m.CommunityId,
            Count = db.ChatMessages.Count(c => c.CommunityId == m.CommunityId && c.DeletedAt == null && c.AuthorId != me
                && c.Id > (db.ChatReadMarks.Where(r => r.UserId == me && r.CommunityId == m.CommunityId).Select(r => (long?)r.LastReadId).FirstOrDefault() ?? 0)),
        }).ToListAsync(ct);
        return rows.Where(r => r.Count > 0).ToDictionary(r => r.CommunityId, r => r.Count);
    }

    /// <summary>The chats of every community the actor is an active member of, unread first, then by latest message.</summary>
    public async Task<IReadOnlyList<MyChat>> MyChatsAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in.");
        var me = actor.UserId;
        var rows = await db.Memberships.AsNoTracking().Where(m => m.UserId == me && m.Status == MembershipStatus.Active)
            .Select(m => new
            {
                m.Community!.Pilot!.Slug,
                m.Community.Pilot.Title,
                Last = db.ChatMessages.Where(c => c.CommunityId == m.CommunityId).Max(c => (long?)c.Id),
            }).ToListAsync(ct);
        var unread = await UnreadAsync(actor, null, ct);
        var ids = await db.Communities.AsNoTracking().Where(c => rows.Select(r => r.Slug).Contains(c.Pilot!.Slug))
            .Select(c => new { c.Id, c.Pilot!.Slug }).ToDictionaryAsync(c => c.Slug, c => c.Id, ct);
        var lastIds = rows.Where(r => r.Last != null).Select(r => r.Last!.Value).ToList();
        var times = await db.ChatMessages.AsNoTracking().Where(c => lastIds.Contains(c.Id)).Select(c => new { c.Id, c.CreatedAt }).ToListAsync(ct);
        return rows.Select(r => new MyChat(r.Slug, r.Title, unread.GetValueOrDefault(ids[r.Slug]),
                times.FirstOrDefault(t => t.Id == r.Last)?.CreatedAt))
            .OrderByDescending(c => c.Unread > 0).ThenByDescending(c => c.LastMessageAt).ThenBy(c => c.PilotTitle).ToList();
    }

    /// <summary>Marks the chat read up to <paramref name="lastId"/> (never backwards).</summary>
    public async Task MarkReadAsync(int communityId, long lastId, Actor actor, CancellationToken ct = default)
    {
        var room = await RoomAsync(communityId, actor, ct);
        if (!room.CanSend) return;
        var newest = await db.ChatMessages.Where(m => m.CommunityId == communityId).MaxAsync(m => (long?)m.Id, ct) ?? 0;
        lastId = Math.Min(lastId, newest);
        if (lastId <= 0) return;
        var me = actor.UserId!;
        var updated = await db.ChatReadMarks.Where(r => r.UserId == me && r.CommunityId == communityId && r.LastReadId < lastId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastReadId, lastId), ct);
        if (updated > 0 || await db.ChatReadMarks.AnyAsync(r => r.UserId == me && r.CommunityId == communityId, ct)) return;
        db.ChatReadMarks.Add(new ChatReadMark { UserId = me, CommunityId = communityId, LastReadId = lastId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two tabs marked at once: the other row is there; move it forward if it is behind.
            db.ChangeTracker.Clear();
            await db.ChatReadMarks.Where(r => r.UserId == me && r.CommunityId == communityId && r.LastReadId < lastId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastReadId, lastId), ct);
        }
    }

    /// <summary>Whether the actor may still send in the community: the hub asks before typing notices.</summary>
    public async Task<ChatRoom> WritableRoomAsync(int communityId, Actor actor, CancellationToken ct = default)
    {
        var room = await RoomAsync(communityId, actor, ct);
        if (!room.CanSend) throw new ForbiddenException("Only members send.");
        return room;
    }

    public async Task<string?> DisplayNameAsync(Actor actor, CancellationToken ct = default) =>
        actor.IsAuthenticated ? await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;

    private static string ValidateBody(string? body)
    {
        var text = (body ?? "").Trim();
        if (text.Length == 0) throw new RuleException("Schrijf een bericht.", "Body");
        if (text.Length > ChatRules.BodyMaxLength)
            throw new RuleException("Een chatbericht mag maximaal {0} tekens zijn (nu {1}).", "Body", ChatRules.BodyMaxLength, text.Length);
        return text;
    }

    private async Task<(ChatRoom Room, ChatMessage Message)> LoadAsync(long messageId, Actor actor, CancellationToken ct)
    {
        var message = await db.ChatMessages.FirstOrDefaultAsync(m => m.Id == messageId, ct) ?? throw new NotFoundException("message");
        return (await RoomAsync(message.CommunityId, actor, ct), message);
    }

    private async Task<HashSet<string>> MentionedAsync(int communityId, string text, Actor actor, CancellationToken ct)
    {
        var starts = Mentions.Candidates(text);
        if (starts.Count == 0) return [];
        var people = new List<(string Id, string Name)>();
        foreach (var word in starts.Select(s => s.FirstWord.ToLower()).Distinct().Take(DiscussionRules.MaxMentionsPerPost))
        {
            var found = await db.Memberships.AsNoTracking()
                .Where(m => m.CommunityId == communityId && m.Status == MembershipStatus.Active && m.User!.DisplayName.ToLower().StartsWith(word))
                .Select(m => new { m.UserId, m.User!.DisplayName }).Take(50).ToListAsync(ct);
            people.AddRange(found.Select(f => (f.UserId, f.DisplayName)));
        }
        return Mentions.Resolve(text, starts, people).Where(id => id != actor.UserId).ToHashSet();
    }

    private async Task<ChatMessageView?> FindAsync(string authorId, string clientId, CancellationToken ct)
    {
        var row = await db.ChatMessages.AsNoTracking().Where(m => m.AuthorId == authorId && m.ClientId == clientId)
            .Select(m => new { m.Id, m.Community!.Pilot!.Slug }).FirstOrDefaultAsync(ct);
        return row is null ? null : await GetViewAsync(row.Id, row.Slug, ct);
    }

    private async Task<ChatMessageView> GetViewAsync(long id, string pilotSlug, CancellationToken ct)
    {
        var rows = await Project(db.ChatMessages.AsNoTracking().Where(m => m.Id == id), pilotSlug).ToListAsync(ct);
        return (await ViewsAsync(rows, ct)).Single();
    }

    private sealed record Row(long Id, int CommunityId, string ClientId, string? AuthorId, string? AuthorName, string Body,
        DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, DateTimeOffset? DeletedAt, int? PromotedThreadId, string? PromotedTitle, string PilotSlug);

    private static IQueryable<Row> Project(IQueryable<ChatMessage> query, string pilotSlug) =>
        query.Select(m => new Row(m.Id, m.CommunityId, m.ClientId, m.AuthorId, m.Author!.DisplayName, m.Body, m.CreatedAt, m.EditedAt, m.DeletedAt,
            m.PromotedThreadId, null, pilotSlug));

    private async Task<IReadOnlyList<ChatMessageView>> ViewsAsync(IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var mentions = ids.Count == 0 ? [] : await db.ChatMentions.AsNoTracking().Where(m => ids.Contains(m.MessageId))
            .Select(m => new { m.MessageId, m.UserId }).ToListAsync(ct);
        var threadIds = rows.Where(r => r.PromotedThreadId != null).Select(r => r.PromotedThreadId!.Value).Distinct().ToList();
        var threads = threadIds.Count == 0 ? [] : await db.Threads.AsNoTracking().Where(t => threadIds.Contains(t.Id) && !t.IsHidden)
            .Select(t => new { t.Id, t.Title, t.Community!.Pilot!.Slug }).ToDictionaryAsync(t => t.Id, ct);
        return rows.Select(r =>
        {
            var deleted = r.DeletedAt is not null;
            var thread = r.PromotedThreadId is int t && threads.TryGetValue(t, out var th) ? DiscussionUrls.Thread(th.Slug, th.Id, th.Title) : null;
            return new ChatMessageView(r.Id, r.CommunityId, r.ClientId, r.AuthorId, r.AuthorName, deleted ? null : r.Body,
                deleted ? "" : ChatMarkdown.ToHtml(r.Body), r.CreatedAt, r.EditedAt, deleted, thread,
                deleted ? [] : mentions.Where(m => m.MessageId == r.Id).Select(m => m.UserId).ToList());
        }).ToList();
    }

    private static TimeSpan DutchOffset(DateTimeOffset at)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Amsterdam", out var z) ? z : TimeZoneInfo.Utc;
        return zone.GetUtcOffset(at);
    }
}
