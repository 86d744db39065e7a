using Community.Core.Search;

namespace Community.Tests.Search;

/// <summary>What a reader types and what they get, over the fixed corpus (as admin unless visibility is the point).</summary>
public sealed class SearchQueryTests(CorpusIndexFixture corpus) : IClassFixture<CorpusIndexFixture>
{
    private static readonly SearchViewer Admin = new(true, new HashSet<int>());

    private List<string> Keys(string query, IReadOnlyList<IReadOnlyList<string>>? synonyms = null) =>
        [.. corpus.Index.Search(new SearchRequest(query, Admin) { Synonyms = synonyms ?? [], PageSize = 100 }).Hits.Select(h => h.Key)];

    [Theory]
    [InlineData("gemeenten", "thread:21")]
    [InlineData("gemeente", "thread:21")]
    [InlineData("wijkteams", "thread:21")]
    [InlineData("werken", "post:11")]
    [InlineData("werkt", "thread:21")]
    [InlineData("werkten", "thread:18")]
    [InlineData("cooperatie", "thread:15")]
    [InlineData("COÖPERATIE", "thread:15")]
    [InlineData("één aanspreekpunt", "wiki:13")]
    [InlineData("een aanspreekpunt", "wiki:13")]
    [InlineData("kind", "wiki:42")]
    public void Dutch_forms_case_and_diacritics_are_found(string query, string expected) =>
        Assert.Contains(expected, Keys(query));

    [Theory]
    [InlineData("jeugdzorg", "thread:40")]
    [InlineData("jeugdzorg", "post:41")]
    [InlineData("schuldhulp", "post:31")]
    [InlineData("schuldhulp", "wiki:32")]
    [InlineData("zorgaanbieder", "thread:40")]
    [InlineData("mantelzorg", "wiki:60")]
    [InlineData("tafelgesprek", "wiki:16")]
    public void Parts_of_compound_words_are_found(string query, string expected) =>
        Assert.Contains(expected, Keys(query));

    [Fact]
    public void All_words_must_match()
    {
        var keys = Keys("wijkteam privacy");
        Assert.Equal(["wiki:20"], keys);
    }

    [Fact]
    public void A_phrase_matches_the_words_in_order_only()
    {
        Assert.Equal(["chat:71", "post:70"], Keys("\"politie en de woningcorporatie\"").Order());
        Assert.Empty(Keys("\"woningcorporatie en de politie\""));
    }

    [Fact]
    public void An_excluded_word_removes_its_documents()
    {
        var all = Keys("huisarts");
        var without = Keys("huisarts -jeugd");
        Assert.Contains("wiki:20", without);
        Assert.DoesNotContain("wiki:42", without);
        Assert.Contains("wiki:42", all);
        Assert.Empty(Keys("\"praktijkondersteuner jeugd\" -\"praktijkondersteuner jeugd\""));
    }

    [Fact]
    public void Or_between_words_finds_either()
    {
        var either = Keys("respijtzorg OR bakfiets");
        Assert.Equal(["post:19", "thread:17"], either.Order());
        Assert.Empty(Keys("respijtzorg bakfiets"));
    }

    [Fact]
    public void A_prefix_finds_words_that_start_with_it()
    {
        Assert.Contains("thread:30", Keys("vroegsig*"));
        Assert.Contains("pilot:2", Keys("vroegsig*"));
        Assert.Contains("thread:40", Keys("jeugdzorgaanb*"));
    }

    [Fact]
    public void A_synonym_group_expands_a_word_and_a_multi_word_member()
    {
        IReadOnlyList<IReadOnlyList<string>> synonyms = [["Wmo", "Wet maatschappelijke ondersteuning"], ["jeugdzorg", "jeugdhulp"]];
        var wmo = Keys("wmo", synonyms);
        Assert.Contains("wiki:16", wmo);
        Assert.Contains("thread:17", wmo);
        Assert.DoesNotContain("thread:17", Keys("wmo"));
        var spelledOut = Keys("wet maatschappelijke ondersteuning", synonyms);
        Assert.Contains("wiki:16", spelledOut);
        Assert.Contains("thread:43", Keys("jeugdzorg", synonyms));
        Assert.DoesNotContain("thread:43", Keys("jeugdzorg"));
    }

    [Fact]
    public void A_word_in_the_title_ranks_above_the_same_word_in_a_body() =>
        Assert.Equal(["wiki:60", "wiki:61"], Keys("mantelzorgwaardering"));

    [Fact]
    public void An_accepted_answer_ranks_above_the_same_text_in_chat() =>
        Assert.Equal(["post:70", "chat:71"], Keys("signaleringsoverleg zorgmijders"));

    [Fact]
    public void Snippets_mark_the_matched_words_and_encode_the_document()
    {
        var hit = Assert.Single(corpus.Index.Search(new SearchRequest("juridisch", Admin)).Hits);
        Assert.Contains("<mark>juridisch</mark>", hit.SnippetHtml);
        Assert.Contains("&lt;script&gt;", hit.SnippetHtml);
        Assert.DoesNotContain("<script", hit.SnippetHtml);
        Assert.Contains("&amp; zo", hit.SnippetHtml);
    }

    [Fact]
    public void A_snippet_marks_a_compound_found_by_its_part()
    {
        var hit = corpus.Index.Search(new SearchRequest("jeugdzorg", Admin)).Hits.Single(h => h.Key == "thread:40");
        Assert.Contains("<mark>jeugdzorgaanbieders</mark>", hit.SnippetHtml);
    }

    [Fact]
    public void Sorting_by_date_puts_the_newest_first()
    {
        var hits = corpus.Index.Search(new SearchRequest("wijkteam", Admin) { Sort = SearchSort.Newest, PageSize = 50 }).Hits;
        Assert.True(hits.Count > 3);
        Assert.Equal(hits.Select(h => h.Updated).OrderDescending(), hits.Select(h => h.Updated));
    }

    [Fact]
    public void Pages_split_the_hits_without_overlap()
    {
        var all = corpus.Index.Search(new SearchRequest("wijkteam OR gemeente OR jeugd", Admin) { PageSize = 100 });
        var first = corpus.Index.Search(new SearchRequest("wijkteam OR gemeente OR jeugd", Admin) { PageSize = 3 });
        var second = corpus.Index.Search(new SearchRequest("wijkteam OR gemeente OR jeugd", Admin) { PageSize = 3, Page = 2 });
        Assert.Equal(all.Total, first.Total);
        Assert.Equal(all.Hits.Take(6).Select(h => h.Key), first.Hits.Concat(second.Hits).Select(h => h.Key));
    }

    [Fact]
    public void Filters_without_words_list_every_visible_match_newest_first()
    {
        var questions = DutchCorpus.Documents.Where(d => d.Type == SearchDocumentType.Question).ToList();
        var publicOnes = questions.Where(d => d.Public).Select(d => d.Key).Order().ToList();
        Assert.NotEmpty(publicOnes);

        var anonymous = corpus.Index.Search(new SearchRequest("", SearchViewer.Anonymous) { Types = [SearchDocumentType.Question], PageSize = 100 });
        Assert.Equal(publicOnes.Count, anonymous.Total);
        Assert.Equal(publicOnes, anonymous.Hits.Select(h => h.Key).Order());
        Assert.Equal(anonymous.Hits.Select(h => h.Updated).OrderDescending(), anonymous.Hits.Select(h => h.Updated));
        Assert.Equal(questions.Count, corpus.Index.Search(new SearchRequest("  ", Admin) { Types = [SearchDocumentType.Question], PageSize = 100 }).Total);

        // Neither words nor filters, or only exclusions: still nothing.
        Assert.Equal(0, corpus.Index.Search(new SearchRequest("", Admin)).Total);
        Assert.Equal(0, corpus.Index.Search(new SearchRequest("-wijkteam", Admin) { Types = [SearchDocumentType.Question] }).Total);
    }

    [Fact]
    public void Filters_by_type_pilot_municipality_theme_and_date()
    {
        Assert.All(corpus.Index.Search(new SearchRequest("wijkteam", Admin) { Types = [SearchDocumentType.Question] }).Hits,
            h => Assert.Equal(SearchDocumentType.Question, h.Type));
        Assert.All(corpus.Index.Search(new SearchRequest("gemeente", Admin) { PilotIds = [3] }).Hits, h => Assert.Equal(3, h.PilotId));
        Assert.Equal(["thread:35"], corpus.Index.Search(new SearchRequest("wijkteams", Admin) { Municipalities = ["Doetinchem"] }).Hits.Select(h => h.Key));
        Assert.Equal(["kq:51"], corpus.Index.Search(new SearchRequest("jongeren", Admin) { Themes = ["Participatie"] }).Hits.Select(h => h.Key));
        var from = DutchCorpus.Get("thread:21").Updated;
        var recent = corpus.Index.Search(new SearchRequest("wijkteam", Admin) { UpdatedFrom = from, PageSize = 100 });
        Assert.NotEmpty(recent.Hits);
        Assert.All(recent.Hits, h => Assert.True(h.Updated >= from));
    }

    [Fact]
    public void Nothing_found_suggests_a_spelling_neighbour_or_fewer_words()
    {
        var misspelled = corpus.Index.Search(new SearchRequest("vroegsignaleing", Admin));
        Assert.Equal(0, misspelled.Total);
        Assert.Contains("vroegsignalering", misspelled.Suggestions);

        var tooMany = corpus.Index.Search(new SearchRequest("mantelzorg bakfiets", Admin));
        Assert.Equal(0, tooMany.Total);
        Assert.NotEmpty(tooMany.Suggestions);
        Assert.All(tooMany.Suggestions, s => Assert.True(corpus.Index.Search(new SearchRequest(s, Admin)).Total > 0));
    }

    [Fact]
    public void Title_suggestions_complete_the_last_word()
    {
        var titles = corpus.Index.SuggestTitles("wachtlijsten bij jeugdz", Admin);
        Assert.Contains(titles, t => t.Title == "Wachtlijsten bij jeugdzorgaanbieders");
        Assert.Empty(corpus.Index.SuggestTitles("x", Admin));
    }
}
