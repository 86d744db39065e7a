namespace Community.Core.Search;

/// <summary>What a search hit is, as a reader names it (vraag, discussie, les, ...).</summary>
public enum SearchDocumentType
{
    Pilot,
    Question,
    Discussion,
    Answer,
    WikiPage,
    Lesson,
    Evaluation,
    KnowledgeQuestion,
    Meeting,
    Chat,
}

/// <summary>
/// One unit of pilot knowledge as the index holds it. Built from the database by
/// <c>SearchDocuments</c> whenever the outbox says the source changed, so it is always a
/// projection, never the truth.
/// </summary>
/// <param name="Key">Unique across types and stable for the source row, e.g. "post:42", "wiki:7".</param>
/// <param name="Body">Plain text (Markdown already reduced to text); snippets are cut from it.</param>
/// <param name="CommunityId">The learning community whose members may read it; null for platform-wide content such as a pilot page.</param>
/// <param name="Public">True when anyone, signed in or not, may read it (an Open community, or no community).</param>
/// <param name="Boost">Weight of the whole document: accepted answers and lessons above 1, chat below 1.</param>
public sealed record SearchDocument(
    string Key,
    SearchDocumentType Type,
    string Title,
    string Body,
    IReadOnlyList<string> Tags,
    string Url,
    int? PilotId,
    string? PilotTitle,
    IReadOnlyList<string> Municipalities,
    IReadOnlyList<string> Themes,
    int? CommunityId,
    bool Public,
    DateTimeOffset Updated,
    float Boost = 1f);

/// <summary>Who is searching: the index restricts the query itself to what this reader may see.</summary>
public sealed record SearchViewer(bool IsAdmin, IReadOnlySet<int> MemberOfCommunityIds)
{
    public static readonly SearchViewer Anonymous = new(false, new HashSet<int>());
}

public enum SearchSort
{
    Relevance,
    Newest,
}

public sealed record SearchRequest(string Query, SearchViewer Viewer)
{
    public IReadOnlyList<SearchDocumentType> Types { get; init; } = [];
    public IReadOnlyList<int> PilotIds { get; init; } = [];
    public IReadOnlyList<string> Municipalities { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public DateTimeOffset? UpdatedFrom { get; init; }
    public DateTimeOffset? UpdatedTo { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
    /// <summary>Groups of words that mean the same (admin-edited), applied at query time.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Synonyms { get; init; } = [];
    /// <summary>False skips counting facets (the API and search-as-you-type need none); <see cref="SearchResult.Facets"/> is then empty.</summary>
    public bool IncludeFacets { get; init; } = true;
}

/// <param name="SnippetHtml">HTML-encoded text with the matched words in &lt;mark&gt;; safe to write raw.</param>
public sealed record SearchHit(
    string Key,
    SearchDocumentType Type,
    string Title,
    string Url,
    string SnippetHtml,
    int? PilotId,
    string? PilotTitle,
    IReadOnlyList<string> Municipalities,
    DateTimeOffset Updated);

public sealed record FacetCount(string Value, int Count);

/// <param name="Facets">Counts per facet name ("type", "pilot", "municipality", "theme"), over what the viewer may see and
/// the request's filters, highest count first. Values: the <see cref="SearchDocumentType"/> name, the pilot id as text,
/// the municipality and theme as given in <see cref="SearchDocument"/>.</param>
/// <param name="Suggestions">When nothing was found: other queries worth trying (spelling, fewer words).</param>
public sealed record SearchResult(
    int Total,
    TimeSpan Took,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    IReadOnlyList<string> Suggestions);

public sealed record TitleSuggestion(string Title, string Url, SearchDocumentType Type);

/// <summary>
/// The full-text index on local disk (App_Data/search). One per web node; every node follows the
/// database outbox by sequence number and applies the changes itself.
/// </summary>
public interface ISearchIndex
{
    /// <summary>The highest outbox sequence number whose change this index holds (kept in the index's own commit data, so it survives restarts with the index).</summary>
    long AppliedSequence { get; }

    /// <summary>Adds or replaces <paramref name="upserts"/>, removes <paramref name="deleteKeys"/>, and records <paramref name="throughSequence"/>, in one index commit.</summary>
    Task ApplyAsync(IReadOnlyList<SearchDocument> upserts, IReadOnlyList<string> deleteKeys, long throughSequence, CancellationToken cancellationToken = default);

    /// <summary>Never throws for any user input: a query that means nothing finds nothing.</summary>
    SearchResult Search(SearchRequest request);

    IReadOnlyList<TitleSuggestion> SuggestTitles(string prefix, SearchViewer viewer, int max = 8);

    /// <summary>Builds a complete new index beside the serving one and swaps it in when done; searches keep using the old index until then.</summary>
    Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, long throughSequence, IProgress<long>? progress = null, CancellationToken cancellationToken = default);
}
