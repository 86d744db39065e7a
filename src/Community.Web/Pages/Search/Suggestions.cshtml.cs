using Community.Core.Common;
using Community.Core.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Search;

/// <summary>Titles that start with what is typed in a search box, for the suggestion list (an enhancement; the form works without it).</summary>
public sealed class SuggestionsModel(SearchService search, IStringLocalizer<SharedResource> t) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? q, CancellationToken ct)
    {
        var suggestions = await search.SuggestAsync(q, Actor.From(User), ct);
        return new JsonResult(suggestions.Select(s => new { title = s.Title, url = s.Url, type = SearchService.TypeNames[s.Type], typeLabel = t[SearchLabels.Type(s.Type)].Value }));
    }
}
