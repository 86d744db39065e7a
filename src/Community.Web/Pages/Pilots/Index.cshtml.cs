using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Pilots;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Pilots;

public sealed class IndexModel(PilotService pilots, AdminService admin) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Gemeente { get; set; }
    [BindProperty(SupportsGet = true)] public string? Thema { get; set; }
    [BindProperty(SupportsGet = true)] public PilotPhase? Fase { get; set; }
    [BindProperty(SupportsGet = true)] public PilotSort Sorteer { get; set; }
    [BindProperty(SupportsGet = true)] public int Pagina { get; set; } = 1;

    public PilotPage Result { get; private set; } = new([], 0, 1, PilotService.PageSize);
    public IReadOnlyList<ReferenceItem> Municipalities { get; private set; } = [];
    public IReadOnlyList<ReferenceItem> Themes { get; private set; } = [];
    public bool CanCreate => Actor.From(User).IsAdmin;

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Unknown filter values (hand-edited URLs) are ignored rather than answered with an error.
        ModelState.Clear();
        if (Q?.Length > 200) Q = Q[..200];
        Municipalities = await admin.MunicipalitiesAsync(ct);
        Themes = await admin.ThemesAsync(ct);
        var municipality = Municipalities.FirstOrDefault(m => m.Slug == Gemeente);
        var theme = Themes.FirstOrDefault(t => t.Slug == Thema);
        if (Fase is { } f && !Enum.IsDefined(f)) Fase = null;
        if (!Enum.IsDefined(Sorteer)) Sorteer = PilotSort.Updated;
        Result = await pilots.ListAsync(new PilotFilter(municipality?.Id, theme?.Id, Fase, Q, Sorteer, Pagina), ct);
    }

    /// <summary>The address of another page of the same filtered list.</summary>
    public string PageUrl(int page) => QueryHelpers.AddQueryString("/pilots", new Dictionary<string, string?>
    {
        ["q"] = Q, ["gemeente"] = Gemeente, ["thema"] = Thema, ["fase"] = Fase?.ToString(),
        ["sorteer"] = Sorteer == PilotSort.Updated ? null : Sorteer.ToString(), ["pagina"] = page.ToString(),
    }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
