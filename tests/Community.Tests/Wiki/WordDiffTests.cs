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
    public void A_long_page_with_a_word_changed_in_every_paragraph_is_still_compared_word_by_word()
    {
        var paragraphs = Enumerable.Range(0, 90).Select(p => string.Join(' ', Enumerable.Range(0, 60).Select(w => $"w{p}x{w}"))).ToList();
        var before = string.Join("\n\n", paragraphs);
        var after = string.Join("\n\n", paragraphs.Select(p => p.Replace("x30 ", "x30b ")));
        var diff = WordDiff.Compute(before, after);
        Assert.Equal(90, diff.Count(s => s.Kind == DiffKind.Removed));
        Assert.All(diff.Where(s => s.Kind != DiffKind.Same), s => Assert.Matches(@"^w\d+x30b? $", s.Text));
        Assert.Equal(after, After(diff));
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
