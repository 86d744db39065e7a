using Community.Core.Common;
using Community.Core.Discussions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Community.Web.Pages.Discussions;

public sealed class IndexModel(DiscussionService discussions) : PageModel
{
    [BindProperty(SupportsGet = true)] public ThreadShow Toon { get; set; }
    [BindProperty(SupportsGet = true)] public string? Label { get; set; }
    [BindProperty(SupportsGet = true)] public ThreadSort Sorteer { get; set; }
    [BindProperty(SupportsGet = true)] public int Pagina { get; set; } = 1;

    public ThreadListPage Result { get; private set; } = null!;

    public async Task OnGetAsync(string slug, CancellationToken ct)
    {
        // Hand-edited filter values are ignored rather than answered with an error.
        ModelState.Clear();
        if (!Enum.IsDefined(Toon)) Toon = ThreadShow.All;
        if (!Enum.IsDefined(Sorteer)) Sorteer = ThreadSort.Activity;
        if (Label?.Length > DiscussionRules.TagMaxLength) Label = null;
        Result = await discussions.ListAsync(slug, new ThreadFilter(Toon, Label, Sorteer, Pagina), Actor.From(User), ct);
    }

    public string ListUrl(ThreadShow? show = null, string? tag = "", ThreadSort? sort = null, int page = 1) =>
        QueryHelpers.AddQueryString(DiscussionUrls.List(Result.Place.PilotSlug), new Dictionary<string, string?>
        {
            ["toon"] = (show ?? Toon) == ThreadShow.All ? null : (show ?? Toon).ToString(),
            ["label"] = tag == "" ? Result.Filter.Tag : tag,
            ["sorteer"] = (sort ?? Sorteer) == ThreadSort.Activity ? null : (sort ?? Sorteer).ToString(),
            ["pagina"] = page == 1 ? null : page.ToString(),
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
