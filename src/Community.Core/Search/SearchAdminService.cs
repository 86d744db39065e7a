using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Data;
using Community.Core.KnowledgeQuestions;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Search;

public sealed record SynonymView(int Id, string Terms, IReadOnlyList<string> Words);

public sealed record SearchMissView(int Id, string Query, int Count, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

/// <summary>
/// The synonym list, read at query time. Cached per process; an edit here clears this node's cache at once, other nodes
/// pick it up within <see cref="MaxAge"/>.
/// </summary>
public sealed class SearchSynonymCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private volatile Entry? _entry;

    private sealed record Entry(IReadOnlyList<IReadOnlyList<string>> Groups, DateTimeOffset At);

    public async Task<IReadOnlyList<IReadOnlyList<string>>> GroupsAsync(CommunityDbContext db, CancellationToken ct)
    {
        var entry = _entry;
        if (entry is not null && clock.GetUtcNow() - entry.At < MaxAge) return entry.Groups;
        var rows = await db.SearchSynonyms.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Terms).ToListAsync(ct);
        var groups = rows.Select(SearchAdminService.Words).Where(g => g.Count > 1).ToList<IReadOnlyList<string>>();
        _entry = new Entry(groups, clock.GetUtcNow());
        return groups;
    }

    public void Invalidate() => _entry = null;
}

/// <summary>Platform admins: the synonym list, and the searches that found nothing, each of which can become a knowledge question.</summary>
public sealed class SearchAdminService(CommunityDbContext db, SearchSynonymCache cache, KnowledgeQuestionService questions, TimeProvider clock)
{
    public static IReadOnlyList<string> Words(string terms) =>
        terms.Split(['=', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => string.Join(' ', w.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Where(w => w.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public async Task<IReadOnlyList<SynonymView>> SynonymsAsync(Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var rows = await db.SearchSynonyms.AsNoTracking().OrderBy(s => s.Terms).ToListAsync(ct);
        return rows.Select(s => new SynonymView(s.Id, s.Terms, Words(s.Terms))).ToList();
    }

    public async Task SaveSynonymAsync(int? id, string? terms, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var words = Words(terms ?? "");
        if (words.Count < 2) throw new RuleException("Geef minstens twee woorden of termen, gescheiden door =.", "Terms");
        var text = string.Join(" = ", words);
        if (text.Length > SearchRules.SynonymMaxLength) throw new RuleException("Een groep synoniemen is maximaal {0} tekens.", "Terms", SearchRules.SynonymMaxLength);
        var row = id is null ? db.SearchSynonyms.Add(new SearchSynonym()).Entity
            : await db.SearchSynonyms.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("synonym");
        row.Terms = text;
        row.UpdatedAt = clock.GetUtcNow();
        AuditLog.Record(db, clock, actor, "search.synonym", $"synonym:{id}", text);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
    }

    public async Task DeleteSynonymAsync(int id, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var row = await db.SearchSynonyms.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("synonym");
        db.SearchSynonyms.Remove(row);
        AuditLog.Record(db, clock, actor, "search.synonym-delete", $"synonym:{id}", row.Terms);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
    }

    /// <summary>The most frequent searches without results that no knowledge question was made of yet.</summary>
    public async Task<IReadOnlyList<SearchMissView>> MissesAsync(Actor actor, int max = 50, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        return await db.SearchMisses.AsNoTracking().Where(m => m.KnowledgeQuestionId == null)
            .OrderByDescending(m => m.Count).ThenByDescending(m => m.LastSeenAt).Take(max)
            .Select(m => new SearchMissView(m.Id, m.Query, m.Count, m.FirstSeenAt, m.LastSeenAt)).ToListAsync(ct);
    }

    /// <summary>Turns a search nobody found an answer to into a knowledge question on the platform-wide list.</summary>
    public async Task<int> MakeKnowledgeQuestionAsync(int missId, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var miss = await db.SearchMisses.FirstOrDefaultAsync(m => m.Id == missId, ct) ?? throw new NotFoundException("search miss");
        if (miss.KnowledgeQuestionId is { } existing) return existing;
        var text = char.ToUpperInvariant(miss.Query[0]) + miss.Query[1..];
        if (!text.EndsWith('?')) text += "?";
        var id = await questions.AskAsync(new KnowledgeQuestionInput(text, $"Op het platform is {miss.Count} keer gezocht op \"{miss.Query}\" zonder resultaat."), actor, ct);
        miss.KnowledgeQuestionId = id;
        await db.SaveChangesAsync(ct);
        return id;
    }

    private static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin) throw new ForbiddenException("Only platform admins manage search.");
    }
}
