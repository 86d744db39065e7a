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

    [Theory, MemberData(nameof(Payloads))]
    public void No_script_event_handler_or_script_url_survives(string markdown)
    {
        var html = Markdown.ToHtml(markdown);
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
}
