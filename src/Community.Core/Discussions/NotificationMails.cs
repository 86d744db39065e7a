using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Digests;
using Community.Core.Email;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Discussions;

/// <summary>
/// The immediate mail for a notification: being mentioned (in a post or in the chat), an answer to a question I asked,
/// my answer accepted. <see cref="EnqueueForAddedAsync"/> looks at the notifications added to the unit of work and
/// queues their mails in it, so a mail exists exactly when its notification does.
/// <para>
/// Who gets one: the recipient wants that kind (<see cref="EmailPreferences.ImmediateMentions"/>,
/// <see cref="EmailPreferences.ImmediateAnswers"/>), has a confirmed address that is not failing, has not muted the
/// community, and may read what the mail quotes. That last check is repeated by the sender at sending time through the
/// notification (<see cref="OutgoingMail.NotificationId"/>), so leaving a Closed community in between stops the mail.
/// </para>
/// </summary>
public sealed class NotificationMails(CommunityDbContext db, IPublicUrl urls, Unsubscribe unsubscribe, TimeProvider clock, IMailLocalizer texts)
{
    /// <summary>Chat mentions of one person in one community within this time give one mail: a lively chat is not twenty mails.</summary>
    public static readonly TimeSpan ChatMentionBurst = TimeSpan.FromMinutes(10);

    private sealed record Recipient(string Id, string Email, string Culture, bool IsAdmin, EmailPreferences Preferences);

    public async Task EnqueueForAddedAsync(CancellationToken ct = default)
    {
        var queued = db.ChangeTracker.Entries<OutgoingMail>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Notification).ToHashSet();
        var added = db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(n => n.Kind is NotificationKind.Mention or NotificationKind.ChatMention or NotificationKind.Reply or NotificationKind.AcceptedAnswer
                && !queued.Contains(n))
            .ToList();
        if (added.Count == 0) return;

        var threadIds = added.Where(n => n.ThreadId is not null).Select(n => n.ThreadId!.Value).Distinct().ToList();
        var threads = await db.Threads.AsNoTracking().Where(t => threadIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Title, t.Kind, t.AuthorId, t.CommunityId }).ToDictionaryAsync(t => t.Id, ct);
        // Of all replies, only the answers to the recipient's own question are mailed; the rest are for the digest.
        added.RemoveAll(n => n.Kind == NotificationKind.Reply
            && !(threads.TryGetValue(n.ThreadId ?? 0, out var t) && t.Kind == ThreadKind.Question && t.AuthorId == n.UserId));
        if (added.Count == 0) return;

        var chatIds = added.Where(n => n.ChatMessage is null && n.ChatMessageId is not null).Select(n => n.ChatMessageId!.Value).Distinct().ToList();
        var storedChat = await db.ChatMessages.AsNoTracking().Where(m => chatIds.Contains(m.Id))
            .Select(m => new { m.Id, m.CommunityId, m.Body }).ToDictionaryAsync(m => m.Id, ct);
        (int CommunityId, string Body)? Chat(Notification n) =>
            n.ChatMessage is { } m ? (m.CommunityId, m.Body)
            : n.ChatMessageId is long id && storedChat.TryGetValue(id, out var s) ? (s.CommunityId, s.Body) : null;
        int? CommunityOf(Notification n) => n.ThreadId is int t && threads.TryGetValue(t, out var th) ? th.CommunityId : Chat(n)?.CommunityId;

        var communityIds = added.Select(CommunityOf).OfType<int>().Distinct().ToList();
        var communities = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Visibility, c.Pilot!.Slug, c.Pilot.Title }).ToDictionaryAsync(c => c.Id, ct);
        var postIds = added.Where(n => n.PostId is not null).Select(n => n.PostId!.Value).Distinct().ToList();
        var storedPosts = await db.Posts.AsNoTracking().Where(p => postIds.Contains(p.Id)).Select(p => new { p.Id, p.Body }).ToDictionaryAsync(p => p.Id, p => p.Body, ct);
        // An edit that adds a mention is not saved yet: its new text is in the tracked post.
        string PostBody(int id) => db.Posts.Local.FirstOrDefault(p => p.Id == id)?.Body ?? storedPosts.GetValueOrDefault(id) ?? "";

        var recipients = await RecipientsAsync(added.Select(n => n.UserId).Distinct().ToList(), ct);
        if (recipients.Count == 0) return;
        var recipientIds = recipients.Keys.ToList();
        var people = added.Select(n => n.UserId).Concat(added.Select(n => n.ActorId).OfType<string>()).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => communityIds.Contains(m.CommunityId) && m.Status == MembershipStatus.Active && recipientIds.Contains(m.UserId))
            .Select(m => new { m.UserId, m.CommunityId }).ToListAsync(ct);
        var members = memberships.Select(m => (m.UserId, m.CommunityId)).ToHashSet();
        var mutes = (await db.CommunityMutes.AsNoTracking().Where(m => communityIds.Contains(m.CommunityId) && recipientIds.Contains(m.UserId))
            .Select(m => new { m.UserId, m.CommunityId }).ToListAsync(ct)).Select(m => (m.UserId, m.CommunityId)).ToHashSet();

        var now = clock.GetUtcNow();
        var since = now - ChatMentionBurst;
        var recent = (await db.OutgoingMails.AsNoTracking()
            .Where(m => m.UserId != null && recipientIds.Contains(m.UserId) && m.CoalesceKey != null && m.CreatedAt >= since)
            .Select(m => new { m.UserId, m.CoalesceKey }).ToListAsync(ct)).Select(m => (m.UserId!, m.CoalesceKey!)).ToHashSet();

        foreach (var n in added)
        {
            if (!recipients.TryGetValue(n.UserId, out var to) || CommunityOf(n) is not int communityId || !communities.TryGetValue(communityId, out var c)) continue;
            var mentions = n.Kind is NotificationKind.Mention or NotificationKind.ChatMention;
            if (mentions ? !to.Preferences.ImmediateMentions : !to.Preferences.ImmediateAnswers) continue;
            if (mutes.Contains((to.Id, communityId))) continue;
            // Chat: active members (and admins, who read every chat); discussions: as the notification list decides.
            var member = members.Contains((to.Id, communityId));
            var mayRead = to.IsAdmin || member || (n.Kind != NotificationKind.ChatMention && c.Visibility == CommunityVisibility.Open);
            if (!mayRead) continue;

            string? key = null;
            if (n.Kind == NotificationKind.ChatMention)
            {
                key = $"chat-mention:{communityId}";
                if (!recent.Add((to.Id, key))) continue;
            }
            var actor = n.ActorId is null ? "?" : names.GetValueOrDefault(n.ActorId, "?");
            var kind = mentions ? MailKind.Mentions : MailKind.Answers;
            var message = n.Kind switch
            {
                NotificationKind.ChatMention => ChatMention(to, actor, c.Title, c.Slug, Chat(n)!.Value.Body),
                _ => ThreadMail(n.Kind, to, actor, c.Title, c.Slug, threads[n.ThreadId!.Value].Title, n.ThreadId!.Value, n.PostId, n.PostId is int p ? PostBody(p) : ""),
            };
            var mail = MailQueue.Enqueue(db, message with { Headers = unsubscribe.Headers(to.Id, kind) }, to.Id, now);
            mail.Notification = n;
            mail.CoalesceKey = key;
        }
    }

    private async Task<Dictionary<string, Recipient>> RecipientsAsync(List<string> ids, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.EmailConfirmed && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.PreferredCulture, u.LockoutEnd }).ToListAsync(ct);
        users.RemoveAll(u => u.LockoutEnd is { } end && end.Year == Accounts.User.BlockedByAdmin.Year);
        var failing = await MailQueue.FailingAsync(db, users.Select(u => u.Email!), ct);
        users.RemoveAll(u => failing.Contains(MailQueue.NormalizeAddress(u.Email!)));
        if (users.Count == 0) return [];
        var userIds = users.Select(u => u.Id).ToList();
        var admins = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                             where userIds.Contains(ur.UserId) && r.Name == Accounts.Roles.Admin select ur.UserId).ToListAsync(ct)).ToHashSet();
        var preferences = await EmailPreferences.ForUsersAsync(db, userIds, ct);
        return users.ToDictionary(u => u.Id, u => new Recipient(u.Id, u.Email!, u.PreferredCulture, admins.Contains(u.Id), preferences[u.Id]));
    }

    private EmailMessage ChatMention(Recipient to, string actor, string pilot, string slug, string body)
    {
        var c = to.Culture;
        var subject = texts.Localize(c, "{0} noemde je in de chat van {1}", actor, pilot);
        return new MailLayout(c)
            .Heading(subject)
            .Quote(MailText.Excerpt(body), actor)
            .Paragraph(texts.Localize(c, "Noemt iemand je kort daarna nog eens in deze chat, dan sturen we daar geen aparte mail over."))
            .Button(texts.Localize(c, "Open de chat"), urls.Absolute(Chat.ChatUrls.Chat(slug)))
            .Footer(texts.Localize(c, "Je krijgt deze mail omdat je een e-mail wilt als iemand je noemt."),
                texts.Localize(c, "Geen mail meer als iemand je noemt"), unsubscribe.Link(to.Id, MailKind.Mentions))
            .ToMessage(to.Email, subject);
    }

    private EmailMessage ThreadMail(NotificationKind kind, Recipient to, string actor, string pilot, string slug, string title, int threadId, int? postId, string body)
    {
        var c = to.Culture;
        var (subject, intro, button) = kind switch
        {
            NotificationKind.Mention => (texts.Localize(c, "{0} noemde je in \"{1}\"", actor, title),
                texts.Localize(c, "{0} noemde je in de leergemeenschap van {1}:", actor, pilot), texts.Localize(c, "Bekijk de reactie")),
            NotificationKind.Reply => (texts.Localize(c, "{0} beantwoordde je vraag \"{1}\"", actor, title),
                texts.Localize(c, "{0} gaf antwoord op je vraag in de leergemeenschap van {1}:", actor, pilot), texts.Localize(c, "Bekijk het antwoord")),
            _ => (texts.Localize(c, "Je antwoord op \"{0}\" is geaccepteerd", title),
                texts.Localize(c, "{0} accepteerde je antwoord in de leergemeenschap van {1}:", actor, pilot), texts.Localize(c, "Bekijk het antwoord")),
        };
        var link = urls.Absolute(postId is int p ? DiscussionUrls.Post(slug, threadId, title, p) : DiscussionUrls.Thread(slug, threadId, title));
        var mentions = kind == NotificationKind.Mention;
        return new MailLayout(c)
            .Heading(subject)
            .Paragraph(intro)
            .Quote(MailText.Excerpt(body), kind == NotificationKind.AcceptedAnswer ? null : actor)
            .Button(button, link)
            .Footer(mentions
                    ? texts.Localize(c, "Je krijgt deze mail omdat je een e-mail wilt als iemand je noemt.")
                    : texts.Localize(c, "Je krijgt deze mail omdat je een e-mail wilt als iemand je vraag beantwoordt of je antwoord accepteert."),
                mentions ? texts.Localize(c, "Geen mail meer als iemand je noemt") : texts.Localize(c, "Geen mail meer over antwoorden"),
                unsubscribe.Link(to.Id, mentions ? MailKind.Mentions : MailKind.Answers))
            .ToMessage(to.Email, subject);
    }
}
