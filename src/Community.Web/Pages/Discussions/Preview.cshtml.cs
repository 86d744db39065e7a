using Community.Core.Common;
using Community.Core.Discussions;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Discussions;

/// <summary>
/// The editor's live preview: the same Markdown pipeline as the saved post, and what the privacy guard would ask about.
/// Signed-in users only (it renders, it stores nothing); the antiforgery token comes from the form being edited.
/// </summary>
public sealed class PreviewModel(IStringLocalizer<SharedResource> t) : PageModel
{
    public IActionResult OnGet() => NotFound();

    public IActionResult OnPost([FromForm] string? text)
    {
        if (!User.Identity!.IsAuthenticated) throw new ForbiddenException("Sign in to preview.");
        if (text?.Length > DiscussionRules.BodyMaxLength)
            return BadRequest(new { error = t["De tekst mag maximaal {0} tekens zijn.", DiscussionRules.BodyMaxLength].Value });
        var (html, findings) = DiscussionService.Preview(text);
        return new JsonResult(new
        {
            html,
            findings = findings.Select(f => new { kind = t[Labels.PersonalData(f.Kind)].Value, text = f.Text }),
            warning = findings.Count == 0 ? null : t["Let op: dit lijkt op persoonsgegevens van een burger. Je wordt gevraagd dit te controleren voordat je plaatst."].Value,
        });
    }
}
