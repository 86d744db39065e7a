using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Wiki;

public sealed class NewModel(WikiService wiki, AdminService admin, IStringLocalizer<SharedResource> t) : WikiFormPage(wiki, admin, t)
{
    public override bool IsNew => true;
    public override string CancelUrl => $"/pilots/{Context.PilotSlug}/wiki";

    /// <summary>
    /// ?titel= comes from a [[link]] to a page that does not exist yet; ?les=true starts from the lesson template, and
    /// &amp;vraag= fills it from that question and its accepted answer (for the community's coordinators and admins only;
    /// for anyone else, or a thread without an accepted answer, the plain template).
    /// </summary>
    public async Task OnGetAsync(string slug, string? titel, bool les, int? vraag, CancellationToken ct)
    {
        Context = await Wiki.CanCreateAsync(slug, Actor.From(User), ct);
        var draft = les && vraag is int threadId ? await Wiki.LessonDraftAsync(Context, threadId, ct) : null;
        Form = draft is not null ? WikiForm.From(draft) : new WikiForm
        {
            Title = titel?.Length > 200 ? titel[..200] : titel ?? "", IsLesson = les, Body = les ? WikiService.LessonTemplate : "",
        };
        await LoadThemesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        Context = await Wiki.CanCreateAsync(slug, Actor.From(User), ct);
        return await SaveAsync((input, actor) => Wiki.CreateAsync(slug, input, actor, ct), ct);
    }
}
