using System.Globalization;
using Community.Core.Common;
using Community.Core.Search;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Search;

/// <summary>/zoeken: results with filters that carry their counts; every link keeps the other filters. Works without script.</summary>
public sealed class IndexModel(SearchService search, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public string[] Types { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "pilot")] public string[] Pilots { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "gemeente")] public string[] Gemeenten { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "thema")] public string[] Themas { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string? Van { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tot { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sorteer { get; set; }
    /// <summary>Bound as text: "-1" or "abc" in a hand-edited address gets a sentence, not a model-binding error.</summary>
    [BindProperty(SupportsGet = true)] public string? Pagina { get; set; }

    public SearchOutcome Outcome { get; private set; } = SearchOutcome.Empty;
    public string? Error { get; private set; }
    public bool Searched { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var page = 1;
        if (!string.IsNullOrWhiteSpace(Pagina) && !int.TryParse(Pagina, NumberStyles.None, CultureInfo.InvariantCulture, out page))
            return Refuse(t["Kies een pagina van 1 tot en met {0}.", SearchRules.MaxPage]);
        try
        {
            Outcome = await search.SearchAsync(new SearchInput
            {
                Q = Q, Types = Types, Pilots = Pilots, Municipalities = Gemeenten, Themes = Themas, From = Van, To = Tot, Sort = Sorteer, Page = page,
            }, Actor.From(User), ct);
            // Words, or filters alone (browsing): the service answers both and returns Empty only for neither.
            Searched = !ReferenceEquals(Outcome, SearchOutcome.Empty);
        }
        catch (RuleException e)
        {
            return Refuse(e.Localize(t));
        }
        return Page();
    }

    private PageResult Refuse(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>This search's address with one parameter changed: <paramref name="value"/> null removes it, <paramref name="toggle"/> adds or removes one value of a list.</summary>
    public string Link(string name, string? value, bool toggle = false, bool keepPage = false)
    {
        var values = new List<KeyValuePair<string, string?>>();
        void Add(string key, IEnumerable<string?> items) => values.AddRange(items.Where(i => !string.IsNullOrEmpty(i)).Select(i => new KeyValuePair<string, string?>(key, i)));
        Add("q", [name == "q" ? value : Outcome.Query.Length > 0 ? Outcome.Query : Q]);
        foreach (var (key, list) in new[] { ("type", Types), ("pilot", Pilots), ("gemeente", Gemeenten), ("thema", Themas) })
        {
            if (key != name) { Add(key, list); continue; }
            if (!toggle) { Add(key, [value]); continue; }
            Add(key, value is null ? list : list.Contains(value) ? list.Where(v => v != value) : [.. list, value]);
        }
        foreach (var (key, current) in new[] { ("van", Van), ("tot", Tot), ("sorteer", Sorteer) })
            Add(key, [key == name ? value : current]);
        if (name == "pagina") Add("pagina", [value]);
        else if (keepPage) Add("pagina", [Pagina]);
        return "/zoeken" + QueryString.Create(values).ToUriComponent();
    }

    public bool IsSelected(string name, string value) => name switch
    {
        "type" => Types.Contains(value),
        "pilot" => Pilots.Contains(value),
        "gemeente" => Gemeenten.Contains(value),
        "thema" => Themas.Contains(value),
        _ => false,
    };

    /// <summary>A pilot facet's value as the index gives it (its id), shown as the pilot's title and filtered by its slug.</summary>
    public SearchPilot? PilotOf(string facetValue) =>
        int.TryParse(facetValue, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? Outcome.Pilots.GetValueOrDefault(id)
            : Outcome.Pilots.Values.FirstOrDefault(p => p.Title == facetValue || p.Slug == facetValue);
}
