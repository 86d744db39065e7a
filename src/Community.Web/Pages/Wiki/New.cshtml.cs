using Community.Core.Admin;
using Community.Core.Chat;
using Community.Core.Common;
using Community.Core.Discussions;
using Community.Core.Wiki;
using Community.Web.Infrastructure;
using Community.Web.Pages.Discussions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Wiki;

public sealed class NewModel(WikiService wiki, ChatService chat, AdminService admin, IStringLocalizer<SharedResource> t) : WikiFormPage(wiki, admin, t)
{
    public override bool IsNew => true;
    public override string CancelUrl => Form.ChatMessageIds.Count > 0 ? ChatUrls.Chat(Context.PilotSlug) : $"/pilots/{Context.PilotSlug}/wiki";

    /// <summary>
    /// ?titel= comes from a [[link]] to a page that does not exist yet; ?les=true starts from the lesson template, and
    /// &amp;vraag= fills it from that question and its accepted answer (for the community's coordinators and admins only;
    /// for anyone else, or a thread without an accepted answer, the plain template). &amp;berichten= (repeated) fills it
    /// from those chat messages, for members (who alone may promote them); for others it is ignored.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(string slug, string? titel, bool les, int? vraag, long[]? berichten, CancellationToken ct)
    {
        Context = await Wiki.CanCreateAsync(slug, Actor.From(User), ct);
        var draft = les && vraag is int threadId ? await Wiki.LessonDraftAsync(Context, threadId, ct) : null;
        Form = draft is not null ? WikiForm.From(draft) : new WikiForm
        {
            Title = titel?.Length > 200 ? titel[..200] : titel ?? "", IsLesson = les, Body = les ? WikiService.LessonTemplate : "",
        };
        if (les && berichten is { Length: > 0 } && Context.Permissions.IsMember)
        {
            try
            {
                var fromChat = await chat.LessonDraftAsync(slug, berichten, titel, Actor.From(User), ct);
                Form = WikiForm.From(fromChat.Input) with { ChatMessageIds = fromChat.MessageIds.ToList() };
            }
            catch (RuleException e)
            {
                // Deleted meanwhile, or not this chat's: say so above the plain template.
                ModelState.AddModelError("", e.Localize(T));
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }
        await LoadThemesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        Context = await Wiki.CanCreateAsync(slug, Actor.From(User), ct);
        if (Form.ChatMessageIds.Count == 0) return await SaveAsync((input, actor) => Wiki.CreateAsync(slug, input, actor, ct), ct);
        try
        {
            return await SaveAsync((input, actor) => chat.CreateLessonAsync(slug, Form.ChatMessageIds, input, ConfirmedNoPersonalData, actor, ct), ct);
        }
        catch (PersonalDataFoundException e)
        {
            Review = PersonalDataReview.For(e, Form.Title, Form.Body, ModelState, field => "Form." + field, T);
            await LoadThemesAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }
}
