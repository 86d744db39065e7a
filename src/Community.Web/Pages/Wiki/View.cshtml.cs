using Community.Core.Common;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Wiki;

public sealed class ViewModel(WikiService wiki, IStringLocalizer<SharedResource> t) : PageModel
{
    public WikiPageView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, string pageSlug, CancellationToken ct)
    {
        var lookup = await wiki.GetAsync(slug, pageSlug, Actor.From(User), t["pagina bestaat nog niet"], ct);
        // The old address of a renamed page.
        if (lookup.RedirectTo is not null) return RedirectPermanent(lookup.RedirectTo);
        View = lookup.Page!;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, string pageSlug, CancellationToken ct)
    {
        await wiki.DeleteAsync(slug, pageSlug, Actor.From(User), ct);
        TempData["Message"] = t["De pagina is verwijderd. Een coördinator of beheerder kan haar terugzetten."].Value;
        return Redirect($"/pilots/{slug}/wiki");
    }

    public async Task<IActionResult> OnPostUndeleteAsync(string slug, string pageSlug, CancellationToken ct)
    {
        await wiki.UndeleteAsync(slug, pageSlug, Actor.From(User), ct);
        TempData["Message"] = t["De pagina is teruggezet."].Value;
        return Redirect($"/pilots/{slug}/wiki/{pageSlug}");
    }
}
