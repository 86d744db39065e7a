using Community.Core.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Community.Tests.Search;

public sealed class DutchAnalysisTests
{
    private static readonly DutchSearchAnalyzer Index = new(compounds: true);
    private static readonly DutchSearchAnalyzer Query = new(compounds: false);

    [Theory]
    [InlineData("gemeente", "gemeenten")]
    [InlineData("gemeente", "gemeentes")]
    [InlineData("wijkteam", "wijkteams")]
    [InlineData("werken", "werkt")]
    [InlineData("werken", "werkte")]
    [InlineData("werken", "gewerkt")]
    [InlineData("coöperatie", "cooperatie")]
    [InlineData("Coöperatie", "COOPERATIE")]
    [InlineData("evaluatie", "evaluaties")]
    [InlineData("aanbieder", "aanbieders")]
    [InlineData("kind", "kinderen")]
    [InlineData("les", "lessen")]
    [InlineData("vraag", "vragen")]
    [InlineData("gebruiken", "gebruikt")]
    public void Forms_of_one_word_share_a_term(string one, string other) =>
        Assert.Equal(Terms(Query, one), Terms(Query, other));

    [Theory]
    [InlineData("buurt", "buur")]
    [InlineData("ruimte", "ruim")]
    [InlineData("start", "staren")]
    public void Nouns_are_not_taken_for_verb_forms(string noun, string verb) =>
        Assert.NotEqual(Terms(Query, noun), Terms(Query, verb));

    [Theory]
    [InlineData("jeugdzorgaanbieders", "jeugdzorg")]
    [InlineData("jeugdzorgaanbieders", "jeugd")]
    [InlineData("jeugdzorgaanbieders", "zorgaanbieder")]
    [InlineData("schuldhulpverlening", "schuldhulp")]
    [InlineData("schuldhulpverlening", "hulpverlening")]
    [InlineData("mantelzorgwaardering", "mantelzorg")]
    [InlineData("keukentafelgesprek", "gesprek")]
    [InlineData("arbeidsmarktregio", "arbeidsmarkt")]
    public void A_compound_is_indexed_with_its_parts_in_the_query_form(string compound, string part)
    {
        var indexed = Terms(Index, compound);
        Assert.Contains(Assert.Single(Terms(Query, part)), indexed);
    }

    [Fact]
    public void Queries_keep_compounds_whole_and_stop_words_out() =>
        Assert.Equal(["jeugdzorgaanbieder", "gemeent"], Terms(Query, "de jeugdzorgaanbieders van de gemeente"));

    [Fact]
    public void A_simple_word_is_not_split_into_look_alikes() =>
        Assert.Single(Terms(Index, "bestuur"));

    internal static List<string> Terms(Analyzer analyzer, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            terms.Add(term.ToString());
        stream.End();
        return terms;
    }
}
