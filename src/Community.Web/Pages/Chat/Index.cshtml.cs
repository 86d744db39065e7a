using System.ComponentModel.DataAnnotations;
using Community.Core.Chat;
using Community.Core.Common;
using Community.Core.Discussions;
using Community.Web.Infrastructure;
using Community.Web.Pages.Discussions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Chat;

/// <summary>
/// The full-page chat. Without JavaScript it is a plain page: history with a link to older messages, a form that posts
/// (its hidden client id makes a double submit one message), delete and promote forms. chat.js makes it live through the hub.
/// </summary>
public sealed class IndexModel(ChatService chat, DiscussionService discussions, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public ChatRoom Room { get; private set; } = null!;
    public ChatHistory History { get; private set; } = null!;
    public long? Before { get; private set; }
    public PersonalDataReview Review { get; private set; } = PersonalDataReview.None;
    public DateTimeOffset Now { get; private set; }

    [BindProperty] public SendForm Input { get; set; } = new();
    [BindProperty] public PromoteForm Promote { get; set; } = new();
    [BindProperty] public bool ConfirmedNoPersonalData { get; set; }

    public sealed record SendForm
    {
        [Required(ErrorMessage = "Schrijf een bericht."), StringLength(ChatRules.BodyMaxLength, ErrorMessage = "Een chatbericht mag maximaal {1} tekens zijn.")]
        public string? Body { get; init; }

        public string? ClientId { get; init; }
    }

    public sealed record PromoteForm
    {
        public string? Title { get; init; }
        public List<long> MessageIds { get; init; } = [];
    }

    public async Task OnGetAsync(string slug, long? voor, CancellationToken ct)
    {
        await LoadAsync(slug, voor, ct);
        Input = new SendForm { ClientId = NewClientId() };
        // Reading the newest page reads the chat.
        if (voor is null && History.Messages.Count > 0) await chat.MarkReadAsync(Room.CommunityId, History.Messages[^1].Id, Actor.From(User), ct);
    }

    public async Task<IActionResult> OnPostSendAsync(string slug, CancellationToken ct)
    {
        var room = await chat.RoomAsync(slug, Actor.From(User), ct);
        if (ModelState.IsValid)
        {
            try
            {
                var sent = await chat.SendAsync(room.CommunityId, Input.ClientId, Input.Body, Actor.From(User), ct);
                await chat.MarkReadAsync(room.CommunityId, sent.Message.Id, Actor.From(User), ct);
                return Redirect($"{room.Url}#bericht-{sent.Message.Id}");
            }
            catch (RuleException e)
            {
                ModelState.AddModelError("Input.Body", e.Localize(t));
            }
        }
        // The text and its client id stay in the form: sending again is still the same message.
        await LoadAsync(slug, null, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, long messageId, CancellationToken ct)
    {
        var room = await chat.RoomAsync(slug, Actor.From(User), ct);
        try
        {
            await chat.DeleteAsync(messageId, Actor.From(User), ct);
            TempData["Message"] = t["Het bericht is verwijderd."].Value;
            return Redirect($"{room.Url}#bericht-{messageId}");
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("", e.Localize(t));
            await LoadAsync(slug, null, ct);
            Input = new SendForm { ClientId = NewClientId() };
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostPromoteAsync(string slug, CancellationToken ct)
    {
        try
        {
            var threadId = await chat.PromoteAsync(slug, Promote.MessageIds, Promote.Title, ConfirmedNoPersonalData, Actor.From(User), ct);
            TempData["Message"] = t["De vraag is gemaakt uit de gekozen chatberichten. De chat verwijst ernaar."].Value;
            return Redirect(await discussions.ThreadUrlAsync(threadId, ct));
        }
        catch (RuleException e)
        {
            ModelState.AddModelError(e.Field == "Title" ? "Promote.Title" : "Promote.MessageIds", e.Localize(t));
        }
        catch (PersonalDataFoundException e)
        {
            Review = PersonalDataReview.For(e, Promote.Title, null, ModelState, _ => "Promote.Title", t);
        }
        await LoadAsync(slug, null, ct);
        Input = new SendForm { ClientId = NewClientId() };
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The chosen messages go to the wiki's new-lesson form, which drafts the lesson from them; nothing is stored yet.</summary>
    public async Task<IActionResult> OnPostLessonAsync(string slug, CancellationToken ct)
    {
        try
        {
            var draft = await chat.LessonDraftAsync(slug, Promote.MessageIds, Promote.Title, Actor.From(User), ct);
            var title = string.IsNullOrWhiteSpace(Promote.Title) ? "" : "&titel=" + Uri.EscapeDataString(draft.Input.Title);
            return Redirect($"/pilots/{slug}/wiki/nieuw?les=true{string.Concat(draft.MessageIds.Select(id => "&berichten=" + id))}{title}");
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("Promote.MessageIds", e.Localize(t));
        }
        await LoadAsync(slug, null, ct);
        Input = new SendForm { ClientId = NewClientId() };
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public bool CanDelete(ChatMessageView m) =>
        !m.IsDeleted && (Room.CanModerate || (Room.CanSend && m.AuthorId == Actor.From(User).UserId && Now - m.CreatedAt <= ChatRules.EditWindow));

    private async Task LoadAsync(string slug, long? before, CancellationToken ct)
    {
        var actor = Actor.From(User);
        Room = await chat.RoomAsync(slug, actor, ct);
        Before = before;
        History = await chat.HistoryAsync(Room.CommunityId, before, null, actor, ct: ct);
        Now = clock.GetUtcNow();
    }

    private static string NewClientId() => Guid.NewGuid().ToString("N");
}
