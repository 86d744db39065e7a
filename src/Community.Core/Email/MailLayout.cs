using System.Net;
using Markdig;
using System.Text;

namespace Community.Core.Email;

/// <summary>
/// One mail's content, written once and rendered twice: a small HTML page and its plain-text twin, in the same order.
/// Callers pass text that is already in the recipient's language (through <see cref="IMailLocalizer"/>) and absolute
/// links (through <c>IPublicUrl</c>); everything is HTML-encoded here, so names and titles cannot inject markup.
/// <code>
/// var body = new MailLayout("nl").Heading("Anna noemde je").Quote(excerpt).Button("Bekijk de reactie", url)
///     .Section("Pilot X").Item("Titel", url, "3 reacties").Footer("Je krijgt deze mail omdat …", "Afmelden", unsubscribeUrl);
/// EmailMessage mail = body.ToMessage(to, subject, headers);
/// </code>
/// The HTML keeps to what Outlook (Word engine), Gmail and Apple Mail all render: inline styles only, no images, no
/// scripts, no web fonts, one column of at most 600 px (Outlook ignores max-width and shows it full width, which still
/// reads), real links with their address visible in the text part.
/// </summary>
public sealed class MailLayout(string culture, string platformName = "Kennisplatform")
{
    private const string Ink = "#1a1a1a";
    private const string Brand = "#154273";
    private const string Muted = "#4b5563";

    private abstract record Block;
    private sealed record HeadingBlock(string Text) : Block;
    private sealed record SectionBlock(string Text) : Block;
    private sealed record ParagraphBlock(string Text) : Block;
    private sealed record QuoteBlock(string Text, string? Attribution) : Block;
    private sealed record ButtonBlock(string Label, string Url) : Block;
    private sealed record ItemBlock(string Title, string Url, string? Meta) : Block;

    private readonly List<Block> blocks = [];
    private (string Text, string? Label, string? Url)? footer;

    public string Culture { get; } = culture == "en" ? "en" : "nl";

    public MailLayout Heading(string text) => Add(new HeadingBlock(text));

    /// <summary>A sub-heading, e.g. one per community in a digest.</summary>
    public MailLayout Section(string text) => Add(new SectionBlock(text));

    public MailLayout Paragraph(string text) => Add(new ParagraphBlock(text));

    /// <summary>An excerpt of what someone wrote, as plain text (see <see cref="MailText.Excerpt"/>).</summary>
    public MailLayout Quote(string text, string? attribution = null) => Add(new QuoteBlock(text, attribution));

    /// <summary>The mail's main link, shown as a button; the text part gives the address on its own line.</summary>
    public MailLayout Button(string label, string url) => Add(new ButtonBlock(label, CheckUrl(url)));

    /// <summary>One entry of a list (consecutive items form one list): a linked title and an optional line under it.</summary>
    public MailLayout Item(string title, string url, string? meta = null) => Add(new ItemBlock(title, CheckUrl(url), meta));

    /// <summary>Why the recipient gets this mail, and where to turn it off.</summary>
    public MailLayout Footer(string text, string? linkLabel = null, string? url = null)
    {
        footer = (text, linkLabel, url is null ? null : CheckUrl(url));
        return this;
    }

    public EmailMessage ToMessage(string to, string subject, IReadOnlyDictionary<string, string>? headers = null) =>
        new(to, subject, RenderText(), RenderHtml(subject)) { Headers = headers ?? new Dictionary<string, string>() };

    private MailLayout Add(Block block)
    {
        blocks.Add(block);
        return this;
    }

    private static string CheckUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" or "mailto"
            ? url
            : throw new ArgumentException("Mail links must be absolute http(s) or mailto addresses.", nameof(url));

    public string RenderText()
    {
        var s = new StringBuilder();
        s.Append(platformName).Append("\n\n");
        for (var i = 0; i < blocks.Count; i++)
        {
            switch (blocks[i])
            {
                case HeadingBlock h:
                    s.Append(h.Text).Append('\n').Append(new string('=', Math.Min(h.Text.Length, 72))).Append("\n\n");
                    break;
                case SectionBlock h:
                    s.Append(h.Text).Append('\n').Append(new string('-', Math.Min(h.Text.Length, 72))).Append("\n\n");
                    break;
                case ParagraphBlock p:
                    s.Append(p.Text).Append("\n\n");
                    break;
                case QuoteBlock q:
                    foreach (var line in q.Text.Split('\n')) s.Append("> ").Append(line).Append('\n');
                    if (q.Attribution is not null) s.Append("  — ").Append(q.Attribution).Append('\n');
                    s.Append('\n');
                    break;
                case ButtonBlock b:
                    s.Append(b.Label).Append(":\n").Append(b.Url).Append("\n\n");
                    break;
                case ItemBlock item:
                    s.Append("- ").Append(item.Title).Append('\n');
                    if (item.Meta is not null) s.Append("  ").Append(item.Meta).Append('\n');
                    s.Append("  ").Append(item.Url).Append('\n');
                    if (i + 1 >= blocks.Count || blocks[i + 1] is not ItemBlock) s.Append('\n');
                    break;
            }
        }
        if (footer is { } f)
        {
            s.Append("-- \n").Append(f.Text).Append('\n');
            if (f.Url is not null) s.Append(f.Label ?? f.Url).Append(": ").Append(f.Url).Append('\n');
        }
        return s.ToString();
    }

    public string RenderHtml(string title)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html>\n<html lang=\"").Append(Culture).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background-color:#f3f4f6;\">\n")
            .Append("<div style=\"max-width:600px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:")
            .Append(Ink).Append(";\">\n")
            .Append("<p style=\"margin:0 0 16px 0;font-size:14px;font-weight:bold;color:").Append(Brand).Append(";\">").Append(E(platformName)).Append("</p>\n")
            .Append("<div style=\"background-color:#ffffff;border:1px solid #d8dde3;border-radius:4px;padding:24px;\">\n");
        var inList = false;
        foreach (var block in blocks)
        {
            if (inList && block is not ItemBlock)
            {
                s.Append("</ul>\n");
                inList = false;
            }
            switch (block)
            {
                case HeadingBlock h:
                    s.Append("<h1 style=\"margin:0 0 16px 0;font-size:22px;line-height:1.3;color:").Append(Ink).Append(";\">").Append(E(h.Text)).Append("</h1>\n");
                    break;
                case SectionBlock h:
                    s.Append("<h2 style=\"margin:24px 0 8px 0;font-size:18px;line-height:1.3;color:").Append(Ink).Append(";\">").Append(E(h.Text)).Append("</h2>\n");
                    break;
                case ParagraphBlock p:
                    s.Append("<p style=\"margin:0 0 16px 0;\">").Append(Lines(p.Text)).Append("</p>\n");
                    break;
                case QuoteBlock q:
                    s.Append("<blockquote style=\"margin:0 0 16px 0;padding:8px 16px;border-left:4px solid #d8dde3;color:").Append(Muted).Append(";\">")
                        .Append(Lines(q.Text));
                    if (q.Attribution is not null) s.Append("<br>— ").Append(E(q.Attribution));
                    s.Append("</blockquote>\n");
                    break;
                case ButtonBlock b:
                    s.Append("<p style=\"margin:24px 0;\"><a href=\"").Append(E(b.Url)).Append("\" style=\"display:inline-block;background-color:").Append(Brand)
                        .Append(";color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none;font-weight:bold;\">").Append(E(b.Label)).Append("</a></p>\n");
                    break;
                case ItemBlock item:
                    if (!inList)
                    {
                        s.Append("<ul style=\"margin:0 0 16px 0;padding:0 0 0 20px;\">\n");
                        inList = true;
                    }
                    s.Append("<li style=\"margin:0 0 8px 0;\"><a href=\"").Append(E(item.Url)).Append("\" style=\"color:").Append(Brand)
                        .Append(";text-decoration:underline;\">").Append(E(item.Title)).Append("</a>");
                    if (item.Meta is not null) s.Append("<br><span style=\"font-size:14px;color:").Append(Muted).Append(";\">").Append(E(item.Meta)).Append("</span>");
                    s.Append("</li>\n");
                    break;
            }
        }
        if (inList) s.Append("</ul>\n");
        s.Append("</div>\n");
        if (footer is { } f)
        {
            s.Append("<p style=\"margin:16px 0 0 0;font-size:13px;color:").Append(Muted).Append(";\">").Append(E(f.Text));
            if (f.Url is not null)
                s.Append("<br><a href=\"").Append(E(f.Url)).Append("\" style=\"color:").Append(Muted).Append(";text-decoration:underline;\">")
                    .Append(E(f.Label ?? f.Url)).Append("</a>");
            s.Append("</p>\n");
        }
        s.Append("</div>\n</body>\n</html>\n");
        return s.ToString();

        static string Lines(string text) => string.Join("<br>", text.Split('\n').Select(E));
    }
}

/// <summary>Text from posts and chat made fit for a mail: Markdown taken out, whitespace folded, cut at a word.</summary>
public static class MailText
{
    private static readonly Markdig.MarkdownPipeline Plain = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static string Excerpt(string markdown, int max = 240)
    {
        var text = Markdig.Markdown.ToPlainText(markdown, Plain);
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max);
        return text[..(cut > max / 2 ? cut : max)].TrimEnd(',', '.', ';', ':') + " …";
    }
}
