using Community.Core.Common;
using Community.Core.KnowledgeQuestions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.KnowledgeQuestions;

public sealed class DetailsModel(KnowledgeQuestionService questions, IStringLocalizer<SharedResource> t) : PageModel
{
    public KnowledgeQuestionDetails Details { get; private set; } = null!;
    [BindProperty] public string? PilotSlug { get; set; }

    public async Task OnGetAsync(int id, CancellationToken ct) => Details = await questions.GetAsync(id, Actor.From(User), ct);

    public async Task<IActionResult> OnPostVoteAsync(int id, CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        var voted = await questions.ToggleVoteAsync(id, Actor.From(User), ct);
        TempData["Message"] = voted ? t["Je stem is geteld."].Value : t["Je stem is ingetrokken."].Value;
        return Redirect($"/kennisvragen/{id}");
    }

    public async Task<IActionResult> OnPostTakeUpAsync(int id, CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        try
        {
            await questions.TakeUpAsync(id, PilotSlug ?? "", Actor.From(User), ct);
            TempData["Message"] = t["De pilot pakt deze kennisvraag op."].Value;
            return Redirect($"/kennisvragen/{id}");
        }
        catch (RuleException e)
        {
            ModelState.AddModelError(nameof(PilotSlug), e.Localize(t));
        }
        Details = await questions.GetAsync(id, Actor.From(User), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReleaseAsync(int id, CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        await questions.ReleaseAsync(id, Actor.From(User), ct);
        TempData["Message"] = t["De koppeling met de pilot is weggehaald."].Value;
        return Redirect($"/kennisvragen/{id}");
    }
}
