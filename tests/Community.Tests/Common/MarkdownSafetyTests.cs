using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Community.Core.Common;

namespace Community.Tests.Common;

/// <summary>Hostile Markdown: whatever members type, the HTML has no script, no event handler and no script-capable URL.</summary>
public sealed class MarkdownSafetyTests
{
    public static TheoryData<string> Payloads => new()
    {
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)><circle/></svg>",
        "<a href=\"javascript:alert(1)\">klik</a>",
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "[klik](java\tscript:alert(1))",
        "[klik]( javascript:alert(1) )",
        "[klik](&#106;avascript:alert(1))",
        "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![plaatje](javascript:alert(1))",
        "![plaatje](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[klik][1]\n\n[1]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "[klik](vbscript:msgbox(1))",
        "[x](\"onmouseover=alert(1))",
        "[x](https://example.nl \"\" onmouseover=\"alert(1))",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
        "- [ ] <img src=x onerror=alert(1)>",
        "<<script>script>alert(1)<</script>/script>",
        "<scr<script>ipt>alert(1)</script>",
        "[klik](//evil.example/pad)",
        "[[<script>alert(1)</script>]]",
        "[[Pagina|<img src=x onerror=alert(1)>]]",
        "[[javascript:alert(1)]]",
        "[[\"><svg onload=alert(1)>|klik]]",
        "[[Pagina|[x](javascript:alert(1))]]",
        "## <img src=x onerror=alert(1)>\n\n## Kop \" onmouseover=\"alert(1)",
    };

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
        Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed, svg, style"));
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
}
