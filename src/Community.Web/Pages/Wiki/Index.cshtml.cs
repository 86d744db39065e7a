using Community.Core.Common;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Wiki;

public sealed class IndexModel(WikiService wiki) : PageModel
{
    public WikiIndex Wiki { get; private set; } = null!;

    public async Task OnGetAsync(string slug, CancellationToken ct) => Wiki = await wiki.IndexAsync(slug, Actor.From(User), ct);
}
