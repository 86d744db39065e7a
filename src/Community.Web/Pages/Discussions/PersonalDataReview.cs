using Community.Core.Discussions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Discussions;

/// <summary>The privacy guard's findings on a posted form, with the texts they were found in, for <c>_PersonalData.cshtml</c>.</summary>
public sealed record PersonalDataReview(IReadOnlyList<FieldFinding> Findings, bool Blocks, string? Title, string? Body)
{
    public static readonly PersonalDataReview None = new([], false, null, null);

    /// <summary>
    /// The review a page shows after the guard refused a save, with an error on each field that holds a finding
    /// (<paramref name="fieldKey"/> names the form field for "Title" or "Body"), so the error summary links to it.
    /// </summary>
    public static PersonalDataReview For(PersonalDataFoundException e, string? title, string? body, ModelStateDictionary state,
        Func<string, string> fieldKey, IStringLocalizer<SharedResource> t)
    {
        foreach (var key in e.Findings.Select(f => fieldKey(f.Field)).Distinct())
            state.AddModelError(key, e.Blocks
                ? t["Haal de persoonsgegevens weg voordat je plaatst."]
                : t["Controleer de gemarkeerde gegevens: haal ze weg of bevestig dat het geen persoonsgegevens van een burger zijn."]);
        return new(e.Findings, e.Blocks, title?.Trim(), body?.Trim());
    }

    /// <summary>Up to 30 characters either side of a finding, so the author sees where it is.</summary>
    public (string Before, string Match, string After) Context(FieldFinding f)
    {
        var text = (f.Field == "Title" ? Title : Body) ?? "";
        var start = Math.Clamp(f.Finding.Start, 0, text.Length);
        var end = Math.Clamp(f.Finding.Start + f.Finding.Length, start, text.Length);
        var from = Math.Max(0, start - 30);
        var to = Math.Min(text.Length, end + 30);
        return (text[from..start], text[start..end], text[end..to]);
    }
}
