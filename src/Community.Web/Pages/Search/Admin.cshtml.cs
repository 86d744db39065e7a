using Community.Core.Common;
using Community.Core.Search;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Search;

/// <summary>/beheer/zoeken: the synonym list, and the searches that found nothing (each can become a knowledge question).</summary>
[Authorize(Policy = "Admin")]
public sealed class AdminModel(SearchAdminService admin, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public string? Terms { get; set; }
    public IReadOnlyList<SynonymView> Synonyms { get; private set; } = [];
    public IReadOnlyList<SearchMissView> Misses { get; private set; } = [];
    /// <summary>A refused edit: the row shows what was typed, with the message.</summary>
    public (int Id, string Terms)? FailedEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) =>
        ActAsync(actor => admin.SaveSynonymAsync(null, Terms, actor, ct), Texts.Key("De synoniemen zijn toegevoegd."), nameof(Terms), ct);

    public Task<IActionResult> OnPostSaveAsync(int id, string? terms, CancellationToken ct)
    {
        FailedEdit = (id, terms ?? "");
        return ActAsync(actor => admin.SaveSynonymAsync(id, terms, actor, ct), Texts.Key("De synoniemen zijn opgeslagen."), EditField(id), ct);
    }

    public Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct) =>
        ActAsync(actor => admin.DeleteSynonymAsync(id, actor, ct), Texts.Key("De synoniemen zijn verwijderd."), "", ct);

    public async Task<IActionResult> OnPostMakeQuestionAsync(int id, CancellationToken ct)
    {
        var questionId = await admin.MakeKnowledgeQuestionAsync(id, Actor.From(User), ct);
        TempData["Message"] = t["De zoekvraag staat nu als kennisvraag op de lijst."].Value;
        return Redirect($"/kennisvragen/{questionId}");
    }

    public static string EditField(int id) => $"synoniem-{id}";

    private async Task<IActionResult> ActAsync(Func<Actor, Task> action, string done, string field, CancellationToken ct)
    {
        try
        {
            await action(Actor.From(User));
            TempData["Message"] = t[done].Value;
            return Redirect("/beheer/zoeken");
        }
        catch (RuleException e)
        {
            ModelState.AddModelError(field, e.Localize(t));
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.From(User);
        Synonyms = await admin.SynonymsAsync(actor, ct);
        Misses = await admin.MissesAsync(actor, 50, ct);
    }
}
