using Community.Core.Common;
using Community.Core.Communities;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Communities;

public sealed class InvitationModel(CommunityService communities, IStringLocalizer<SharedResource> t) : PageModel
{
    public (string Slug, string Title)? Invitation { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        Invitation = await communities.GetInvitationAsync(token, ct);
        if (Invitation is null) Response.StatusCode = StatusCodes.Status404NotFound;
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        try
        {
            var slug = await communities.AcceptInvitationAsync(token, Actor.From(User), ct);
            TempData["Message"] = t["Welkom! Je bent nu lid van de leergemeenschap."].Value;
            return Redirect($"/pilots/{slug}/leergemeenschap");
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("", e.Localize(t));
            Invitation = await communities.GetInvitationAsync(token, ct);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
    }
}
