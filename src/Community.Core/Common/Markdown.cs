using System.Collections.Concurrent;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.TaskLists;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Community.Core.Common;

/// <summary>
/// The one Markdown pipeline: raw HTML off, and links and images only with http, https, mailto or
/// relative URLs (anything else, such as javascript: or data:, loses its URL).
/// </summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    /// <summary>
    /// The wiki's pipeline: the same, plus [[Paginatitel]] and [[Paginatitel|label]] links and ids on headings
    /// (for the table of contents). Raw HTML stays off; a wiki link's address is made by the caller from the page's slug.
    /// </summary>
    private static readonly MarkdownPipeline WikiPipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .Use<WikiLinkExtension>()
        .Build();

    /// <param name="headingOffset">
    /// Levels to push headings down, for text shown under a heading of the page: in a post under an h3, "# Kop" becomes
    /// an h4, so the page's outline (what screen-reader users navigate by) stays intact. Capped at h6.
    /// </param>
    public static string ToHtml(string? markdown, int headingOffset = 0)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var key = (markdown, headingOffset);
        if (Rendered.TryGetValue(key, out var cached)) return cached;
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        if (headingOffset > 0)
            foreach (var heading in document.Descendants<HeadingBlock>()) heading.Level = Math.Min(6, heading.Level + headingOffset);
        var html = Render(document, Pipeline);
        var size = markdown.Length + html.Length;
        if (Interlocked.Add(ref cachedChars, size) > CacheBudgetChars)
        {
            Rendered.Clear();
            Interlocked.Exchange(ref cachedChars, size);
        }
        Rendered.TryAdd(key, html);
        return html;
    }

    // Rendering is pure (same text, same HTML, one fixed pipeline) and a thread page renders every post on every view:
    // 200 posts cost a few milliseconds and over a megabyte of garbage per request. Recent results are kept, bounded by
    // size; when the budget is spent the cache starts over, which a hot page refills in one view.
    private const int CacheBudgetChars = 4_000_000;
    private static readonly ConcurrentDictionary<(string Text, int Offset), string> Rendered = new();
    private static int cachedChars;

    /// <summary>
    /// A wiki page's HTML and its table of contents. <paramref name="resolve"/> gives the address of a linked title and
    /// whether that page exists; a missing one links to its creation and says so in <paramref name="missingText"/>
    /// (visually hidden), not by colour alone.
    /// </summary>
    public static WikiHtml ToWikiHtml(string? markdown, Func<string, WikiLinkTarget> resolve, string missingText)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return new WikiHtml("", []);
        var document = Markdig.Markdown.Parse(markdown, WikiPipeline);
        foreach (var link in document.Descendants<WikiLinkInline>())
        {
            var target = resolve(link.Title);
            link.Href = IsAllowedUrl(target.Href) ? target.Href : "#";
            link.Exists = target.Exists;
            link.MissingText = missingText;
        }
        var toc = new List<TocEntry>();
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var attributes = heading.GetAttributes();
            if (attributes.Id is null) continue;
            // Prefixed so a heading called "inhoud" cannot take the id of the page's own landmarks.
            attributes.Id = "kop-" + attributes.Id;
            if (heading.Level is 2 or 3 && heading.Inline is not null)
                toc.Add(new TocEntry(heading.Level, attributes.Id, PlainText(heading.Inline)));
        }
        return new WikiHtml(Render(document, WikiPipeline), toc);
    }

    /// <summary>The titles a wiki text links to with [[…]], as written.</summary>
    public static IReadOnlyList<string> WikiLinkTitles(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return [];
        return Markdig.Markdown.Parse(markdown, WikiPipeline).Descendants<WikiLinkInline>().Select(l => l.Title).Distinct().ToList();
    }

    /// <summary>Plain text of Markdown (for excerpts); wiki links become their label.</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdig.Markdown.ToPlainText(markdown, WikiPipeline).Trim();

    private static string Render(MarkdownDocument document, MarkdownPipeline pipeline)
    {
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsAllowedUrl(link.Url)) link.Url = "#";
            // An image from another site would tell that site who reads the post (and the CSP blocks it anyway):
            // it becomes a link to the image, named by its alt text.
            if (link.IsImage && IsExternal(link.Url)) link.IsImage = false;
            if (link.IsImage) continue;
            if (IsExternal(link.Url)) link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
        }
        foreach (var link in document.Descendants<AutolinkInline>())
            if (!IsAllowedUrl(link.Url)) link.Url = "#";
        // A task's checkbox has no label of its own (WCAG 2.1 4.1.2, axe "label"); the post's text is Dutch, so is its name.
        foreach (var task in document.Descendants<TaskList>())
            task.GetAttributes().AddPropertyIfNotExist("aria-label", task.Checked ? "gedaan" : "nog te doen");
        return Markdig.Markdown.ToHtml(document, pipeline);
    }

    private static string PlainText(ContainerInline inline)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var child in inline.Descendants())
        {
            switch (child)
            {
                case LiteralInline literal: sb.Append(literal.Content.ToString()); break;
                case CodeInline code: sb.Append(code.Content); break;
                case WikiLinkInline wiki: sb.Append(wiki.Label); break;
            }
        }
        return sb.ToString().Trim();
    }

    public static bool IsAllowedUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        var trimmed = url.Trim();
        // Browsers ignore control characters and whitespace inside schemes ("java\tscript:"), so refuse them outright.
        if (trimmed.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return false;
        var colon = trimmed.IndexOf(':');
        var firstSeparator = trimmed.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (firstSeparator >= 0 && firstSeparator < colon)) return !trimmed.StartsWith("//", StringComparison.Ordinal);
        var scheme = trimmed[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }

    private static bool IsExternal(string? url) =>
        url is not null && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
