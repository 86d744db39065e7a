using Community.Core.Discussions;

namespace Community.Web.Pages.Discussions;

/// <summary>The privacy guard's findings on a posted form, with the texts they were found in, for <c>_PersonalData.cshtml</c>.</summary>
public sealed record PersonalDataReview(IReadOnlyList<FieldFinding> Findings, bool Blocks, string? Title, string? Body)
{
    public static readonly PersonalDataReview None = new([], false, null, null);

    public static PersonalDataReview From(PersonalDataFoundException e, string? title, string? body) => new(e.Findings, e.Blocks, title?.Trim(), body?.Trim());

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
