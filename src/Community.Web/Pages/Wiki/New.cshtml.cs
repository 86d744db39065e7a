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

    /// <summary>?titel= comes from a [[link]] to a page that does not exist yet; ?les=true starts from the lesson template.</summary>
    public async Task OnGetAsync(string slug, string? titel, bool les, CancellationToken ct)
    {
        Context = await Wiki.CanCreateAsync(slug, Actor.From(User), ct);
        Form = new WikiForm
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
