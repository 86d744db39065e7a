using System.Text.Encodings.Web;
using Community.Core.Common;
using Community.Core.Discussions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Notifications;

[Authorize]
public sealed class IndexModel(NotificationService notifications, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Pagina { get; set; } = 1;

    public NotificationPage Result { get; private set; } = null!;
    public bool HasFeedToken { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.From(User);
        Result = await notifications.ListAsync(actor, Pagina, ct);
        HasFeedToken = await notifications.ExistingFeedTokenAsync(actor, ct) is not null;
    }

    public async Task<IActionResult> OnPostMarkAllReadAsync(CancellationToken ct)
    {
        await notifications.MarkAllReadAsync(Actor.From(User), ct);
        TempData["Message"] = t["Alle meldingen zijn als gelezen gemarkeerd."].Value;
        return Redirect("/meldingen");
    }

    /// <summary>A new private feed token: every private feed link made before stops working (for a link that leaked).</summary>
    public async Task<IActionResult> OnPostFeedTokenAsync(string? returnUrl, CancellationToken ct)
    {
        await notifications.FeedTokenAsync(Actor.From(User), renew: true, ct);
        TempData["Message"] = t["Je nieuwe privéfeedlink is gemaakt. Eerdere privéfeedlinks werken niet meer."].Value;
        return Redirect(Pipeline.IsLocal(returnUrl) ? returnUrl! : "/meldingen");
    }

    public string PageUrl(int page) => page <= 1 ? "/meldingen" : $"/meldingen?pagina={page}";

    /// <summary>
    /// "Anna reageerde op Titel" (or, for a chat mention, "... in de chat van Pilot") in the reader's language, with the member's Dutch title marked lang="nl" (WCAG 3.1.2).
    /// Every part is encoded; only the span around the title is markup.
    /// </summary>
    public IHtmlContent Describe(NotificationView n)
    {
        var template = n.Kind switch
        {
            NotificationKind.Reply => t["{0} reageerde op {1}"],
            NotificationKind.Mention => t["{0} noemde je in {1}"],
            NotificationKind.AcceptedAnswer => t["{0} accepteerde jouw antwoord op {1}"],
            NotificationKind.Warning => t["Een coördinator heeft je gewaarschuwd over je bericht in {1}"],
            NotificationKind.ChatMention => t["{0} noemde je in de chat van {1}"],
            _ => t["{0} reageerde op {1}"],
        };
        var html = HtmlEncoder.Default;
        var actor = html.Encode(n.ActorName ?? t["Oud-lid"].Value);
        var lang = ContentLanguage.Dutch is { } l ? $" lang=\"{l}\"" : "";
        var title = $"<span class=\"kp-notification__thread\"{lang}>{html.Encode(n.ThreadTitle)}</span>";
        // Braces survive HTML encoding, so the placeholders are still there to fill in.
        return new HtmlString(string.Format(System.Globalization.CultureInfo.CurrentCulture, html.Encode(template.Value), actor, title));
    }
}
