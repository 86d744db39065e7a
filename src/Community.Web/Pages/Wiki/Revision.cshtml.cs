using Community.Web.Infrastructure;
using Community.Core.Common;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Wiki;

public sealed class RevisionModel(WikiService wiki, IStringLocalizer<SharedResource> t) : PageModel
{
    public WikiContext Context { get; private set; } = null!;
    public string PageSlug { get; private set; } = "";
    public WikiRevisionView Revision { get; private set; } = null!;
    public int Current { get; private set; }
    public string Html { get; private set; } = "";

    public async Task OnGetAsync(string slug, string pageSlug, int number, CancellationToken ct)
    {
        (Context, PageSlug, Revision, Current) = await wiki.RevisionAsync(slug, pageSlug, number, Actor.From(User), ct);
        // Old text renders through the same safe pipeline; its [[links]] go to today's pages.
        Html = Markdown.ToWikiHtml(Revision.Body, title => new WikiLinkTarget(Context.Url(WikiService.SlugFor(title)), true), "").Html;
    }

    public async Task<IActionResult> OnPostRestoreAsync(string slug, string pageSlug, int number, CancellationToken ct)
    {
        try
        {
            var current = await wiki.RestoreRevisionAsync(slug, pageSlug, number, Actor.From(User), ct);
            TempData["Message"] = t["Versie {0} is teruggezet als nieuwe versie.", number].Value;
            return Redirect($"/pilots/{slug}/wiki/{current}");
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("", e.Localize(t));
        }
        catch (EditConflictException)
        {
            ModelState.AddModelError("", t["Iemand anders heeft de pagina net opgeslagen. Bekijk de nieuwste versie en probeer het opnieuw."].Value);
        }
        await OnGetAsync(slug, pageSlug, number, ct);
        return Page();
    }
}
