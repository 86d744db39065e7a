using Community.Web.Infrastructure;
using Community.Core.Admin;
using Community.Core.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Admin;

public sealed class UsersModel(AdminService admin, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<AdminUserRow> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Users = await admin.UsersAsync(Q, Actor.From(User), ct);

    public Task<IActionResult> OnPostLockAsync(string userId, CancellationToken ct) => ActAsync(() => admin.LockAsync(userId, Actor.From(User), ct), Texts.Key("De gebruiker is geblokkeerd."), ct);
    public Task<IActionResult> OnPostUnlockAsync(string userId, CancellationToken ct) => ActAsync(() => admin.UnlockAsync(userId, Actor.From(User), ct), Texts.Key("De gebruiker is gedeblokkeerd."), ct);
    public Task<IActionResult> OnPostMakeAdminAsync(string userId, CancellationToken ct) => ActAsync(() => admin.SetAdminAsync(userId, true, Actor.From(User), ct), Texts.Key("De gebruiker is nu beheerder."), ct);
    public Task<IActionResult> OnPostRemoveAdminAsync(string userId, CancellationToken ct) => ActAsync(() => admin.SetAdminAsync(userId, false, Actor.From(User), ct), Texts.Key("De beheerrechten zijn ingetrokken."), ct);

    private async Task<IActionResult> ActAsync(Func<Task> action, string done, CancellationToken ct)
    {
        try
        {
            await action();
            TempData["Message"] = t[done].Value;
            return RedirectToPage(new { q = Q });
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("", e.Localize(t));
            await OnGetAsync(ct);
            return Page();
        }
    }
}
