using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Discussions;

/// <summary>The coordinators' queue of reported posts, the privacy-guard setting and the moderation log of one community.</summary>
public sealed class ModerationModel(ModerationService moderation, IStringLocalizer<SharedResource> t) : PageModel
{
    public ModerationOverview Overview { get; private set; } = null!;

    /// <summary>The privacy-guard setting as posted; null when nothing was chosen.</summary>
    [BindProperty] public PrivacyGuardMode? Mode { get; set; }

    public async Task OnGetAsync(string slug, CancellationToken ct) => await LoadAsync(slug, ct);

    public Task<IActionResult> OnPostHideAsync(string slug, int postId, CancellationToken ct) =>
        ResolveAsync(slug, postId, ReportResolution.Hidden, Texts.Key("Het bericht is verborgen en de melding is afgehandeld."), ct);

    public Task<IActionResult> OnPostKeepAsync(string slug, int postId, CancellationToken ct) =>
        ResolveAsync(slug, postId, ReportResolution.Kept, Texts.Key("Het bericht blijft staan en de melding is afgehandeld."), ct);

    public Task<IActionResult> OnPostWarnAsync(string slug, int postId, CancellationToken ct) =>
        ResolveAsync(slug, postId, ReportResolution.Warned, Texts.Key("Het bericht blijft staan en de auteur heeft een waarschuwing gekregen."), ct);

    public async Task<IActionResult> OnPostPrivacyGuardAsync(string slug, CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        if (ModelState.IsValid)
        {
            try
            {
                // No choice is no defined value: the service refuses it with its own message.
                await moderation.SetPrivacyGuardAsync(slug, Mode ?? (PrivacyGuardMode)(-1), Actor.From(User), ct);
                TempData["Message"] = t["De instelling van de privacybewaking is opgeslagen."].Value;
                return Redirect(PageUrl(slug));
            }
            catch (RuleException e)
            {
                ModelState.AddModelError(nameof(Mode), e.Localize(t));
            }
        }
        await LoadAsync(slug, ct);
        return Page();
    }

    private async Task<IActionResult> ResolveAsync(string slug, int postId, ReportResolution resolution, string done, CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        try
        {
            await moderation.ResolveAsync(slug, postId, resolution, Actor.From(User), ct);
            TempData["Message"] = t[done].Value;
            return Redirect(PageUrl(slug));
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("", e.Localize(t));
            await LoadAsync(slug, ct);
            return Page();
        }
    }

    private async Task LoadAsync(string slug, CancellationToken ct)
    {
        Overview = await moderation.OverviewAsync(slug, Actor.From(User), ct);
        Mode ??= Overview.Place.PrivacyGuard;
    }

    public static string PageUrl(string slug) => $"/pilots/{slug}/leergemeenschap/moderatie";
}
