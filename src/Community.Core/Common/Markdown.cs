using System.Collections.Concurrent;
using Markdig;
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

    // Rendering is pure (same text, same HTML, one fixed pipeline) and a thread page renders every post on every view:
    // 200 posts cost a few milliseconds and over a megabyte of garbage per request. Recent results are kept, bounded by
    // size; when the budget is spent the cache starts over, which a hot page refills in one view.
    private const int CacheBudgetChars = 4_000_000;
    private static readonly ConcurrentDictionary<string, string> Rendered = new(StringComparer.Ordinal);
    private static int cachedChars;

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        if (Rendered.TryGetValue(markdown, out var cached)) return cached;
        var html = Render(markdown);
        var size = markdown.Length + html.Length;
        if (Interlocked.Add(ref cachedChars, size) > CacheBudgetChars)
        {
            Rendered.Clear();
            Interlocked.Exchange(ref cachedChars, size);
        }
        Rendered.TryAdd(markdown, html);
        return html;
    }

    private static string Render(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsAllowedUrl(link.Url)) link.Url = "#";
            if (link.IsImage) continue;
            if (IsExternal(link.Url)) link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
        }
        foreach (var link in document.Descendants<AutolinkInline>())
            if (!IsAllowedUrl(link.Url)) link.Url = "#";
        // A task's checkbox has no label of its own (WCAG 2.1 4.1.2, axe "label"); the post's text is Dutch, so is its name.
        foreach (var task in document.Descendants<TaskList>())
            task.GetAttributes().AddPropertyIfNotExist("aria-label", task.Checked ? "gedaan" : "nog te doen");
        return Markdig.Markdown.ToHtml(document, Pipeline);
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
