using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Pilots;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Lessons;

/// <summary>Lessen: every lesson learned the visitor may read, across pilots.</summary>
public sealed class IndexModel(WikiService wiki, AdminService admin, PilotService pilots) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Thema { get; set; }
    [BindProperty(SupportsGet = true)] public string? Gemeente { get; set; }
    [BindProperty(SupportsGet = true)] public string? Pilot { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }

    public IReadOnlyList<LessonListItem> Lessons { get; private set; } = [];
    public IReadOnlyList<ReferenceItem> Themes { get; private set; } = [];
    public IReadOnlyList<ReferenceItem> Municipalities { get; private set; } = [];
    public IReadOnlyList<(int Id, string Slug, string Title)> Pilots { get; private set; } = [];
    public IReadOnlyList<string> Tags { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Unknown filter values (hand-edited URLs) are ignored rather than answered with an error.
        ModelState.Clear();
        var actor = Actor.From(User);
        Themes = await admin.ThemesAsync(ct);
        Municipalities = await admin.MunicipalitiesAsync(ct);
        Pilots = await pilots.AllTitlesAsync(ct);
        Tags = await wiki.LessonTagsAsync(actor, ct);
        if (Tag?.Length > 50) Tag = null;
        var theme = Themes.FirstOrDefault(t => t.Slug == Thema);
        var municipality = Municipalities.FirstOrDefault(m => m.Slug == Gemeente);
        var pilot = Pilots.FirstOrDefault(p => p.Slug == Pilot).Slug;
        Lessons = await wiki.LessonsAsync(new LessonFilter(theme?.Id, municipality?.Id, pilot, Tag), actor, ct);
    }
}
