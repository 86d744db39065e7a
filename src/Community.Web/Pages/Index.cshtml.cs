using Community.Core.Pilots;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages;

public sealed class IndexModel(PilotService pilots) : PageModel
{
    public IReadOnlyList<PilotListItem> Recent { get; private set; } = [];
    public IReadOnlyList<(PilotPhase Phase, int Count)> Phases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Recent = (await pilots.ListAsync(new PilotFilter(Sort: PilotSort.Updated), ct)).Pilots.Take(6).ToList();
        Phases = await pilots.PhaseCountsAsync(ct);
    }
}
