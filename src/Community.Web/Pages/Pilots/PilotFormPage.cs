using Community.Web.Infrastructure;
using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Pilots;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Pilots;

/// <summary>What the create and edit pages share: the form, its choice lists and the rule-error handling.</summary>
public abstract class PilotFormPage(PilotService pilots, AdminService admin, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public PilotForm Form { get; set; } = new();
    public IReadOnlyList<ReferenceItem> Municipalities { get; private set; } = [];
    public IReadOnlyList<ReferenceItem> Themes { get; private set; } = [];
    public IReadOnlyList<(int Id, string Slug, string Title)> OtherPilots { get; private set; } = [];
    public abstract string? Slug { get; }

    protected PilotService Pilots => pilots;

    protected async Task LoadChoicesAsync(CancellationToken ct)
    {
        Municipalities = await admin.MunicipalitiesAsync(ct);
        Themes = await admin.ThemesAsync(ct);
        OtherPilots = (await pilots.AllTitlesAsync(ct)).Where(p => p.Slug != Slug).ToList();
    }

    /// <summary>Runs the save; on a rule error shows the form again with the message next to the field and nothing lost.</summary>
    protected async Task<IActionResult> SaveAsync(Func<PilotInput, Actor, Task<string>> save, CancellationToken ct)
    {
        if (Request.Form.ContainsKey("moreRows"))
        {
            ModelState.Clear();
            Form.PadRows();
            await LoadChoicesAsync(ct);
            return Page();
        }
        if (ModelState.IsValid)
        {
            try
            {
                var slug = await save(Form.ToInput(), Actor.From(User));
                TempData["Message"] = t["De pilot is opgeslagen."].Value;
                return Redirect($"/pilots/{slug}");
            }
            catch (RuleException e)
            {
                ModelState.AddModelError(e.Field is null ? "" : "Form." + e.Field, e.Localize(t));
            }
        }
        Form.PadRows(1);
        await LoadChoicesAsync(ct);
        return Page();
    }
}
