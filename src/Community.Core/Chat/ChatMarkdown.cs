using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Community.Core.Common;

namespace Community.Core.Chat;

/// <summary>
/// Markdown-lite for chat: **bold**, *italics* or _italics_, `code`, [text](url) and bare http(s) links, line breaks.
/// Everything else is text: the input is HTML-encoded first, so no HTML ever comes through. Links follow the
/// same allow-list as posts (<see cref="Markdown.IsAllowedUrl"/>). The server renders; browsers insert the result.
/// </summary>
public static partial class ChatMarkdown
{
    [GeneratedRegex(@"\[(?<text>[^\]\n]{1,300})\]\((?<url>[^)\s]{1,1000})\)|(?<bare>https?://[^\s<>""]+[^\s<>"".,;:!?)\]'])", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\*\*(?=\S)(.+?)(?<=\S)\*\*")]
    private static partial Regex BoldPattern();

    [GeneratedRegex(@"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")]
    private static partial Regex StarItalicPattern();

    [GeneratedRegex(@"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")]
    private static partial Regex UnderscoreItalicPattern();

    public static string ToHtml(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var html = new StringBuilder();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) html.Append("<br>");
            // Code spans first: nothing inside them is formatted.
            var parts = lines[i].Split('`');
            for (var p = 0; p < parts.Length; p++)
            {
                var isCode = p % 2 == 1 && p < parts.Length - 1;
                if (isCode) html.Append("<code>").Append(WebUtility.HtmlEncode(parts[p])).Append("</code>");
                else html.Append(Inline(p % 2 == 1 ? "`" + parts[p] : parts[p]));
            }
        }
        return html.ToString();
    }

    private static string Inline(string text)
    {
        var html = new StringBuilder();
        var last = 0;
        foreach (Match m in LinkPattern().Matches(text))
        {
            html.Append(Emphasis(text[last..m.Index]));
            var url = m.Groups["bare"].Success ? m.Groups["bare"].Value : m.Groups["url"].Value;
            var label = m.Groups["bare"].Success ? Emphasis(url) : Emphasis(m.Groups["text"].Value);
            if (Markdown.IsAllowedUrl(url))
            {
                var external = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                html.Append("<a href=\"").Append(WebUtility.HtmlEncode(url)).Append('"')
                    .Append(external ? " rel=\"nofollow noopener\"" : "").Append('>').Append(label).Append("</a>");
            }
            else html.Append(label);
            last = m.Index + m.Length;
        }
        html.Append(Emphasis(text[last..]));
        return html.ToString();
    }

    private static string Emphasis(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        encoded = BoldPattern().Replace(encoded, "<strong>$1</strong>");
        encoded = StarItalicPattern().Replace(encoded, "<em>$1</em>");
        return UnderscoreItalicPattern().Replace(encoded, "<em>$1</em>");
    }
}
