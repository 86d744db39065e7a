using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Wiki;

public sealed class EditModel(WikiService wiki, AdminService admin, IStringLocalizer<SharedResource> t) : WikiFormPage(wiki, admin, t)
{
    public override bool IsNew => false;
    public override string CancelUrl => Context.Url(PageSlug);
    public string PageSlug { get; private set; } = "";

    /// <summary>Set when someone else saved first: what is on the page now, and how it differs from the text here.</summary>
    public WikiRevisionView? Conflict { get; private set; }
    public IReadOnlyList<DiffSegment> ConflictDiff { get; private set; } = [];

    public async Task OnGetAsync(string slug, string pageSlug, CancellationToken ct)
    {
        PageSlug = pageSlug;
        var (context, input) = await Wiki.GetInputAsync(slug, pageSlug, Actor.From(User), ct);
        Context = context;
        Form = WikiForm.From(input);
        await LoadThemesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string slug, string pageSlug, CancellationToken ct)
    {
        PageSlug = pageSlug;
        // Refuses (403/404) before anything is shown to someone who may not edit this page.
        var (context, current) = await Wiki.GetInputAsync(slug, pageSlug, Actor.From(User), ct);
        Context = context;
        Form = Form with { IsLesson = current.IsLesson };
        try
        {
            return await SaveAsync((input, actor) => Wiki.UpdateAsync(slug, pageSlug, input, actor, ct), ct);
        }
        catch (EditConflictException e)
        {
            // Nothing is lost: the form keeps this editor's text, the page shows the other text beside it, and the next
            // save starts from the revision that is there now.
            Conflict = e.Current;
            ConflictDiff = WordDiff.Compute(e.Current.Body, Form.Body);
            Form = Form with { BaseRevision = e.Current.Number };
            ModelState.AddModelError("", T["Iemand anders heeft deze pagina opgeslagen terwijl jij aan het bewerken was. Je tekst staat hieronder nog in het formulier; neem over wat je van de andere versie wilt houden en sla opnieuw op."].Value);
            await LoadThemesAsync(ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }
}
