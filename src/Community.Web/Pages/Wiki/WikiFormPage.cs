using System.ComponentModel.DataAnnotations;
using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Wiki;
using Community.Web.Infrastructure;
using Community.Web.Pages.Discussions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Wiki;

public sealed record WikiForm
{
    [Required(ErrorMessage = "Geef de pagina een titel."), StringLength(200, ErrorMessage = "Maximaal 200 tekens.")]
    public string Title { get; init; } = "";
    [StringLength(WikiService.MaxBodyLength, ErrorMessage = "De tekst is te lang.")]
    public string? Body { get; init; }
    [StringLength(300, ErrorMessage = "Maximaal 300 tekens.")]
    public string? Summary { get; init; }
    public bool IsLesson { get; init; }
    public int? ThemeId { get; init; }
    [StringLength(600, ErrorMessage = "Maximaal 600 tekens.")]
    public string? Tags { get; init; }
    public int BaseRevision { get; init; }
    /// <summary>The question a new lesson is made from; the service checks it again on save.</summary>
    public int? SourceThreadId { get; init; }
    /// <summary>The chat messages a new lesson is drafted from; the chat service checks them again on save.</summary>
    public List<long> ChatMessageIds { get; init; } = [];

    public WikiPageInput ToInput() => new()
    {
        Title = Title, Body = Body ?? "", Summary = Summary, IsLesson = IsLesson, ThemeId = ThemeId, Tags = Tags, BaseRevision = BaseRevision,
        SourceThreadId = SourceThreadId,
    };

    public static WikiForm From(WikiPageInput i) => new()
    {
        Title = i.Title, Body = i.Body, Summary = i.Summary, IsLesson = i.IsLesson, ThemeId = i.ThemeId, Tags = i.Tags, BaseRevision = i.BaseRevision,
        SourceThreadId = i.SourceThreadId,
    };
}

/// <summary>What the new-page and edit pages share: the form, the theme choices and rule errors shown next to their field.</summary>
public abstract class WikiFormPage(WikiService wiki, AdminService admin, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public WikiForm Form { get; set; } = new();
    public WikiContext Context { get; protected set; } = null!;
    public IReadOnlyList<ReferenceItem> Themes { get; private set; } = [];
    /// <summary>What the privacy guard found in a lesson drafted from the chat (other pages are not checked).</summary>
    public PersonalDataReview Review { get; protected set; } = PersonalDataReview.None;
    [BindProperty] public bool ConfirmedNoPersonalData { get; set; }
    public abstract bool IsNew { get; }
    public abstract string CancelUrl { get; }

    protected WikiService Wiki => wiki;
    protected IStringLocalizer<SharedResource> T => t;

    protected async Task LoadThemesAsync(CancellationToken ct) => Themes = await admin.ThemesAsync(ct);

    /// <summary>Runs the save; a rule error re-shows the form with the message at its field and the text as typed.</summary>
    protected async Task<IActionResult> SaveAsync(Func<WikiPageInput, Actor, Task<string>> save, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var pageSlug = await save(Form.ToInput(), Actor.From(User));
                TempData["Message"] = t["De pagina is opgeslagen."].Value;
                return Redirect(Context.Url(pageSlug));
            }
            catch (RuleException e)
            {
                ModelState.AddModelError(e.Field is null ? "" : "Form." + e.Field, e.Localize(t));
            }
        }
        await LoadThemesAsync(ct);
        return Page();
    }
}
