using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Pilots;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Pilots;

public sealed class NewModel(PilotService pilots, AdminService admin, IStringLocalizer<SharedResource> t) : PilotFormPage(pilots, admin, t)
{
    public override string? Slug => null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!Actor.From(User).IsAdmin) throw new ForbiddenException("Only platform admins create pilots.");
        Form.PadRows();
        await LoadChoicesAsync(ct);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Actor.From(User).IsAdmin) throw new ForbiddenException("Only platform admins create pilots.");
        return SaveAsync((input, actor) => Pilots.CreateAsync(input, actor, ct), ct);
    }
}
