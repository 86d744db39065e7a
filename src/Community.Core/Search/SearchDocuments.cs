using System.Runtime.CompilerServices;
using Community.Core.Chat;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Discussions;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Search;

/// <summary>The outcome of projecting keys: documents to add or replace, and keys whose source is gone, hidden or deleted.</summary>
public sealed record SearchProjection(IReadOnlyList<SearchDocument> Upserts, IReadOnlyList<string> Deletes);

/// <summary>
/// Builds index documents from the database: for the keys the outbox names (loaded per kind in batches, never a query per key),
/// or for everything (a rebuild). What a reader may not see on the site (hidden, deleted) becomes a delete.
/// </summary>
public sealed class SearchDocuments(CommunityDbContext db)
{
    private const int Batch = 500;
    public const float AcceptedAnswerBoost = 2f;
    public const float LessonBoost = 1.5f;
    public const float ChatBoost = 0.5f;

    private sealed record PilotInfo(int Id, string Slug, string Title, int? CommunityId, bool Open, List<string> Municipalities, List<string> Themes);

    /// <summary>Expands the keys that stand for many documents ("community:3") into document keys.</summary>
    public async Task<IReadOnlyCollection<string>> ExpandAsync(IEnumerable<string> keys, CancellationToken ct = default)
    {
        var result = new HashSet<string>();
        var communities = new HashSet<int>();
        var threads = new HashSet<int>();
        var pilots = new HashSet<int>();
        foreach (var key in keys)
        {
            if (!SearchKeys.TryParse(key, out var kind, out var id)) continue;
            switch (kind)
            {
                case "pilotall": pilots.Add((int)id); break;
                case "community": communities.Add((int)id); break;
                case "threadall": threads.Add((int)id); break;
                default: result.Add(key); break;
            }
        }
        foreach (var chunk in pilots.Chunk(Batch))
        {
            foreach (var p in chunk) result.Add(SearchKeys.Pilot(p));
            result.UnionWith((await db.Evaluations.Where(e => chunk.Contains(e.PilotId)).Select(e => e.Id).ToListAsync(ct)).Select(SearchKeys.Evaluation));
            result.UnionWith((await db.KnowledgeQuestions
                .Where(q => (q.SourcePilotId != null && chunk.Contains(q.SourcePilotId.Value)) || (q.TakenUpByPilotId != null && chunk.Contains(q.TakenUpByPilotId.Value)))
                .Select(q => q.Id).ToListAsync(ct)).Select(SearchKeys.KnowledgeQuestion));
            communities.UnionWith(await db.Communities.Where(c => chunk.Contains(c.PilotId)).Select(c => c.Id).ToListAsync(ct));
        }
        foreach (var chunk in communities.Chunk(Batch))
        {
            result.UnionWith((await db.Threads.Where(t => chunk.Contains(t.CommunityId)).Select(t => t.Id).ToListAsync(ct)).Select(SearchKeys.Thread));
            result.UnionWith((await db.Posts.Where(p => !p.IsOpening && chunk.Contains(p.Thread!.CommunityId)).Select(p => p.Id).ToListAsync(ct)).Select(SearchKeys.Post));
            result.UnionWith((await db.WikiPages.Where(w => chunk.Contains(w.CommunityId)).Select(w => w.Id).ToListAsync(ct)).Select(SearchKeys.Wiki));
            result.UnionWith((await db.ChatMessages.Where(m => chunk.Contains(m.CommunityId)).Select(m => m.Id).ToListAsync(ct)).Select(SearchKeys.Chat));
        }
        foreach (var chunk in threads.Chunk(Batch))
        {
            foreach (var t in chunk) result.Add(SearchKeys.Thread(t));
            result.UnionWith((await db.Posts.Where(p => !p.IsOpening && chunk.Contains(p.ThreadId)).Select(p => p.Id).ToListAsync(ct)).Select(SearchKeys.Post));
        }
        return result;
    }

    /// <summary>Projects document keys (already expanded); a key this class does not know is reported as deleted.</summary>
    public async Task<SearchProjection> ProjectAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        var ids = keys.Select(k => SearchKeys.TryParse(k, out var kind, out var id) ? (kind, id) : ("", 0L)).ToLookup(x => x.Item1, x => x.Item2);
        var upserts = new List<SearchDocument>();
        var pilots = new Dictionary<int, PilotInfo>();
        foreach (var chunk in ids["pilot"].Select(i => (int)i).Chunk(Batch)) upserts.AddRange(await PilotsAsync(chunk, pilots, ct));
        foreach (var chunk in ids["thread"].Select(i => (int)i).Chunk(Batch)) upserts.AddRange(await ThreadsAsync(chunk, pilots, ct));
        foreach (var chunk in ids["post"].Select(i => (int)i).Chunk(Batch)) upserts.AddRange(await AnswersAsync(chunk, pilots, ct));
        foreach (var chunk in ids["wiki"].Select(i => (int)i).Chunk(Batch)) upserts.AddRange(await WikiAsync(chunk, pilots, ct));
        foreach (var chunk in ids["evaluation"].Select(i => (int)i).Chunk(Batch)) upserts.AddRange(await EvaluationsAsync(chunk, pilots, ct));
        foreach (var chunk in ids["kq"].Select(i => (int)i).Chunk(Batch)) upserts.AddRange(await QuestionsAsync(chunk, pilots, ct));
        foreach (var chunk in ids["chat"].Chunk(Batch)) upserts.AddRange(await ChatAsync(chunk, pilots, ct));
        var found = upserts.Select(u => u.Key).ToHashSet();
        return new SearchProjection(upserts, keys.Where(k => !found.Contains(k)).Distinct().ToList());
    }

    /// <summary>Every document, kind by kind in id order, for a rebuild.</summary>
    public async IAsyncEnumerable<SearchDocument> AllAsync(IProgress<(SearchDocumentType Type, int Count)>? counted = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var sources = new (string Kind, Func<long, Task<List<long>>> NextIds)[]
        {
            ("pilot", after => db.Pilots.Where(p => p.Id > after).OrderBy(p => p.Id).Select(p => (long)p.Id).Take(Batch).ToListAsync(ct)),
            ("evaluation", after => db.Evaluations.Where(e => e.Id > after).OrderBy(e => e.Id).Select(e => (long)e.Id).Take(Batch).ToListAsync(ct)),
            ("kq", after => db.KnowledgeQuestions.Where(q => q.Id > after).OrderBy(q => q.Id).Select(q => (long)q.Id).Take(Batch).ToListAsync(ct)),
            ("thread", after => db.Threads.Where(t => t.Id > after && !t.IsHidden).OrderBy(t => t.Id).Select(t => (long)t.Id).Take(Batch).ToListAsync(ct)),
            ("post", after => db.Posts.Where(p => p.Id > after && !p.IsOpening && p.DeletedAt == null && p.HiddenAt == null).OrderBy(p => p.Id).Select(p => (long)p.Id).Take(Batch).ToListAsync(ct)),
            ("wiki", after => db.WikiPages.Where(w => w.Id > after && w.DeletedAt == null).OrderBy(w => w.Id).Select(w => (long)w.Id).Take(Batch).ToListAsync(ct)),
            ("chat", after => db.ChatMessages.Where(m => m.Id > after && m.DeletedAt == null).OrderBy(m => m.Id).Select(m => m.Id).Take(Batch).ToListAsync(ct)),
        };
        foreach (var (kind, nextIds) in sources)
        {
            var after = 0L;
            while (true)
            {
                var page = await nextIds(after);
                if (page.Count == 0) break;
                after = page[^1];
                var projection = await ProjectAsync(page.Select(id => $"{kind}:{id}").ToList(), ct);
                // Each page is a fresh read: the tracker would otherwise hold every row of the database by the end.
                db.ChangeTracker.Clear();
                foreach (var document in projection.Upserts)
                {
                    counted?.Report((document.Type, 1));
                    yield return document;
                }
            }
        }
    }

    private async Task<Dictionary<int, PilotInfo>> PilotInfosAsync(IEnumerable<int> pilotIds, Dictionary<int, PilotInfo> cache, CancellationToken ct)
    {
        var missing = pilotIds.Where(id => !cache.ContainsKey(id)).Distinct().ToList();
        foreach (var chunk in missing.Chunk(Batch))
        {
            var rows = await db.Pilots.AsNoTracking().Where(p => chunk.Contains(p.Id))
                .Select(p => new
                {
                    p.Id, p.Slug, p.Title, CommunityId = (int?)p.Community!.Id, Open = p.Community.Visibility == CommunityVisibility.Open,
                    Municipalities = p.Municipalities.OrderBy(m => m.Name).Select(m => m.Name).ToList(),
                    Themes = p.Themes.OrderBy(t => t.Name).Select(t => t.Name).ToList(),
                })
                .AsSplitQuery().ToListAsync(ct);
            foreach (var r in rows) cache[r.Id] = new PilotInfo(r.Id, r.Slug, r.Title, r.CommunityId, r.Open, r.Municipalities, r.Themes);
        }
        return cache;
    }

    private async Task<Dictionary<int, PilotInfo>> CommunityPilotsAsync(IEnumerable<int> communityIds, Dictionary<int, PilotInfo> cache, CancellationToken ct)
    {
        var ids = communityIds.Distinct().ToList();
        var pilotIds = await db.Communities.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.PilotId }).ToListAsync(ct);
        await PilotInfosAsync(pilotIds.Select(p => p.PilotId), cache, ct);
        return pilotIds.Where(p => cache.ContainsKey(p.PilotId)).ToDictionary(p => p.Id, p => cache[p.PilotId]);
    }

    private static string Join(params string?[] parts) => string.Join("\n\n", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private async Task<List<SearchDocument>> PilotsAsync(int[] ids, Dictionary<int, PilotInfo> cache, CancellationToken ct)
    {
        await PilotInfosAsync(ids, cache, ct);
        var rows = await db.Pilots.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id, p.Summary, p.KnowledgeQuestion, p.Programme, p.LearningGoals, p.UpdatedAt,
                Updates = p.ProgressUpdates.OrderBy(u => u.Date).Select(u => u.Title + "\n" + u.Body).ToList(),
            }).AsSplitQuery().ToListAsync(ct);
        return rows.Where(r => cache.ContainsKey(r.Id)).Select(r =>
        {
            var pilot = cache[r.Id];
            var body = Join(r.Summary, r.KnowledgeQuestion, r.Programme, r.LearningGoals, string.Join("\n\n", r.Updates.Select(Markdown.ToPlainText)));
            return new SearchDocument(SearchKeys.Pilot(r.Id), SearchDocumentType.Pilot, pilot.Title, Markdown.ToPlainText(body), [], $"/pilots/{pilot.Slug}",
                pilot.Id, pilot.Title, pilot.Municipalities, pilot.Themes, null, true, r.UpdatedAt);
        }).ToList();
    }

    private async Task<List<SearchDocument>> ThreadsAsync(int[] ids, Dictionary<int, PilotInfo> cache, CancellationToken ct)
    {
        var rows = await db.Threads.AsNoTracking().Where(t => ids.Contains(t.Id) && !t.IsHidden)
            .Select(t => new
            {
                t.Id, t.CommunityId, t.Kind, t.Title, t.CreatedAt,
                Opening = t.Posts.Where(p => p.IsOpening).Select(p => new { p.Body, p.EditedAt, p.DeletedAt, p.HiddenAt }).FirstOrDefault(),
                Tags = t.Tags.OrderBy(x => x.Name).Select(x => x.Name).ToList(),
            }).AsSplitQuery().ToListAsync(ct);
        var places = await CommunityPilotsAsync(rows.Select(r => r.CommunityId), cache, ct);
        return rows.Where(r => places.ContainsKey(r.CommunityId)).Select(r =>
        {
            var pilot = places[r.CommunityId];
            // A deleted opening text leaves the title readable on the site (with a placeholder), so the title stays findable.
            var body = r.Opening is { DeletedAt: null, HiddenAt: null } ? Markdown.ToPlainText(r.Opening.Body) : "";
            return new SearchDocument(SearchKeys.Thread(r.Id), r.Kind == ThreadKind.Question ? SearchDocumentType.Question : SearchDocumentType.Discussion,
                r.Title, body, r.Tags, DiscussionUrls.Thread(pilot.Slug, r.Id, r.Title), pilot.Id, pilot.Title, pilot.Municipalities, pilot.Themes,
                r.CommunityId, pilot.Open, r.Opening?.EditedAt ?? r.CreatedAt);
        }).ToList();
    }

    private async Task<List<SearchDocument>> AnswersAsync(int[] ids, Dictionary<int, PilotInfo> cache, CancellationToken ct)
    {
        var rows = await db.Posts.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && !p.IsOpening && p.DeletedAt == null && p.HiddenAt == null && !p.Thread!.IsHidden)
            .Select(p => new { p.Id, p.ThreadId, p.Body, p.CreatedAt, p.EditedAt, p.Thread!.Title, p.Thread.CommunityId, Accepted = p.Thread.AcceptedPostId == p.Id })
            .ToListAsync(ct);
        var places = await CommunityPilotsAsync(rows.Select(r => r.CommunityId), cache, ct);
        return rows.Where(r => places.ContainsKey(r.CommunityId)).Select(r =>
        {
            var pilot = places[r.CommunityId];
            return new SearchDocument(SearchKeys.Post(r.Id), SearchDocumentType.Answer, r.Title, Markdown.ToPlainText(r.Body), [],
                DiscussionUrls.Post(pilot.Slug, r.ThreadId, r.Title, r.Id), pilot.Id, pilot.Title, pilot.Municipalities, pilot.Themes,
                r.CommunityId, pilot.Open, r.EditedAt ?? r.CreatedAt, r.Accepted ? AcceptedAnswerBoost : 1f);
        }).ToList();
    }

    private async Task<List<SearchDocument>> WikiAsync(int[] ids, Dictionary<int, PilotInfo> cache, CancellationToken ct)
    {
        var rows = await db.WikiPages.AsNoTracking().Where(w => ids.Contains(w.Id) && w.DeletedAt == null)
            .Select(w => new
            {
                w.Id, w.CommunityId, w.Slug, w.Title, w.IsLesson, w.UpdatedAt, Theme = w.Theme == null ? null : w.Theme.Name,
                Body = w.Revisions.Where(r => r.Number == w.RevisionNumber).Select(r => r.Body).FirstOrDefault(),
                Tags = w.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList(),
            }).AsSplitQuery().ToListAsync(ct);
        var places = await CommunityPilotsAsync(rows.Select(r => r.CommunityId), cache, ct);
        return rows.Where(r => places.ContainsKey(r.CommunityId)).Select(r =>
        {
            var pilot = places[r.CommunityId];
            var themes = r.Theme is null || pilot.Themes.Contains(r.Theme) ? pilot.Themes : [.. pilot.Themes, r.Theme];
            return new SearchDocument(SearchKeys.Wiki(r.Id), r.IsLesson ? SearchDocumentType.Lesson : SearchDocumentType.WikiPage, r.Title,
                Markdown.ToPlainText(r.Body), r.Tags, $"/pilots/{pilot.Slug}/wiki/{r.Slug}", pilot.Id, pilot.Title, pilot.Municipalities, themes,
                r.CommunityId, pilot.Open, r.UpdatedAt, r.IsLesson ? LessonBoost : 1f);
        }).ToList();
    }

    private async Task<List<SearchDocument>> EvaluationsAsync(int[] ids, Dictionary<int, PilotInfo> cache, CancellationToken ct)
    {
        var rows = await db.Evaluations.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.PilotId, e.Conclusions, e.LearningPoints, e.ImprovementPoints, e.NewKnowledgeQuestions, e.UpdatedAt }).ToListAsync(ct);
        await PilotInfosAsync(rows.Select(r => r.PilotId), cache, ct);
        // Evaluations are public, whatever the community: they are written to be found by the next pilot.
        return rows.Where(r => cache.ContainsKey(r.PilotId)).Select(r =>
        {
            var pilot = cache[r.PilotId];
            var body = Join(Markdown.ToPlainText(r.Conclusions), Markdown.ToPlainText(r.LearningPoints), Markdown.ToPlainText(r.ImprovementPoints), r.NewKnowledgeQuestions);
            return new SearchDocument(SearchKeys.Evaluation(r.Id), SearchDocumentType.Evaluation, $"Evaluatie: {pilot.Title}", body, [],
                $"/pilots/{pilot.Slug}#evaluatie", pilot.Id, pilot.Title, pilot.Municipalities, pilot.Themes, null, true, r.UpdatedAt, LessonBoost);
        }).ToList();
    }

    private async Task<List<SearchDocument>> QuestionsAsync(int[] ids, Dictionary<int, PilotInfo> cache, CancellationToken ct)
    {
        var rows = await db.KnowledgeQuestions.AsNoTracking().Where(q => ids.Contains(q.Id))
            .Select(q => new { q.Id, q.Text, q.Explanation, q.CreatedAt, PilotId = q.TakenUpByPilotId ?? q.SourcePilotId }).ToListAsync(ct);
        await PilotInfosAsync(rows.Where(r => r.PilotId is not null).Select(r => r.PilotId!.Value), cache, ct);
        return rows.Select(r =>
        {
            var pilot = r.PilotId is { } id && cache.TryGetValue(id, out var p) ? p : null;
            return new SearchDocument(SearchKeys.KnowledgeQuestion(r.Id), SearchDocumentType.KnowledgeQuestion, r.Text, r.Explanation ?? "", [],
                $"/kennisvragen/{r.Id}", pilot?.Id, pilot?.Title, pilot?.Municipalities ?? [], pilot?.Themes ?? [], null, true, r.CreatedAt);
        }).ToList();
    }

    private async Task<List<SearchDocument>> ChatAsync(long[] ids, Dictionary<int, PilotInfo> cache, CancellationToken ct)
    {
        var rows = await db.ChatMessages.AsNoTracking().Where(m => ids.Contains(m.Id) && m.DeletedAt == null)
            .Select(m => new { m.Id, m.CommunityId, m.Body, m.CreatedAt, m.EditedAt }).ToListAsync(ct);
        var places = await CommunityPilotsAsync(rows.Select(r => r.CommunityId), cache, ct);
        // The chat is for members only, also in an Open community: never public.
        return rows.Where(r => places.ContainsKey(r.CommunityId)).Select(r =>
        {
            var pilot = places[r.CommunityId];
            var text = r.Body.ReplaceLineEndings(" ");
            var title = text.Length <= 80 ? text : text[..80].TrimEnd() + "…";
            return new SearchDocument(SearchKeys.Chat(r.Id), SearchDocumentType.Chat, title, r.Body, [],
                $"{ChatUrls.Chat(pilot.Slug)}?voor={r.Id + 1}#bericht-{r.Id}", pilot.Id, pilot.Title, pilot.Municipalities, pilot.Themes,
                r.CommunityId, false, r.EditedAt ?? r.CreatedAt, ChatBoost);
        }).ToList();
    }
}
