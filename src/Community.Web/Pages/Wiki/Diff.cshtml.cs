using Community.Core.Common;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Wiki;

public sealed class DiffModel(WikiService wiki) : PageModel
{
    public WikiDiff Diff { get; private set; } = null!;

    /// <summary>?van=1&amp;naar=3; without them, the last change.</summary>
    public async Task OnGetAsync(string slug, string pageSlug, int? van, int? naar, CancellationToken ct)
    {
        var actor = Actor.From(User);
        if (van is null || naar is null)
        {
            var history = await wiki.HistoryAsync(slug, pageSlug, actor, ct);
            naar ??= history.Current;
            van ??= Math.Max(1, naar.Value - 1);
        }
        Diff = await wiki.DiffAsync(slug, pageSlug, van.Value, naar.Value, actor, ct);
    }
}
