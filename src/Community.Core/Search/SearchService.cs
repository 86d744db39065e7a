using System.Globalization;
using System.Text.RegularExpressions;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Search;

/// <summary>What a visitor asked for, as it came in (query string or form); <see cref="SearchService"/> checks it.</summary>
public sealed record SearchInput
{
    public string? Q { get; init; }
    public IReadOnlyList<string> Types { get; init; } = [];
    public IReadOnlyList<string> Pilots { get; init; } = [];
    public IReadOnlyList<string> Municipalities { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = SearchRules.PageSize;
    public bool IncludeFacets { get; init; } = true;
}

public sealed record SearchPilot(int Id, string Slug, string Title);

public sealed record SearchOutcome(string Query, SearchResult Result, int Page, int PageCount, IReadOnlyDictionary<int, SearchPilot> Pilots)
{
    public static readonly SearchOutcome Empty = new("", new SearchResult(0, TimeSpan.Zero, [], new Dictionary<string, IReadOnlyList<FacetCount>>(), []), 1, 0,
        new Dictionary<int, SearchPilot>());
}

/// <summary>The reader's side of search: checks the input, builds who is searching from their memberships, adds the synonyms, logs misses.</summary>
public sealed partial class SearchService(CommunityDbContext db, ISearchIndex index, SearchSynonymCache synonyms, TimeProvider clock)
{
    /// <summary>The Dutch names in addresses and the API, one per type.</summary>
    public static readonly IReadOnlyDictionary<SearchDocumentType, string> TypeNames = new Dictionary<SearchDocumentType, string>
    {
        [SearchDocumentType.Pilot] = "pilot",
        [SearchDocumentType.Question] = "vraag",
        [SearchDocumentType.Discussion] = "discussie",
        [SearchDocumentType.Answer] = "antwoord",
        [SearchDocumentType.WikiPage] = "wikipagina",
        [SearchDocumentType.Lesson] = "les",
        [SearchDocumentType.Evaluation] = "evaluatie",
        [SearchDocumentType.KnowledgeQuestion] = "kennisvraag",
        [SearchDocumentType.Meeting] = "bijeenkomst",
        [SearchDocumentType.Chat] = "chat",
    };

    public static SearchDocumentType? ParseType(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        foreach (var (type, dutch) in TypeNames)
            if (string.Equals(dutch, name, StringComparison.OrdinalIgnoreCase)) return type;
        // Engines may name facet values by the enum; accept those too, but never a number.
        return Enum.TryParse<SearchDocumentType>(name, true, out var parsed) && !char.IsDigit(name[0]) && Enum.IsDefined(parsed) ? parsed : null;
    }

    public async Task<SearchViewer> ViewerAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) return SearchViewer.Anonymous;
        var communities = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == actor.UserId && m.Status == MembershipStatus.Active).Select(m => m.CommunityId).ToListAsync(ct);
        return new SearchViewer(actor.IsAdmin, communities.ToHashSet());
    }

    public async Task<SearchOutcome> SearchAsync(SearchInput input, Actor actor, CancellationToken ct = default)
    {
        var query = Clamp(input.Q);
        if (input.Page < 1 || input.Page > SearchRules.MaxPage)
            throw new RuleException("Kies een pagina van 1 tot en met {0}.", "pagina", SearchRules.MaxPage);
        var types = new List<SearchDocumentType>();
        foreach (var name in input.Types.Where(n => !string.IsNullOrWhiteSpace(n)))
            types.Add(ParseType(name) ?? throw new RuleException("Onbekend soort resultaat: {0}.", "type", Truncate(name, 40)));
        var pilotSlugs = input.Pilots.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct().Take(20).ToList();
        var pilotIds = await db.Pilots.AsNoTracking().Where(p => pilotSlugs.Contains(p.Slug)).Select(p => p.Id).ToListAsync(ct);
        if (pilotIds.Count < pilotSlugs.Count) throw new RuleException("Die pilot bestaat niet.", "pilot");
        var from = ParseDate(input.From, "van");
        var to = ParseDate(input.To, "tot");
        if (from is not null && to is not null && from > to) throw new RuleException("De begindatum ligt na de einddatum.", "van");
        var sort = input.Sort?.Trim().ToLowerInvariant() switch
        {
            null or "" or "relevantie" => SearchSort.Relevance,
            "datum" or "nieuwste" => SearchSort.Newest,
            _ => throw new RuleException("Sorteer op relevantie of datum.", "sorteer"),
        };
        var municipalities = input.Municipalities.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => Truncate(m.Trim(), 100)).Take(20).ToList();
        var themes = input.Themes.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => Truncate(m.Trim(), 100)).Take(20).ToList();
        // Filters without words browse what matches them, newest first (the index does that); nothing at all is no search.
        if (query.Length == 0 && types.Count + pilotIds.Count + municipalities.Count + themes.Count == 0 && from is null && to is null)
            return SearchOutcome.Empty;

        var request = new SearchRequest(query, await ViewerAsync(actor, ct))
        {
            Types = types,
            PilotIds = pilotIds,
            Municipalities = municipalities,
            Themes = themes,
            UpdatedFrom = from is null ? null : new DateTimeOffset(from.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            UpdatedTo = to is null ? null : new DateTimeOffset(to.Value.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero),
            Sort = sort,
            Page = input.Page,
            PageSize = Math.Clamp(input.PageSize, 1, 50),
            Synonyms = await synonyms.GroupsAsync(db, ct),
            IncludeFacets = input.IncludeFacets,
        };
        var result = index.Search(request);
        if (result.Total == 0 && query.Length > 0 && input.Page == 1) await LogMissAsync(query, ct);
        var ids = result.Hits.Where(h => h.PilotId is not null).Select(h => h.PilotId!.Value)
            .Concat(result.Facets.GetValueOrDefault("pilot", []).Select(f => int.TryParse(f.Value, CultureInfo.InvariantCulture, out var id) ? id : 0))
            .Concat(pilotIds).Where(id => id > 0).Distinct().ToList();
        var pilots = await db.Pilots.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new SearchPilot(p.Id, p.Slug, p.Title)).ToDictionaryAsync(p => p.Id, ct);
        var pageCount = (int)Math.Ceiling(result.Total / (double)request.PageSize);
        return new SearchOutcome(query, result, input.Page, Math.Min(pageCount, SearchRules.MaxPage), pilots);
    }

    public async Task<IReadOnlyList<TitleSuggestion>> SuggestAsync(string? prefix, Actor actor, CancellationToken ct = default)
    {
        var text = Clamp(prefix);
        if (text.Length < 2) return [];
        return index.SuggestTitles(Truncate(text, 100), await ViewerAsync(actor, ct), 8);
    }

    /// <summary>Cut to a length the index handles well; control characters out.</summary>
    public static string Clamp(string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return "";
        var clean = new string(query.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray()).Trim();
        return Truncate(clean, SearchRules.QueryMaxLength);
    }

    /// <summary>Lower case, single spaces: "Jeugdzorg  Aalten" and "jeugdzorg aalten" are one miss.</summary>
    public static string Normalize(string query) => Truncate(Whitespace().Replace(query.Trim().ToLowerInvariant(), " "), SearchRules.LoggedQueryMaxLength);

    private async Task LogMissAsync(string query, CancellationToken ct)
    {
        var text = Normalize(query);
        var now = clock.GetUtcNow();
        // Counted by one UPDATE, so searches at the same moment all count; the first of a kind inserts, and a racing first retries the update.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await db.SearchMisses.Where(m => m.Query == text).ExecuteUpdateAsync(s => s.SetProperty(m => m.Count, m => m.Count + 1).SetProperty(m => m.LastSeenAt, now), ct) > 0)
                return;
            var miss = db.SearchMisses.Add(new SearchMiss { Query = text, Count = 1, FirstSeenAt = now, LastSeenAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException)
            {
                miss.State = EntityState.Detached;
            }
        }
    }

    private static DateOnly? ParseDate(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        throw new RuleException("Geef een datum als jjjj-mm-dd.", field);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
