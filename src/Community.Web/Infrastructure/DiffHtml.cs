using System.Text;
using System.Text.Encodings.Web;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Html;

namespace Community.Web.Infrastructure;

/// <summary>
/// A word diff as HTML: additions in &lt;ins&gt;, removals in &lt;del&gt; (underlined and struck through, not colour alone),
/// each with visually hidden words for screen readers. Built in code so no template whitespace lands in the text.
/// </summary>
public static class DiffHtml
{
    public static IHtmlContent Render(IReadOnlyList<DiffSegment> segments, string added, string removed)
    {
        var encoder = HtmlEncoder.Default;
        var sb = new StringBuilder();
        foreach (var s in segments)
        {
            var text = encoder.Encode(s.Text);
            switch (s.Kind)
            {
                case DiffKind.Added:
                    sb.Append("<ins><span class=\"kp-visually-hidden\">[").Append(encoder.Encode(added)).Append(": </span>")
                        .Append(text).Append("<span class=\"kp-visually-hidden\">]</span></ins>");
                    break;
                case DiffKind.Removed:
                    sb.Append("<del><span class=\"kp-visually-hidden\">[").Append(encoder.Encode(removed)).Append(": </span>")
                        .Append(text).Append("<span class=\"kp-visually-hidden\">]</span></del>");
                    break;
                default:
                    sb.Append(text);
                    break;
            }
        }
        return new HtmlString(sb.ToString());
    }
}
