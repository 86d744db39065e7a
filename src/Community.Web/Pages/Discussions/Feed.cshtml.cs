using System.Text;
using System.Xml;
using Community.Core.Common;
using Community.Core.Discussions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Discussions;

/// <summary>The feed link a page puts in its head (set by the _FeedLink partial, read by the layout).</summary>
public sealed record FeedAlternate(string PilotTitle, string Url);

/// <summary>
/// Atom feed of a community's newest threads. Open communities: public. Closed: only with the ?token= of a current member
/// (or admin); a feed reader has no cookie, so a refusal is a plain 403, never a redirect to the sign-in page.
/// </summary>
public sealed class FeedModel(NotificationService notifications, IPublicUrl urls, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public const string AlternateItem = "kp.feed.alternate";
    private const string Atom = "http://www.w3.org/2005/Atom";
    /// <summary>Entry ids stay the same when a thread is renamed or moved: tag URIs (RFC 4151) on the thread id.</summary>
    private const string TagDate = "2026";

    public static string Path(string pilotSlug, string? token = null) =>
        $"/pilots/{pilotSlug}/discussies/feed" + (token is null ? "" : "?token=" + Uri.EscapeDataString(token));

    public async Task<IActionResult> OnGetAsync(string slug, string? token, CancellationToken ct)
    {
        ThreadFeed feed;
        try
        {
            feed = await notifications.ThreadFeedAsync(slug, token, ct);
        }
        catch (ForbiddenException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var isPrivate = feed.Place.Visibility == Community.Core.Communities.CommunityVisibility.Closed;
        // A feed read with a token is one person's view (it names people): no shared cache keeps it, and search engines
        // do not index its link. Only the anonymous feed of an Open community may be cached by anyone, briefly.
        Response.Headers.CacheControl = feed.Reader is null ? "public, max-age=300" : "private, no-store";
        if (feed.Reader is not null) Response.Headers["X-Robots-Tag"] = "noindex";
        return File(Write(feed, isPrivate ? token : null), "application/atom+xml; charset=utf-8");
    }

    private byte[] Write(ThreadFeed feed, string? token)
    {
        var place = feed.Place;
        var listUrl = urls.Absolute(DiscussionUrls.List(place.PilotSlug));
        var host = new Uri(urls.Absolute("/")).Host;
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var stream = new MemoryStream();
        using (var x = XmlWriter.Create(stream, settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("feed", Atom);
            // Relative links in the rendered Markdown resolve against the site, not against the feed's address.
            x.WriteAttributeString("xml", "base", null, urls.Absolute("/"));
            x.WriteAttributeString("xml", "lang", null, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
            Text(x, "title", t["Nieuwe discussies in {0}", place.PilotTitle]);
            Text(x, "id", listUrl);
            Link(x, "self", "application/atom+xml", urls.Absolute(Path(place.PilotSlug, token)));
            Link(x, "alternate", "text/html", listUrl);
            Text(x, "updated", Stamp(feed.Entries.Count == 0 ? clock.GetUtcNow() : feed.Entries.Max(e => e.UpdatedAt)));
            x.WriteStartElement("author", Atom);
            Text(x, "name", "Kennisplatform");
            x.WriteEndElement();
            Text(x, "generator", "Kennisplatform");
            foreach (var e in feed.Entries)
            {
                x.WriteStartElement("entry", Atom);
                // What members write is Dutch, also in a feed asked for in English.
                x.WriteAttributeString("xml", "lang", null, "nl");
                x.WriteStartElement("title", Atom);
                x.WriteAttributeString("type", "text");
                x.WriteString(Clean(e.Title));
                x.WriteEndElement();
                Link(x, "alternate", "text/html", urls.Absolute(e.Url));
                Text(x, "id", $"tag:{host},{TagDate}:discussie-{e.ThreadId}");
                x.WriteStartElement("author", Atom);
                Text(x, "name", feed.NamesPeople ? e.AuthorName ?? t["Oud-lid"].Value : t["Pilotteam"].Value);
                x.WriteEndElement();
                Text(x, "published", Stamp(e.CreatedAt));
                Text(x, "updated", Stamp(e.UpdatedAt));
                x.WriteStartElement("category", Atom);
                x.WriteAttributeString("term", e.Kind == ThreadKind.Question ? "vraag" : "discussie");
                x.WriteEndElement();
                if (e.Body is not null)
                {
                    // The same safe Markdown as on the page (raw HTML off, only safe URLs), escaped once more as XML text.
                    x.WriteStartElement("content", Atom);
                    x.WriteAttributeString("type", "html");
                    x.WriteString(Clean(Markdown.ToHtml(e.Body)));
                    x.WriteEndElement();
                }
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteEndDocument();
        }
        return stream.ToArray();
    }

    private static void Text(XmlWriter x, string name, string value) => x.WriteElementString(name, Atom, Clean(value));

    private static void Link(XmlWriter x, string rel, string type, string href)
    {
        x.WriteStartElement("link", Atom);
        x.WriteAttributeString("rel", rel);
        x.WriteAttributeString("type", type);
        x.WriteAttributeString("href", href);
        x.WriteEndElement();
    }

    private static string Stamp(DateTimeOffset moment) => XmlConvert.ToString(moment.ToUniversalTime(), "yyyy-MM-dd'T'HH:mm:ss'Z'");

    /// <summary>Members' text may hold characters XML 1.0 cannot carry (control characters): XmlWriter would throw on them, so they go.</summary>
    private static string Clean(string text)
    {
        if (text.All(c => XmlConvert.IsXmlChar(c))) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) sb.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                sb.Append(text[i]).Append(text[i + 1]);
                i++;
            }
        }
        return sb.ToString();
    }
}
