using Community.Core.Admin;
using Community.Core.Common;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Admin;

public sealed class MailModel(AdminService admin, IStringLocalizer<SharedResource> t) : PageModel
{
    public MailQueueOverview Overview { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Overview = await admin.MailQueueAsync(Actor.From(User), ct);

    public async Task<IActionResult> OnPostClearAsync(string? address, CancellationToken ct)
    {
        await admin.ClearFailingAddressAsync(address ?? "", Actor.From(User), ct);
        TempData["Message"] = t[Texts.Key("Mail naar {0} wordt weer verstuurd."), address ?? ""].Value;
        return RedirectToPage();
    }
}
