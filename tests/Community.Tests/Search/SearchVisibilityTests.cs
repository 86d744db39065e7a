using Community.Core.Search;

namespace Community.Tests.Search;

/// <summary>Visibility is part of the query: totals, facets, hits, suggestions and paging only ever count what the viewer may read.</summary>
public sealed class SearchVisibilityTests(CorpusIndexFixture corpus) : IClassFixture<CorpusIndexFixture>
{
    private static readonly SearchViewer Admin = new(true, new HashSet<int>());
    private static readonly SearchViewer SchuldhulpMember = new(false, new HashSet<int> { DutchCorpus.SchuldhulpCommunity });
    private static readonly SearchViewer JeugdzorgMember = new(false, new HashSet<int> { DutchCorpus.JeugdzorgCommunity, DutchCorpus.OpenCommunity });

    private const string Broad = "gemeente OR wijkteam OR schuldhulp OR jeugdzorg OR budgetcoach OR huisarts OR jongeren OR mantelzorg";

    private static int Visible(SearchViewer viewer, string query) =>
        DutchCorpus.Documents.Count(d => (d.Public || viewer.IsAdmin || (d.CommunityId is { } c && viewer.MemberOfCommunityIds.Contains(c)))
            && Matches(d, query));

    // The corpus is small enough to know by hand which documents hold these words.
    private static bool Matches(SearchDocument d, string query) => query switch
    {
        "budgetcoach" => (d.Title + " " + d.Body).Contains("budgetcoach", StringComparison.OrdinalIgnoreCase),
        _ => throw new ArgumentOutOfRangeException(nameof(query)),
    };

    [Fact]
    public void Anonymous_readers_find_only_public_documents()
    {
        var result = corpus.Index.Search(new SearchRequest(Broad, SearchViewer.Anonymous) { PageSize = 100 });
        Assert.NotEmpty(result.Hits);
        Assert.All(result.Hits, h => Assert.True(DutchCorpus.Get(h.Key).Public, h.Key));
        Assert.Equal(result.Hits.Count, result.Total);
        Assert.Equal(0, corpus.Index.Search(new SearchRequest("budgetcoach", SearchViewer.Anonymous)).Total);
        Assert.Empty(corpus.Index.Search(new SearchRequest("budgetcoach", SearchViewer.Anonymous)).Suggestions);
    }

    [Fact]
    public void Members_also_find_their_closed_community_and_not_another()
    {
        Assert.Equal(Visible(SchuldhulpMember, "budgetcoach"), corpus.Index.Search(new SearchRequest("budgetcoach", SchuldhulpMember)).Total);
        Assert.Equal(2, corpus.Index.Search(new SearchRequest("budgetcoach", SchuldhulpMember)).Total);
        Assert.Equal(0, corpus.Index.Search(new SearchRequest("budgetcoach", JeugdzorgMember)).Total);
        var jeugd = corpus.Index.Search(new SearchRequest(Broad, JeugdzorgMember) { PageSize = 100 });
        Assert.All(jeugd.Hits, h => Assert.True(DutchCorpus.Get(h.Key) is { Public: true } or { CommunityId: DutchCorpus.JeugdzorgCommunity }, h.Key));
        Assert.Contains(jeugd.Hits, h => h.Key == "wiki:42");
    }

    [Fact]
    public void Admins_find_everything()
    {
        var result = corpus.Index.Search(new SearchRequest("budgetcoach", Admin));
        Assert.Equal(2, result.Total);
    }

    [Fact]
    public void Totals_and_facet_counts_are_over_what_the_viewer_may_read()
    {
        foreach (var viewer in new[] { SearchViewer.Anonymous, SchuldhulpMember, JeugdzorgMember, Admin })
        {
            var result = corpus.Index.Search(new SearchRequest(Broad, viewer) { PageSize = 100 });
            var visible = result.Hits.Select(h => DutchCorpus.Get(h.Key)).ToList();
            Assert.Equal(result.Total, visible.Count);
            Assert.Equal(Counts(visible.Select(d => d.Type.ToString())), Counts(result.Facets["type"]));
            Assert.Equal(Counts(visible.Where(d => d.PilotId is not null).Select(d => d.PilotId!.Value.ToString())), Counts(result.Facets["pilot"]));
            Assert.Equal(Counts(visible.SelectMany(d => d.Municipalities)), Counts(result.Facets["municipality"]));
            Assert.Equal(Counts(visible.SelectMany(d => d.Themes)), Counts(result.Facets["theme"]));
        }
        var anonymous = corpus.Index.Search(new SearchRequest(Broad, SearchViewer.Anonymous));
        Assert.DoesNotContain(anonymous.Facets["municipality"], f => f.Value == "Doetinchem" && f.Count > 1);
    }

    [Fact]
    public void Paging_counts_the_visible_hits_only()
    {
        var first = corpus.Index.Search(new SearchRequest(Broad, SearchViewer.Anonymous) { PageSize = 5 });
        var last = corpus.Index.Search(new SearchRequest(Broad, SearchViewer.Anonymous) { PageSize = 5, Page = (first.Total + 4) / 5 });
        Assert.InRange(last.Hits.Count, 1, 5);
        Assert.All(last.Hits, h => Assert.True(DutchCorpus.Get(h.Key).Public));
    }

    [Fact]
    public void Title_suggestions_respect_visibility()
    {
        Assert.Empty(corpus.Index.SuggestTitles("beschermingsbew", SearchViewer.Anonymous));
        Assert.Empty(corpus.Index.SuggestTitles("beschermingsbew", JeugdzorgMember));
        Assert.Single(corpus.Index.SuggestTitles("beschermingsbew", SchuldhulpMember));
    }

    private static Dictionary<string, int> Counts(IEnumerable<string> values) =>
        values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());

    private static Dictionary<string, int> Counts(IEnumerable<FacetCount> facets) =>
        facets.ToDictionary(f => f.Value, f => f.Count);
}
