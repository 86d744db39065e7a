using System.Globalization;
using Community.Core.Common;
using Community.Core.Search;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Search;

/// <summary>GET /api/search: the same search as /zoeken, under the same rights, as JSON; bad parameters are a problem+json 400.</summary>
public sealed class ApiModel(SearchService search, IStringLocalizer<SharedResource> t) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? q, [FromQuery(Name = "type")] string[]? type, [FromQuery(Name = "pilot")] string[]? pilot,
        [FromQuery(Name = "page")] string? pageNumber, string? sort, CancellationToken ct)
    {
        ModelState.Clear();
        var number = 1;
        // Not bound as "page": Razor Pages keeps that name for the page's own route value.
        if (!string.IsNullOrWhiteSpace(pageNumber) && !int.TryParse(pageNumber, NumberStyles.None, CultureInfo.InvariantCulture, out number))
            return Problem(t["Kies een pagina van 1 tot en met {0}.", SearchRules.MaxPage]);
        try
        {
            var outcome = await search.SearchAsync(new SearchInput { Q = q, Types = type ?? [], Pilots = pilot ?? [], Page = number, Sort = sort, IncludeFacets = false }, Actor.From(User), ct);
            var r = outcome.Result;
            return new JsonResult(new
            {
                query = outcome.Query,
                total = r.Total,
                took = Math.Round(r.Took.TotalMilliseconds, 1),
                page = outcome.Page,
                pageCount = outcome.PageCount,
                hits = r.Hits.Select(h => new
                {
                    type = SearchService.TypeNames[h.Type],
                    title = h.Title,
                    url = h.Url,
                    snippet = h.SnippetHtml,
                    pilot = h.PilotId is { } id && outcome.Pilots.TryGetValue(id, out var p) ? new { slug = p.Slug, title = p.Title } : null,
                    municipalities = h.Municipalities,
                    updated = h.Updated,
                }),
                suggestions = r.Suggestions,
            });
        }
        catch (RuleException e)
        {
            return Problem(e.Localize(t));
        }
    }

    private ObjectResult Problem(string detail) => new(new ProblemDetails
    {
        Status = StatusCodes.Status400BadRequest,
        Title = t["Ongeldige zoekopdracht"],
        Detail = detail,
    })
    {
        StatusCode = StatusCodes.Status400BadRequest,
        ContentTypes = { "application/problem+json" },
    };
}
