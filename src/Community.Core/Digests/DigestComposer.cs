using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Discussions;
using Community.Core.Pilots;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Digests;

/// <summary>One user's digest to compose: who, in which language, for which period.</summary>
public sealed record DigestRecipient(string UserId, string Email, string DisplayName, string Culture, DigestFrequency Frequency,
    string PeriodKey, DateTimeOffset From, DateTimeOffset To);

/// <summary>In the order a section shows them: what concerns the reader most first.</summary>
public enum DigestItemKind
{
    NewAnswers,
    AcceptedAnswer,
    NewQuestion,
    NewDiscussion,
    NewLesson,
    ChangedLesson,
    NewWikiPage,
    ChangedWikiPage,
    PhaseChange,
    Evaluation,
    Unanswered,
    KnowledgeQuestion,
    /// <summary>"And N more": a busy community's section is cut off and links to its discussions.</summary>
    More,
}

/// <summary>An item names what to show and where it lives (an app path); the text is read now, under the reader's rights now.</summary>
public sealed record DigestItem(DigestItemKind Kind, string Title, string Path, int Count = 1, PilotPhase? Phase = null, bool IsQuestion = true);

public sealed record DigestSection(int CommunityId, string PilotSlug, string PilotTitle, IReadOnlyList<DigestItem> Items, int NewQuestions, int Total);

public sealed record Digest(DigestRecipient Recipient, IReadOnlyList<DigestSection> Sections, IReadOnlyList<DigestItem> KnowledgeQuestions)
{
    public int ItemCount => Sections.Sum(s => s.Total) + KnowledgeQuestions.Count;
    /// <summary>Nothing new: questions still waiting for an answer go along with news, but are no reason for a mail of their own.</summary>
    public bool IsEmpty => KnowledgeQuestions.Count == 0 && Sections.All(s => s.Items.All(i => i.Kind == DigestItemKind.Unanswered));
}

/// <summary>
/// Composes the digests of a batch of users with a fixed number of queries, whatever the batch size: the period's
/// items of every community involved, and the users' memberships, mutes and follows, are each loaded once; each
/// user's digest is then picked out in memory. What a user may see is decided here, at composing time: only
/// communities they are an active member of and did not mute (followed threads also in Open communities), no hidden
/// or deleted content, nothing they wrote themselves.
/// </summary>
public sealed class DigestComposer(CommunityDbContext db)
{
    /// <summary>Open questions that long without an answer are still a call to help; older ones are left to the list.</summary>
    public static readonly TimeSpan UnansweredWindow = TimeSpan.FromDays(28);
    private const int UnansweredPerCommunity = 5;
    /// <summary>A mail people read: a busy community shows its first items and links to the rest.</summary>
    public const int ItemsPerSection = 12;
    public const int KnowledgeQuestionsShown = 10;

    private sealed record CommunityInfo(int Id, int PilotId, CommunityVisibility Visibility, string Slug, string Title);
    private sealed record ThreadRow(int Id, int CommunityId, ThreadKind Kind, string Title, string? AuthorId, DateTimeOffset CreatedAt, int ReplyCount, int? AcceptedPostId);
    private sealed record PostRow(int Id, int ThreadId, int CommunityId, ThreadKind Kind, string Title, string? ThreadAuthorId, string? AuthorId, DateTimeOffset CreatedAt);
    private sealed record AcceptedRow(int ThreadId, int CommunityId, string Title, string? ThreadAuthorId, int PostId, string? PostAuthorId, DateTimeOffset AcceptedAt);
    private sealed record RevisionRow(int PageId, int CommunityId, string Slug, string Title, bool IsLesson, DateTimeOffset PageCreatedAt, string? AuthorId, DateTimeOffset At);
    private sealed record PhaseRow(int PilotId, PilotPhase To, string? ChangedById, DateTimeOffset At);
    private sealed record EvaluationRow(int PilotId, string? UpdatedById, DateTimeOffset UpdatedAt);
    private sealed record QuestionRow(int Id, string Text, string? AskedById, DateTimeOffset CreatedAt);

    public async Task<IReadOnlyList<Digest>> ComposeAsync(IReadOnlyList<DigestRecipient> batch, CancellationToken ct = default)
    {
        if (batch.Count == 0) return [];
        var userIds = batch.Select(r => r.UserId).Distinct().ToList();
        var from = batch.Min(r => r.From);
        var to = batch.Max(r => r.To);
        var unansweredSince = to - UnansweredWindow;

        var communities = (await db.Communities.AsNoTracking()
                .Select(c => new CommunityInfo(c.Id, c.PilotId, c.Visibility, c.Pilot!.Slug, c.Pilot.Title)).ToListAsync(ct))
            .ToDictionary(c => c.Id);
        var memberships = (await db.Memberships.AsNoTracking()
                .Where(m => userIds.Contains(m.UserId) && m.Status == MembershipStatus.Active)
                .Select(m => new { m.UserId, m.CommunityId }).ToListAsync(ct))
            .ToLookup(m => m.UserId, m => m.CommunityId);
        var mutes = (await db.CommunityMutes.AsNoTracking().Where(m => userIds.Contains(m.UserId))
                .Select(m => new { m.UserId, m.CommunityId }).ToListAsync(ct))
            .ToLookup(m => m.UserId, m => m.CommunityId);
        var follows = (await db.ThreadFollows.AsNoTracking().Where(f => userIds.Contains(f.UserId))
                .Select(f => new { f.UserId, f.ThreadId }).ToListAsync(ct))
            .ToLookup(f => f.UserId, f => f.ThreadId);
        var involved = memberships.SelectMany(g => g).Distinct().ToList();

        // New threads in the period, and questions still waiting for an answer (a call to help).
        var threads = (await db.Threads.AsNoTracking()
                .Where(t => involved.Contains(t.CommunityId) && !t.IsHidden && t.CreatedAt < to
                    && (t.CreatedAt >= from || (t.Kind == ThreadKind.Question && t.ReplyCount == 0 && t.AcceptedPostId == null && t.CreatedAt >= unansweredSince)))
                .Select(t => new ThreadRow(t.Id, t.CommunityId, t.Kind, t.Title, t.AuthorId, t.CreatedAt, t.ReplyCount, t.AcceptedPostId))
                .ToListAsync(ct))
            .ToLookup(t => t.CommunityId);
        // Replies on threads someone in the batch follows, in any community: a followed thread can be in an Open community
        // the user is no member of. Which of them a user may read is decided per user below. By the list of thread ids,
        // not a correlated EXISTS on the follows: SQLite re-scanned the batch's user list for every reply that way.
        var followedThreads = follows.SelectMany(g => g).Distinct().ToList();
        var posts = (await db.Posts.AsNoTracking()
                .Where(p => followedThreads.Contains(p.ThreadId) && !p.IsOpening && p.CreatedAt >= from && p.CreatedAt < to
                    && p.DeletedAt == null && p.HiddenAt == null && !p.Thread!.IsHidden)
                .Select(p => new PostRow(p.Id, p.ThreadId, p.Thread!.CommunityId, p.Thread.Kind, p.Thread.Title, p.Thread.AuthorId, p.AuthorId, p.CreatedAt))
                .ToListAsync(ct))
            .ToLookup(p => p.ThreadId);
        var accepted = await db.Threads.AsNoTracking()
            .Where(t => t.AcceptedAt >= from && t.AcceptedAt < to && t.AcceptedPostId != null && !t.IsHidden)
            .Join(db.Posts.Where(p => p.DeletedAt == null && p.HiddenAt == null), t => t.AcceptedPostId, p => p.Id,
                (t, p) => new AcceptedRow(t.Id, t.CommunityId, t.Title, t.AuthorId, p.Id, p.AuthorId, t.AcceptedAt!.Value))
            .ToListAsync(ct);
        var revisions = (await db.WikiRevisions.AsNoTracking()
                .Where(r => r.CreatedAt >= from && r.CreatedAt < to && r.Page!.DeletedAt == null && involved.Contains(r.Page.CommunityId))
                .Select(r => new RevisionRow(r.PageId, r.Page!.CommunityId, r.Page.Slug, r.Page.Title, r.Page.IsLesson, r.Page.CreatedAt, r.AuthorId, r.CreatedAt))
                .ToListAsync(ct))
            .ToLookup(r => r.CommunityId);
        var pilotIds = involved.Where(communities.ContainsKey).Select(c => communities[c].PilotId).ToList();
        var phases = (await db.PilotPhaseChanges.AsNoTracking()
                .Where(c => c.At >= from && c.At < to && pilotIds.Contains(c.PilotId))
                .Select(c => new PhaseRow(c.PilotId, c.To, c.ChangedById, c.At)).ToListAsync(ct))
            .ToLookup(c => c.PilotId);
        var evaluations = (await db.Evaluations.AsNoTracking()
                .Where(e => e.UpdatedAt >= from && e.UpdatedAt < to && pilotIds.Contains(e.PilotId))
                .Select(e => new EvaluationRow(e.PilotId, e.UpdatedById, e.UpdatedAt)).ToListAsync(ct))
            .ToLookup(e => e.PilotId);
        var questions = await db.KnowledgeQuestions.AsNoTracking()
            .Where(q => q.CreatedAt >= from && q.CreatedAt < to)
            .OrderBy(q => q.CreatedAt)
            .Select(q => new QuestionRow(q.Id, q.Text, q.AskedById, q.CreatedAt)).ToListAsync(ct);

        var digests = new List<Digest>(batch.Count);
        foreach (var r in batch)
        {
            var muted = mutes[r.UserId].ToHashSet();
            var followed = memberships[r.UserId].Where(c => !muted.Contains(c) && communities.ContainsKey(c)).ToHashSet();
            bool In(DateTimeOffset at) => at >= r.From && at < r.To;
            bool ByOthers(string? authorId) => authorId != r.UserId;
            // A followed thread is readable where the user is a member, or where anyone reads (Open); never from a muted community.
            bool Readable(int communityId) => followed.Contains(communityId)
                || (!muted.Contains(communityId) && communities.TryGetValue(communityId, out var c) && c.Visibility == CommunityVisibility.Open);

            var items = new Dictionary<int, List<DigestItem>>();
            List<DigestItem> Section(int communityId) => items.TryGetValue(communityId, out var list) ? list : items[communityId] = [];

            foreach (var c in followed)
            {
                var info = communities[c];
                var list = Section(c);
                // Newest first: when a busy community's section is cut at ItemsPerSection, the older ones go under "En nog N meer".
                foreach (var t in threads[c].Where(t => In(t.CreatedAt) && ByOthers(t.AuthorId)).OrderByDescending(t => t.CreatedAt))
                    list.Add(new DigestItem(t.Kind == ThreadKind.Question ? DigestItemKind.NewQuestion : DigestItemKind.NewDiscussion, t.Title,
                        DiscussionUrls.Thread(info.Slug, t.Id, t.Title)));
                foreach (var t in threads[c].Where(t => t.Kind == ThreadKind.Question && t.ReplyCount == 0 && t.AcceptedPostId == null
                             && t.CreatedAt < r.From && t.CreatedAt >= r.To - UnansweredWindow && ByOthers(t.AuthorId))
                             .OrderByDescending(t => t.CreatedAt).Take(UnansweredPerCommunity))
                    list.Add(new DigestItem(DigestItemKind.Unanswered, t.Title, DiscussionUrls.Thread(info.Slug, t.Id, t.Title)));
                foreach (var page in revisions[c].Where(x => In(x.At)).GroupBy(x => x.PageId))
                {
                    if (!page.Any(x => ByOthers(x.AuthorId))) continue;
                    var p = page.First();
                    var isNew = In(p.PageCreatedAt);
                    var kind = p.IsLesson ? (isNew ? DigestItemKind.NewLesson : DigestItemKind.ChangedLesson) : (isNew ? DigestItemKind.NewWikiPage : DigestItemKind.ChangedWikiPage);
                    list.Add(new DigestItem(kind, p.Title, $"/pilots/{info.Slug}/wiki/{p.Slug}"));
                }
                if (phases[info.PilotId].Where(x => In(x.At) && ByOthers(x.ChangedById)).MaxBy(x => x.At) is { } phase)
                    list.Add(new DigestItem(DigestItemKind.PhaseChange, info.Title, $"/pilots/{info.Slug}", Phase: phase.To));
                if (evaluations[info.PilotId].Any(x => In(x.UpdatedAt) && ByOthers(x.UpdatedById)))
                    list.Add(new DigestItem(DigestItemKind.Evaluation, info.Title, $"/pilots/{info.Slug}/evaluatie"));
            }

            var mine = follows[r.UserId].ToHashSet();
            foreach (var a in accepted.Where(a => In(a.AcceptedAt) && ByOthers(a.ThreadAuthorId) && ByOthers(a.PostAuthorId)
                         && (followed.Contains(a.CommunityId) || (mine.Contains(a.ThreadId) && Readable(a.CommunityId)))))
                Section(a.CommunityId).Add(new DigestItem(DigestItemKind.AcceptedAnswer, a.Title, DiscussionUrls.Post(communities[a.CommunityId].Slug, a.ThreadId, a.Title, a.PostId)));
            // New answers on questions I asked or follow: starting a thread follows it, and unfollowing it ends this too.
            foreach (var threadId in mine)
            {
                var replies = posts[threadId].Where(p => In(p.CreatedAt) && ByOthers(p.AuthorId)).OrderBy(p => p.CreatedAt).ToList();
                if (replies.Count == 0 || !Readable(replies[0].CommunityId)) continue;
                var first = replies[0];
                Section(first.CommunityId).Add(new DigestItem(DigestItemKind.NewAnswers, first.Title,
                    DiscussionUrls.Post(communities[first.CommunityId].Slug, threadId, first.Title, first.Id), replies.Count, IsQuestion: first.Kind == ThreadKind.Question));
            }

            var sections = items.Where(kv => kv.Value.Count > 0)
                .Select(kv => BuildSection(communities[kv.Key], kv.Value))
                .OrderBy(s => s.PilotTitle, StringComparer.Ordinal).ToList();
            var knowledgeRows = questions.Where(q => In(q.CreatedAt) && ByOthers(q.AskedById)).ToList();
            var knowledge = knowledgeRows.Take(KnowledgeQuestionsShown)
                .Select(q => new DigestItem(DigestItemKind.KnowledgeQuestion, q.Text, $"/kennisvragen/{q.Id}")).ToList();
            if (knowledgeRows.Count > KnowledgeQuestionsShown)
                knowledge.Add(new DigestItem(DigestItemKind.More, "", "/kennisvragen", knowledgeRows.Count - KnowledgeQuestionsShown));
            digests.Add(new Digest(r, sections, knowledge));
        }
        return digests;
    }

    private static DigestSection BuildSection(CommunityInfo c, List<DigestItem> all)
    {
        var ordered = all.OrderBy(i => i.Kind).ToList();
        var questions = all.Count(i => i.Kind == DigestItemKind.NewQuestion);
        if (ordered.Count <= ItemsPerSection) return new DigestSection(c.Id, c.Slug, c.Title, ordered, questions, all.Count);
        var shown = ordered.Take(ItemsPerSection).ToList();
        shown.Add(new DigestItem(DigestItemKind.More, c.Title, DiscussionUrls.List(c.Slug), ordered.Count - ItemsPerSection));
        return new DigestSection(c.Id, c.Slug, c.Title, shown, questions, all.Count);
    }
}
