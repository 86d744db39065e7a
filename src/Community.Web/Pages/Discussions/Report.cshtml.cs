using Community.Core.Common;
using Community.Core.Discussions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Discussions;

public sealed class ReportModel(DiscussionService discussions, ModerationService moderation, IStringLocalizer<SharedResource> t) : PageModel
{
    public ThreadView Thread { get; private set; } = null!;
    public PostView Post { get; private set; } = null!;
    [BindProperty] public ReportReason? Reason { get; set; }
    [BindProperty, System.ComponentModel.DataAnnotations.StringLength(DiscussionRules.ReportNoteMaxLength, ErrorMessage = "De toelichting mag maximaal {1} tekens zijn.")]
    public string? Note { get; set; }

    public async Task OnGetAsync(string slug, int id, int postId, CancellationToken ct) => await LoadAsync(slug, id, postId, ct);

    public async Task<IActionResult> OnPostAsync(string slug, int id, int postId, CancellationToken ct)
    {
        await LoadAsync(slug, id, postId, ct);
        if (Reason is null) ModelState.AddModelError(nameof(Reason), t["Kies een reden."]);
        if (ModelState.IsValid)
        {
            try
            {
                await moderation.ReportAsync(slug, id, postId, Reason!.Value, Note, Actor.From(User), ct);
                TempData["Message"] = t["Dank je. De coördinatoren bekijken je melding."].Value;
                return Redirect(DiscussionUrls.Post(slug, id, Thread.Title, postId));
            }
            catch (RuleException e)
            {
                ModelState.AddModelError(e.Field ?? nameof(Reason), e.Localize(t));
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(string slug, int id, int postId, CancellationToken ct)
    {
        Thread = await discussions.GetAsync(slug, id, Actor.From(User), ct);
        Post = Thread.Posts.FirstOrDefault(p => p.Id == postId) ?? throw new NotFoundException("post");
        if (!Post.CanReport) throw new ForbiddenException("This post cannot be reported by this actor.");
    }
}
