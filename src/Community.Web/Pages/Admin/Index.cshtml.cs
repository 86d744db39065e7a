using Community.Core.Admin;
using Community.Core.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Admin;

public sealed class IndexModel(AdminService admin) : PageModel
{
    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.From(User);
        Audit = await admin.RecentAuditAsync(actor, ct);
        Names = (await admin.UsersAsync(null, actor, ct)).ToDictionary(u => u.Id, u => u.DisplayName);
    }
}
