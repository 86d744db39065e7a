using Community.Core.Wiki;

namespace Community.Tests.Wiki;

public sealed class WordDiffTests
{
    private static string Before(IEnumerable<DiffSegment> d) => string.Concat(d.Where(s => s.Kind != DiffKind.Added).Select(s => s.Text));
    private static string After(IEnumerable<DiffSegment> d) => string.Concat(d.Where(s => s.Kind != DiffKind.Removed).Select(s => s.Text));

    [Theory]
    [InlineData("", "")]
    [InlineData("", "Nieuw.")]
    [InlineData("Weg.", "")]
    [InlineData("De consulent werkt op dinsdag.", "De consulent werkt op donderdag.")]
    [InlineData("  Inspringen\n\nen  dubbele   spaties\r\n", "Inspringen\n\nen dubbele spaties\n\nmet een regel erbij")]
    [InlineData("## Kop\n\nAlinea een.\n\nAlinea twee.", "## Kop\n\nAlinea één.\n\nAlinea twee.\n")]
    public void Both_texts_come_back_exactly_from_the_segments(string before, string after)
    {
        var diff = WordDiff.Compute(before, after);
        Assert.Equal(before, Before(diff));
        Assert.Equal(after, After(diff));
        Assert.DoesNotContain(diff, s => s.Text.Length == 0);
    }

    [Fact]
    public void A_changed_word_is_marked_alone_and_untouched_paragraphs_stay_the_same()
    {
        var diff = WordDiff.Compute("## Doel\n\nDe consulent werkt op dinsdag in de praktijk.\n\nOngewijzigd.", "## Doel\n\nDe consulent werkt op donderdag in de praktijk.\n\nOngewijzigd.");
        Assert.Equal("dinsdag ", Assert.Single(diff, s => s.Kind == DiffKind.Removed).Text);
        Assert.Equal("donderdag ", Assert.Single(diff, s => s.Kind == DiffKind.Added).Text);
        Assert.EndsWith("Ongewijzigd.", diff[^1].Text);
    }

    [Fact]
    public void A_rewrite_too_large_to_compare_word_by_word_is_shown_as_removed_and_added_whole()
    {
        var before = string.Join(' ', Enumerable.Range(0, 2_000).Select(i => "oud" + i));
        var after = string.Join(' ', Enumerable.Range(0, 2_000).Select(i => "nieuw" + i));
        var diff = WordDiff.Compute(before, after);
        Assert.Equal([new DiffSegment(DiffKind.Removed, before), new DiffSegment(DiffKind.Added, after)], diff);
    }
}
