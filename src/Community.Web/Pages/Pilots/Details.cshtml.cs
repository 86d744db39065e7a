using Community.Web.Infrastructure;
using System.ComponentModel.DataAnnotations;
using Community.Core.Common;
using Community.Core.KnowledgeQuestions;
using Community.Core.Pilots;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Pilots;

public sealed class DetailsModel(PilotService pilots, EvaluationService evaluations, KnowledgeQuestionService questions, TimeProvider clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public PilotDetails Details { get; private set; } = null!;
    public Evaluation? Evaluation { get; private set; }
    public IReadOnlyList<KnowledgeQuestionView> RaisedQuestions { get; private set; } = [];
    public IReadOnlyList<KnowledgeQuestionView> TakenUpQuestions { get; private set; } = [];
    [BindProperty] public ProgressInput Progress { get; set; } = new();

    public sealed record ProgressInput
    {
        [Required(ErrorMessage = "Vul een datum in.")]
        public DateOnly? Date { get; init; }
        [Required(ErrorMessage = "Geef de voortgang een titel."), StringLength(200, ErrorMessage = "Maximaal 200 tekens.")]
        public string Title { get; init; } = "";
        [Required(ErrorMessage = "Beschrijf de voortgang."), StringLength(20000, ErrorMessage = "Maximaal 20.000 tekens.")]
        public string Body { get; init; } = "";
    }

    public async Task OnGetAsync(string slug, CancellationToken ct)
    {
        await LoadAsync(slug, Actor.From(User), ct);
        Progress = new ProgressInput { Date = DateOnly.FromDateTime(clock.GetLocalNow().DateTime) };
    }

    public async Task<IActionResult> OnPostProgressAsync(string slug, CancellationToken ct)
    {
        var actor = Actor.From(User);
        if (ModelState.IsValid)
        {
            try
            {
                await pilots.AddProgressUpdateAsync(slug, new ProgressUpdateInput(Progress.Date!.Value, Progress.Title, Progress.Body), actor, ct);
                TempData["Message"] = t["De voortgang is geplaatst."].Value;
                return Redirect($"/pilots/{slug}#voortgang");
            }
            catch (RuleException e)
            {
                ModelState.AddModelError("Progress." + e.Field, e.Localize(t));
            }
        }
        await LoadAsync(slug, actor, ct);
        if (!Details.CanEdit) throw new ForbiddenException("Only coordinators and admins post progress updates.");
        return Page();
    }

    private async Task LoadAsync(string slug, Actor actor, CancellationToken ct)
    {
        Details = await pilots.GetAsync(slug, actor, ct);
        Evaluation = await evaluations.ForPilotAsync(Details.Pilot.Id, ct);
        (RaisedQuestions, TakenUpQuestions) = await questions.ForPilotAsync(Details.Pilot.Id, actor, ct);
    }

    public async Task<IActionResult> OnPostDeleteProgressAsync(string slug, int updateId, CancellationToken ct)
    {
        await pilots.DeleteProgressUpdateAsync(slug, updateId, Actor.From(User), ct);
        TempData["Message"] = t["De voortgang is verwijderd."].Value;
        return Redirect($"/pilots/{slug}#voortgang");
    }
}
