using AngleSharp.Html.Parser;
using Community.Core.Email;

namespace Community.Tests.Email;

public sealed class MailLayoutTests
{
    private static MailLayout Sample() => new MailLayout("en")
        .Heading("Anna <script> noemde je")
        .Quote("Regel één\nregel twee", "Anna")
        .Button("Bekijk de reactie", "https://kennis.example/pilots/a/discussies/1/t#reactie-2")
        .Section("Pilot & co")
        .Item("Eerste", "https://kennis.example/1", "3 reacties")
        .Item("Tweede", "https://kennis.example/2")
        .Paragraph("Tot slot.")
        .Footer("Je krijgt deze mail omdat je dit aanzette.", "Afmelden", "https://kennis.example/afmelden/x");

    [Fact]
    public void The_html_part_encodes_every_text_keeps_one_list_and_has_a_language_and_title()
    {
        var html = Sample().RenderHtml("Onderwerp \"met\" <tekens>");
        Assert.DoesNotContain("<script>", html);
        var doc = new HtmlParser().ParseDocument(html);
        Assert.Equal("en", doc.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Onderwerp \"met\" <tekens>", doc.Title);
        Assert.Equal("Anna <script> noemde je", doc.QuerySelector("h1")!.TextContent);
        Assert.Equal("Pilot & co", doc.QuerySelector("h2")!.TextContent);
        var list = Assert.Single(doc.QuerySelectorAll("ul"));
        Assert.Equal(["https://kennis.example/1", "https://kennis.example/2"], list.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ToArray());
        Assert.Contains("https://kennis.example/afmelden/x", doc.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Empty(doc.QuerySelectorAll("img, script, style, link"));
        Assert.All(doc.QuerySelectorAll("body *"), e => Assert.Null(e.GetAttribute("class")));
    }

    [Fact]
    public void The_text_part_says_the_same_in_the_same_order_with_every_address_written_out()
    {
        var text = Sample().RenderText();
        var order = new[] { "Kennisplatform", "Anna <script> noemde je", "> Regel één", "> regel twee", "Bekijk de reactie:",
            "https://kennis.example/pilots/a/discussies/1/t#reactie-2", "Pilot & co", "- Eerste", "3 reacties", "https://kennis.example/1",
            "- Tweede", "Tot slot.", "Afmelden: https://kennis.example/afmelden/x" };
        var at = 0;
        foreach (var piece in order)
        {
            var next = text.IndexOf(piece, at, StringComparison.Ordinal);
            Assert.True(next >= 0, $"'{piece}' not found after position {at} in:\n{text}");
            at = next + piece.Length;
        }
        Assert.DoesNotContain("<", text.Replace("<script>", ""));
    }

    [Theory]
    [InlineData("/pilots/a")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.org/x")]
    public void A_link_that_is_not_an_absolute_web_address_is_refused(string url) =>
        Assert.Throws<ArgumentException>(() => new MailLayout("nl").Button("Klik", url));

    [Theory]
    [InlineData("**Vet** en [een link](https://example.org) met `code`", "Vet en een link met code")]
    [InlineData("> citaat\n\nantwoord", "citaat antwoord")]
    [InlineData("<b>geen html</b>", "<b>geen html</b>")]
    public void An_excerpt_has_no_markdown_left(string markdown, string expected) =>
        Assert.Equal(expected, MailText.Excerpt(markdown));

    [Fact]
    public void A_long_excerpt_is_cut_at_a_word()
    {
        var excerpt = MailText.Excerpt(string.Join(' ', Enumerable.Repeat("woord", 100)), 50);
        Assert.EndsWith("woord …", excerpt);
        Assert.True(excerpt.Length <= 52, excerpt);
    }
}
