using System.ComponentModel.DataAnnotations;
using Community.Core.Common;
using Community.Core.KnowledgeQuestions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Pilots;

public sealed class EvaluationModel(EvaluationService evaluations, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public EvaluationForm Form { get; set; } = new();
    public string PilotSlug { get; private set; } = "";
    public string PilotTitle { get; private set; } = "";
    public bool PhaseAllows { get; private set; }

    public sealed record EvaluationForm
    {
        [Required(ErrorMessage = "Schrijf de belangrijkste conclusies op."), StringLength(20000, ErrorMessage = "Maximaal 20.000 tekens.")]
        public string Conclusions { get; init; } = "";
        [StringLength(20000, ErrorMessage = "Maximaal 20.000 tekens.")]
        public string? LearningPoints { get; init; }
        [StringLength(20000, ErrorMessage = "Maximaal 20.000 tekens.")]
        public string? ImprovementPoints { get; init; }
        [StringLength(5000, ErrorMessage = "Maximaal 5.000 tekens.")]
        public string? NewKnowledgeQuestions { get; init; }
    }

    public async Task OnGetAsync(string slug, CancellationToken ct)
    {
        var input = await LoadAsync(slug, ct);
        Form = new EvaluationForm
        {
            Conclusions = input.Conclusions, LearningPoints = input.LearningPoints, ImprovementPoints = input.ImprovementPoints,
            NewKnowledgeQuestions = input.NewKnowledgeQuestions,
        };
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        // Refuses (403/404) before anything is shown to someone who may not write the evaluation.
        await LoadAsync(slug, ct);
        if (ModelState.IsValid)
        {
            try
            {
                await evaluations.SaveAsync(slug, new EvaluationInput(Form.Conclusions, Form.LearningPoints, Form.ImprovementPoints, Form.NewKnowledgeQuestions),
                    Actor.From(User), ct);
                TempData["Message"] = t["De evaluatie is opgeslagen."].Value;
                return Redirect($"/pilots/{slug}#evaluatie");
            }
            catch (RuleException e)
            {
                ModelState.AddModelError(e.Field is null ? "" : "Form." + e.Field, e.Localize(t));
            }
        }
        return Page();
    }

    private async Task<EvaluationInput> LoadAsync(string slug, CancellationToken ct)
    {
        var (pilot, input) = await evaluations.GetInputAsync(slug, Actor.From(User), ct);
        PilotSlug = pilot.Slug;
        PilotTitle = pilot.Title;
        PhaseAllows = pilot.Phase >= Community.Core.Pilots.PilotPhase.Completion;
        return input;
    }
}
