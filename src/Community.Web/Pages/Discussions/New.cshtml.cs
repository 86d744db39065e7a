using System.ComponentModel.DataAnnotations;
using Community.Core.Common;
using Community.Core.Discussions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Discussions;

public sealed class NewModel(DiscussionService discussions, IStringLocalizer<SharedResource> t) : PageModel
{
    public DiscussionPlace Place { get; private set; } = null!;
    [BindProperty] public ThreadForm Input { get; set; } = new();
    [BindProperty] public bool ConfirmedNoPersonalData { get; set; }
    public PersonalDataReview Review { get; private set; } = PersonalDataReview.None;

    public sealed record ThreadForm
    {
        public ThreadKind Kind { get; init; } = ThreadKind.Question;
        [Required(ErrorMessage = "Geef een titel."), StringLength(DiscussionRules.TitleMaxLength, ErrorMessage = "De titel mag maximaal {1} tekens zijn.")]
        public string? Title { get; init; }
        [Required(ErrorMessage = "Schrijf een tekst."), StringLength(DiscussionRules.BodyMaxLength, ErrorMessage = "De tekst mag maximaal {1} tekens zijn.")]
        public string? Body { get; init; }
        [StringLength(200, ErrorMessage = "Maximaal {1} tekens.")]
        public string? Tags { get; init; }
    }

    public async Task OnGetAsync(string slug, ThreadKind? soort, CancellationToken ct)
    {
        Place = await WritablePlaceAsync(slug, ct);
        if (soort is { } kind && Enum.IsDefined(kind)) Input = Input with { Kind = kind };
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        Place = await WritablePlaceAsync(slug, ct);
        if (!Enum.IsDefined(Input.Kind)) ModelState.AddModelError("Input.Kind", t["Kies vraag of discussie."]);
        if (!ModelState.IsValid) return Page();
        try
        {
            var id = await discussions.CreateThreadAsync(slug, new ThreadInput(Input.Kind, Input.Title, Input.Body, Input.Tags, ConfirmedNoPersonalData), Actor.From(User), ct);
            TempData["Message"] = (Input.Kind == ThreadKind.Question ? t["Je vraag is geplaatst."] : t["Je discussie is geplaatst."]).Value;
            return Redirect(DiscussionUrls.Thread(slug, id, Input.Title!.Trim()));
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("Input." + e.Field, e.Localize(t));
        }
        catch (PersonalDataFoundException e)
        {
            Review = PersonalDataReview.For(e, Input.Title, Input.Body, ModelState, field => "Input." + field, t);
        }
        return Page();
    }

    private async Task<DiscussionPlace> WritablePlaceAsync(string slug, CancellationToken ct)
    {
        var place = await discussions.PlaceAsync(slug, Actor.From(User), ct);
        if (!place.Permissions.CanRead || !place.Permissions.CanWrite) throw new ForbiddenException("Only members start discussions.");
        return place;
    }
}
