using System.ComponentModel.DataAnnotations;
using Community.Core.Common;
using Community.Core.KnowledgeQuestions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.KnowledgeQuestions;

public sealed class IndexModel(KnowledgeQuestionService questions, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public KnowledgeQuestionSort Sorteer { get; set; }
    [BindProperty(SupportsGet = true)] public bool Open { get; set; }
    [BindProperty] public AskForm Ask { get; set; } = new();

    public IReadOnlyList<KnowledgeQuestionView> Questions { get; private set; } = [];
    public bool IsAdmin => Actor.From(User).IsAdmin;

    public sealed record AskForm
    {
        [Required(ErrorMessage = "Formuleer de kennisvraag."), StringLength(500, ErrorMessage = "Maximaal 500 tekens.")]
        public string Text { get; init; } = "";
        [StringLength(4000, ErrorMessage = "Maximaal 4.000 tekens.")]
        public string? Explanation { get; init; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAskAsync(CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        if (ModelState.IsValid)
        {
            try
            {
                var id = await questions.AskAsync(new KnowledgeQuestionInput(Ask.Text, Ask.Explanation), Actor.From(User), ct);
                TempData["Message"] = t["Je kennisvraag staat op de lijst."].Value;
                return Redirect($"/kennisvragen/{id}");
            }
            catch (RuleException e)
            {
                ModelState.AddModelError("Ask." + e.Field, e.Localize(t));
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostVoteAsync(int id, CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        var voted = await questions.ToggleVoteAsync(id, Actor.From(User), ct);
        TempData["Message"] = voted ? t["Je stem is geteld."].Value : t["Je stem is ingetrokken."].Value;
        return Redirect($"/kennisvragen#vraag-{id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!Enum.IsDefined(Sorteer)) Sorteer = KnowledgeQuestionSort.Votes;
        Questions = await questions.ListAsync(Sorteer, Open, Actor.From(User), ct);
    }
}
