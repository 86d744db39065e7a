using System.ComponentModel.DataAnnotations;
using Community.Core.Common;
using Community.Core.Discussions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Discussions;

public sealed class ThreadModel(DiscussionService discussions, ModerationService moderation, IStringLocalizer<SharedResource> t) : PageModel
{
    public ThreadView Thread { get; private set; } = null!;
    public IReadOnlyList<MoveTarget> MoveTargets { get; private set; } = [];
    public PersonalDataReview Review { get; private set; } = PersonalDataReview.None;
    public bool ReplyRefused { get; private set; }

    [BindProperty] public ReplyForm Reply { get; set; } = new();
    [BindProperty] public bool ConfirmedNoPersonalData { get; set; }

    public sealed record ReplyForm
    {
        [Required(ErrorMessage = "Schrijf een tekst."), StringLength(DiscussionRules.BodyMaxLength, ErrorMessage = "De tekst mag maximaal {1} tekens zijn.")]
        public string? Body { get; init; }
    }

    public async Task<IActionResult> OnGetAsync(string slug, int id, string? titleSlug, int? citeer, CancellationToken ct)
    {
        await LoadAsync(slug, id, ct);
        // Old or hand-typed title in the address: send the reader to the one address of this thread.
        var canonical = Thread.Url;
        if (!string.Equals(Request.Path.Value, canonical, StringComparison.Ordinal))
            return Redirect(canonical + Request.QueryString);
        if (citeer is int quoted && Thread.CanReply)
            Reply = new ReplyForm { Body = await discussions.QuoteAsync(slug, id, quoted, Actor.From(User), ct) };
        return Page();
    }

    public async Task<IActionResult> OnPostReplyAsync(string slug, int id, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var postId = await discussions.ReplyAsync(slug, id, Reply.Body, ConfirmedNoPersonalData, Actor.From(User), ct);
                TempData["Message"] = t["Je reactie is geplaatst."].Value;
                return await BackToAsync(slug, id, postId, ct);
            }
            catch (RuleException e)
            {
                ModelState.AddModelError("Reply.Body", e.Localize(t));
            }
            catch (PersonalDataFoundException e)
            {
                Review = PersonalDataReview.For(e, null, Reply.Body, ModelState, _ => "Reply.Body", t);
            }
        }
        await LoadAsync(slug, id, ct);
        if (!Thread.Place.Permissions.CanWrite) throw new ForbiddenException("Only members reply.");
        // Locked meanwhile: the form stays, with the text and the reason, so nothing typed is lost.
        ReplyRefused = true;
        return Page();
    }

    public Task<IActionResult> OnPostVoteAsync(string slug, int id, int postId, bool useful, CancellationToken ct) =>
        ActAsync(slug, id, postId, () => discussions.VoteAsync(slug, id, postId, useful, Actor.From(User), ct), null, ct);

    public Task<IActionResult> OnPostAcceptAsync(string slug, int id, int postId, bool accept, CancellationToken ct) =>
        ActAsync(slug, id, postId, () => discussions.AcceptAsync(slug, id, postId, accept, Actor.From(User), ct),
            accept ? t["Het antwoord is geaccepteerd."] : t["Het antwoord is niet meer geaccepteerd."], ct);

    public Task<IActionResult> OnPostFollowAsync(string slug, int id, bool follow, CancellationToken ct) =>
        ActAsync(slug, id, null, () => discussions.FollowAsync(slug, id, follow, Actor.From(User), ct),
            follow ? t["Je volgt deze discussie. Je krijgt een melding bij nieuwe reacties."] : t["Je volgt deze discussie niet meer."], ct);

    public Task<IActionResult> OnPostDeleteAsync(string slug, int id, int postId, CancellationToken ct) =>
        ActAsync(slug, id, postId, () => discussions.DeleteAsync(slug, id, postId, Actor.From(User), ct), t["Je bericht is verwijderd."], ct);

    public Task<IActionResult> OnPostHideAsync(string slug, int id, int postId, bool hidden, CancellationToken ct) =>
        ActAsync(slug, id, postId, () => moderation.HideAsync(slug, id, postId, hidden, Actor.From(User), ct),
            hidden ? t["Het bericht is verborgen."] : t["Het bericht is weer zichtbaar."], ct);

    public Task<IActionResult> OnPostLockAsync(string slug, int id, bool locked, CancellationToken ct) =>
        ActAsync(slug, id, null, () => moderation.LockAsync(slug, id, locked, Actor.From(User), ct),
            locked ? t["De discussie is gesloten."] : t["De discussie is weer open."], ct);

    public Task<IActionResult> OnPostPinAsync(string slug, int id, bool pinned, CancellationToken ct) =>
        ActAsync(slug, id, null, () => moderation.PinAsync(slug, id, pinned, Actor.From(User), ct),
            pinned ? t["De discussie staat nu bovenaan."] : t["De discussie staat niet meer bovenaan."], ct);

    public async Task<IActionResult> OnPostMoveAsync(string slug, int id, string? targetSlug, CancellationToken ct)
    {
        try
        {
            var url = await moderation.MoveAsync(slug, id, targetSlug, Actor.From(User), ct);
            TempData["Message"] = t["De discussie is verplaatst."].Value;
            return Redirect(url);
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("targetSlug", e.Localize(t));
        }
        await LoadAsync(slug, id, ct);
        return Page();
    }

    private async Task<IActionResult> ActAsync(string slug, int id, int? postId, Func<Task> action, string? message, CancellationToken ct)
    {
        try
        {
            await action();
            if (message is not null) TempData["Message"] = message;
            return await BackToAsync(slug, id, postId, ct);
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("", e.Localize(t));
            await LoadAsync(slug, id, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    private async Task<IActionResult> BackToAsync(string slug, int id, int? postId, CancellationToken ct)
    {
        var url = await discussions.ThreadUrlAsync(id, ct);
        return Redirect(postId is int p ? $"{url}#bericht-{p}" : url);
    }

    private async Task LoadAsync(string slug, int id, CancellationToken ct)
    {
        var actor = Actor.From(User);
        Thread = await discussions.GetAsync(slug, id, actor, ct);
        if (Thread.Place.Permissions.CanManage) MoveTargets = await moderation.MoveTargetsAsync(slug, actor, ct);
    }
}
