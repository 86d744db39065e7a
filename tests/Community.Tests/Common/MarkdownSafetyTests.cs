using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Community.Core.Common;
using Community.Testing;

namespace Community.Tests.Common;

/// <summary>Hostile Markdown: whatever members type, the HTML has no script, no event handler and no script-capable URL.</summary>
public sealed class MarkdownSafetyTests
{
    // The corpus is shared with the browser test (tests/Shared/XssPayloads.cs, linked into both projects).
    public static TheoryData<string> Payloads => new(XssPayloads.All);

    /// <summary>The wiki's pipeline ([[links]], heading ids, the missing-page text), with the service's title-to-address rule.</summary>
    [Theory, MemberData(nameof(Payloads))]
    public void No_script_survives_the_wiki_pipeline(string markdown)
    {
        var wiki = Markdown.ToWikiHtml(markdown, title => new WikiLinkTarget("/pilots/p/wiki/" + Community.Core.Wiki.WikiService.SlugFor(title), title.Length % 2 == 0), "<script>alert(1)</script>");
        AssertSafe(wiki.Html);
        Assert.All(wiki.Toc, entry => Assert.Matches("^kop-[a-z0-9-]*$", entry.Id));
    }

    /// <summary>A diff shows Markdown source as text: whatever two revisions hold, the diff's HTML is only ins, del and span.</summary>
    [Theory, MemberData(nameof(Payloads))]
    public void No_script_survives_a_wiki_diff(string markdown)
    {
        var html = Community.Web.Infrastructure.DiffHtml.Render(Community.Core.Wiki.WordDiff.Compute("Oude tekst " + markdown, markdown + " nieuwe tekst"), "toegevoegd", "verwijderd");
        using var writer = new StringWriter();
        html.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        var document = new HtmlParser().ParseDocument($"<body>{writer}</body>");
        Assert.All(document.Body!.QuerySelectorAll("*"), e => Assert.Contains(e.LocalName, new[] { "ins", "del", "span" }));
        AssertSafe(writer.ToString());
    }

    [Theory, MemberData(nameof(Payloads))]
    public void No_script_event_handler_or_script_url_survives(string markdown) => AssertSafe(Markdown.ToHtml(markdown));

    private static void AssertSafe(string html)
    {
        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        Assert.Empty(document.QuerySelectorAll("script, iframe, frame, object, embed, svg, math, style, base, meta, form"));
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{attribute.Name} on <{element.LocalName}> in {html}");
                Assert.NotEqual("style", attribute.Name);
                if (attribute.Name is "href" or "src")
                    Assert.True(Markdown.IsAllowedUrl(attribute.Value), $"{attribute.Name}=\"{attribute.Value}\" in {html}");
            }
        }
        Assert.DoesNotMatch(new Regex("javascript:|vbscript:|data:", RegexOptions.IgnoreCase),
            string.Join(" ", document.All.SelectMany(e => e.Attributes).Select(a => a.Value)));
    }

    [Fact]
    public void Ordinary_markdown_keeps_its_structure()
    {
        var html = Markdown.ToHtml("## Wat we leerden\n\n- [x] huisarts mee\n- [ ] school\n\n| wie | wat |\n|---|---|\n| wijkteam | casusoverleg |\n\nZie https://www.achterhoek.nl en [het verslag](/pilots/x) of mail [ons](mailto:info@example.nl).");
        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        Assert.NotNull(document.QuerySelector("h2"));
        Assert.Equal(2, document.QuerySelectorAll("input[type=checkbox]").Length);
        Assert.Equal(["gedaan", "nog te doen"], document.QuerySelectorAll("input[type=checkbox]").Select(c => c.GetAttribute("aria-label")));
        Assert.NotNull(document.QuerySelector("table td"));
        var hrefs = document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("https://www.achterhoek.nl", hrefs);
        Assert.Contains("/pilots/x", hrefs);
        Assert.Contains("mailto:info@example.nl", hrefs);
        Assert.Contains("nofollow", document.QuerySelector("a[href^='https']")!.GetAttribute("rel"));
    }

    [Fact]
    public void Headings_in_text_shown_under_a_page_heading_move_down_and_stop_at_h6()
    {
        var html = Markdown.ToHtml("# Kop\n\n## Tussenkop\n\n##### Diep", headingOffset: 2);
        Assert.Contains("<h3>Kop</h3>", html);
        Assert.Contains("<h4>Tussenkop</h4>", html);
        Assert.Contains("<h6>Diep</h6>", html);
        Assert.Contains("<h1>Kop</h1>", Markdown.ToHtml("# Kop"));
    }

    [Fact]
    public void An_image_from_another_site_becomes_a_link_and_one_from_this_site_stays_an_image()
    {
        var html = Markdown.ToHtml("![het schema](https://example.nl/schema.png) en ![logo](/dist/logo.png)");
        Assert.Contains("<a href=\"https://example.nl/schema.png\" rel=\"nofollow noopener\">het schema</a>", html);
        Assert.Contains("<img src=\"/dist/logo.png\" alt=\"logo\" />", html);
    }
}
