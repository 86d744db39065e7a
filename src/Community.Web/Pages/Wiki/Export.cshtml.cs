using Community.Core.Common;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Wiki;

public sealed class ExportModel(WikiService wiki) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var (fileName, zip) = await wiki.ExportAsync(slug, Actor.From(User), ct);
        return File(zip, "application/zip", fileName);
    }
}
