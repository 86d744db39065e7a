using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Accounts;

public sealed class MembersModel(ProfileService profiles, AdminService admin) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? Gemeente { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    [BindProperty(SupportsGet = true)] public int Pagina { get; set; } = 1;
    public DirectoryPage Result { get; private set; } = new([], 0, 1, 24);
    public IReadOnlyList<ReferenceItem> Municipalities { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Q?.Length > 200) Q = Q[..200];
        Municipalities = await admin.MunicipalitiesAsync(ct);
        Result = await profiles.SearchAsync(Q, Gemeente, Tag, Pagina, Actor.From(User), ct);
    }
}
