using Community.Core.Admin;
using Community.Core.Pilots;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Pilots;

public sealed class EditModel(PilotService pilots, AdminService admin, IStringLocalizer<SharedResource> t) : PilotFormPage(pilots, admin, t)
{
    public override string? Slug => (string?)RouteData.Values["slug"];

    public async Task OnGetAsync(string slug, CancellationToken ct)
    {
        Form = PilotForm.From(await Pilots.GetInputAsync(slug, Community.Core.Common.Actor.From(User), ct));
        Form.PadRows();
        await LoadChoicesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        // Refuse before re-rendering anything for someone who may not edit.
        await Pilots.GetInputAsync(slug, Community.Core.Common.Actor.From(User), ct);
        return await SaveAsync(async (input, actor) => { await Pilots.UpdateAsync(slug, input, actor, ct); return slug; }, ct);
    }
}
