using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Parsers.Inlines;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax.Inlines;

namespace Community.Core.Common;

public sealed record WikiLinkTarget(string Href, bool Exists);

public sealed record TocEntry(int Level, string Id, string Text);

public sealed record WikiHtml(string Html, IReadOnlyList<TocEntry> Toc);

/// <summary>[[Paginatitel]] or [[Paginatitel|label]] in a wiki text.</summary>
public sealed class WikiLinkInline : LeafInline
{
    public string Title { get; init; } = "";
    public string Label { get; init; } = "";
    public string? Href { get; set; }
    public bool Exists { get; set; }
    public string MissingText { get; set; } = "";
}

/// <summary>Parses [[…]] on one line; anything else starting with "[" is left to the ordinary link parser.</summary>
internal sealed class WikiLinkParser : InlineParser
{
    public const int MaxTitleLength = 200;

    public WikiLinkParser() => OpeningCharacters = ['['];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        if (slice.PeekCharExtra(1) != '[') return false;
        var text = slice.Text;
        var start = slice.Start + 2;
        var close = -1;
        for (var i = start; i <= slice.End - 1; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '[') return false;
            if (c == ']')
            {
                if (text[i + 1] != ']') return false;
                close = i;
                break;
            }
        }
        if (close < 0) return false;
        var inner = text[start..close];
        var bar = inner.IndexOf('|');
        var title = (bar < 0 ? inner : inner[..bar]).Trim();
        var label = bar < 0 ? title : inner[(bar + 1)..].Trim();
        if (title.Length == 0 || title.Length > MaxTitleLength) return false;
        if (label.Length == 0) label = title;
        var startPosition = slice.Start;
        processor.Inline = new WikiLinkInline
        {
            Title = title, Label = label,
            Span = new Markdig.Syntax.SourceSpan(processor.GetSourcePosition(startPosition, out var line, out var column), processor.GetSourcePosition(close + 1)),
            Line = line, Column = column,
        };
        slice.Start = close + 2;
        return true;
    }
}

/// <summary>Writes a wiki link with its label and address escaped; a missing page says so in visually hidden text.</summary>
internal sealed class WikiLinkRenderer : HtmlObjectRenderer<WikiLinkInline>
{
    protected override void Write(HtmlRenderer renderer, WikiLinkInline link)
    {
        if (!renderer.EnableHtmlForInline || link.Href is null)
        {
            renderer.WriteEscape(link.Label);
            return;
        }
        renderer.Write("<a href=\"").WriteEscapeUrl(link.Href).Write("\" class=\"kp-wikilink");
        if (!link.Exists) renderer.Write(" kp-wikilink--missing");
        renderer.Write("\">").WriteEscape(link.Label);
        if (!link.Exists) renderer.Write("<span class=\"kp-visually-hidden\"> (").WriteEscape(link.MissingText).Write(")</span>");
        renderer.Write("</a>");
    }
}

internal sealed class WikiLinkExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.InlineParsers.Contains<WikiLinkParser>())
            pipeline.InlineParsers.InsertBefore<LinkInlineParser>(new WikiLinkParser());
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && !html.ObjectRenderers.Contains<WikiLinkRenderer>())
            html.ObjectRenderers.InsertBefore<Markdig.Renderers.Html.Inlines.LinkInlineRenderer>(new WikiLinkRenderer());
    }
}
