using Community.Core.Data;
using Community.Core.Digests;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Digests;

/// <summary>
/// The link in every mail. GET only asks (link scanners in mail filters open every link, and must not unsubscribe
/// anyone); POST turns the kind off. The POST is also RFC 8058's one-click request that mail clients send with the
/// body "List-Unsubscribe=One-Click": no sign-in and no antiforgery token, because a mail client has neither. The
/// signed token is what authorizes it.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(Unsubscribe unsubscribe, CommunityDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    public MailKind Kind { get; private set; }
    public bool Valid { get; private set; }
    public bool AlreadyOff { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (unsubscribe.Read(Token) is not { } read) return Invalid();
        var (userId, kind) = read;
        (Valid, Kind) = (true, kind);
        AlreadyOff = !Unsubscribe.IsOn(await EmailPreferences.ForUserAsync(db, userId, ct), kind);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (unsubscribe.Read(Token) is not { } read) return Invalid();
        var (userId, kind) = read;
        if (!await Unsubscribe.ApplyAsync(db, userId, kind, ct)) return Invalid();
        (Valid, Kind, Done) = (true, kind, true);
        return Page();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public static string What(MailKind kind) => kind switch
    {
        MailKind.Digest => Texts.Key("overzichtsmail"),
        MailKind.Mentions => Texts.Key("e-mail bij vermeldingen"),
        _ => Texts.Key("e-mail bij antwoorden op je vragen"),
    };
}
