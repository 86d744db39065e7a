using Community.Core.Common;
using Community.Core.Digests;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Digests;

public sealed class PreviewModel(DigestService digests) : PageModel
{
    public bool Off { get; private set; }
    public string Subject { get; private set; } = "";
    /// <summary>Built by <see cref="DigestMail.Html"/>, the code that writes the mail: every text in it is HTML-encoded there.</summary>
    public string Html { get; private set; } = "";
    public int ItemCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var preview = await digests.PreviewAsync(Actor.From(User).UserId!, ct);
        if (preview is not { } p)
        {
            Off = true;
            return;
        }
        (Subject, Html, ItemCount) = (p.Subject, p.Html, p.Digest.ItemCount);
    }
}
