using System.ComponentModel.DataAnnotations;
using Community.Core.Common;
using Community.Core.Discussions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Discussions;

public sealed class EditModel(DiscussionService discussions, IStringLocalizer<SharedResource> t) : PageModel
{
    public PostEdit Post { get; private set; } = null!;
    [BindProperty] public EditForm Input { get; set; } = new();
    [BindProperty] public bool ConfirmedNoPersonalData { get; set; }
    public PersonalDataReview Review { get; private set; } = PersonalDataReview.None;

    public sealed record EditForm
    {
        [StringLength(DiscussionRules.TitleMaxLength, ErrorMessage = "De titel mag maximaal {1} tekens zijn.")]
        public string? Title { get; init; }
        [Required(ErrorMessage = "Schrijf een tekst."), StringLength(DiscussionRules.BodyMaxLength, ErrorMessage = "De tekst mag maximaal {1} tekens zijn.")]
        public string? Body { get; init; }
        [StringLength(200, ErrorMessage = "Maximaal {1} tekens.")]
        public string? Tags { get; init; }
    }

    public async Task<IActionResult> OnGetAsync(string slug, int id, int postId, CancellationToken ct)
    {
        try
        {
            Post = await discussions.GetEditAsync(slug, id, postId, Actor.From(User), ct);
        }
        catch (RuleException e)
        {
            TempData["Message"] = e.Localize(t);
            return Redirect(await discussions.ThreadUrlAsync(id, ct));
        }
        Input = new EditForm { Title = Post.Title, Body = Post.Body, Tags = Post.Tags };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, int id, int postId, CancellationToken ct)
    {
        var actor = Actor.From(User);
        Post = await discussions.GetEditAsync(slug, id, postId, actor, ct);
        if (!ModelState.IsValid) return Page();
        try
        {
            await discussions.EditAsync(slug, id, postId, Input.Title, Input.Body, Input.Tags, ConfirmedNoPersonalData, actor, ct);
            TempData["Message"] = t["Je wijziging is opgeslagen."].Value;
            return Redirect($"{await discussions.ThreadUrlAsync(id, ct)}#bericht-{postId}");
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("Input." + (e.Field ?? "Body"), e.Localize(t));
        }
        catch (PersonalDataFoundException e)
        {
            Review = PersonalDataReview.For(e, Input.Title, Input.Body, ModelState, field => "Input." + field, t);
        }
        return Page();
    }
}
