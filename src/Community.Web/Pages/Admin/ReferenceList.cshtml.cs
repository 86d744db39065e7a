using Community.Web.Infrastructure;
using Community.Core.Admin;
using Community.Core.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Admin;

/// <summary>Municipalities and themes: the same list with add, rename and delete.</summary>
public sealed class ReferenceListModel(AdminService admin, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Kind { get; set; } = "";
    [BindProperty] public string? Name { get; set; }
    public IReadOnlyList<ReferenceItem> Items { get; private set; } = [];
    /// <summary>A refused rename: the row shows what was typed, with the message, instead of the stored name.</summary>
    public (int Id, string Name)? FailedRename { get; private set; }
    private bool IsThemes => Kind == "themas";
    public string Heading => IsThemes ? Texts.Key("Thema's") : Texts.Key("Gemeenten");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) => ActAsync(actor =>
        IsThemes ? admin.AddThemeAsync(Name ?? "", actor, ct) : admin.AddMunicipalityAsync(Name ?? "", actor, ct), Texts.Key("Toegevoegd."), nameof(Name), ct);

    public Task<IActionResult> OnPostRenameAsync(int id, string? name, CancellationToken ct)
    {
        FailedRename = (id, name ?? "");
        return ActAsync(actor =>
            IsThemes ? admin.RenameThemeAsync(id, name ?? "", actor, ct) : admin.RenameMunicipalityAsync(id, name ?? "", actor, ct),
            Texts.Key("Hernoemd."), RenameField(id), ct);
    }

    public Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct) => ActAsync(actor =>
        IsThemes ? admin.DeleteThemeAsync(id, actor, ct) : admin.DeleteMunicipalityAsync(id, actor, ct), Texts.Key("Verwijderd."), "", ct);

    /// <summary>The id of a row's name field, which is also its key for errors, so the error summary links to it.</summary>
    public static string RenameField(int id) => $"name-{id}";

    private async Task<IActionResult> ActAsync(Func<Actor, Task> action, string done, string field, CancellationToken ct)
    {
        try
        {
            await action(Actor.From(User));
            TempData["Message"] = t[done].Value;
            return Redirect($"/beheer/{Kind}");
        }
        catch (RuleException e)
        {
            ModelState.AddModelError(e.Field is null ? "" : field, e.Localize(t));
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Items = IsThemes ? await admin.ThemesAsync(ct) : await admin.MunicipalitiesAsync(ct);
}
