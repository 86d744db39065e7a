using Community.Core.Common;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Wiki;

public sealed class HistoryModel(WikiService wiki) : PageModel
{
    public WikiHistory History { get; private set; } = null!;

    public async Task OnGetAsync(string slug, string pageSlug, CancellationToken ct) => History = await wiki.HistoryAsync(slug, pageSlug, Actor.From(User), ct);
}
