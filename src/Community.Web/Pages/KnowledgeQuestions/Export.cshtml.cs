using System.Text;
using Community.Core.Common;
using Community.Core.KnowledgeQuestions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.KnowledgeQuestions;

public sealed class ExportModel(KnowledgeQuestionService questions, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var csv = await questions.ExportCsvAsync(Actor.From(User), ct);
        // With a byte-order mark, so spreadsheet programs read the accents right.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"kennisvragen-{clock.GetUtcNow():yyyy-MM-dd}.csv");
    }
}
