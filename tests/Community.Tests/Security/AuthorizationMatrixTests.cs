using System.Net;
using System.Reflection;
using Community.Core.Communities;
using Community.Tests.Support;
using PageModel = Microsoft.AspNetCore.Mvc.RazorPages.PageModel;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Security;

/// <summary>
/// Every page (GET) and every POST handler of the app, tried as anonymous, signed-in non-member, member, coordinator
/// and platform admin, on an Open and on a Closed community. One table holds the expectations; a second test fails
/// when a page or handler exists that the table does not name, so a new page cannot slip past.
/// </summary>
public sealed class AuthorizationMatrixTests(Apps apps) : AppTest(apps)
{
    public enum Role { Anonymous, NonMember, Member, Coordinator, Admin }

    /// <summary>What each test row needs fresh, because the request changes it (leaving, joining, locking).</summary>
    public enum Fresh { Nothing, Pilot, PilotWithRequest, PilotWithMember, PilotWithSecondCoordinator, User, Thread }

    /// <summary>
    /// What a row's URL points at. Every pilot gets a question by its first coordinator (the owner) with a reply by the owner
    /// (<see cref="PostId"/>) and one by the member (<see cref="MemberPostId"/>); <see cref="Shared"/> is the other pilot's slug.
    /// </summary>
    public sealed record Target(string Slug, string UserId, int ThreadId = 0, int PostId = 0, int MemberPostId = 0, string Shared = "", int QuestionId = 0)
    {
        public string Thread => $"/pilots/{Slug}/discussies/{ThreadId}";
    }

    /// <summary>
    /// Expected outcome per role, in the order anonymous, non-member, member, coordinator, admin:
    /// a status code, "R" for a redirect elsewhere than the sign-in page (a POST that worked), "L" for a redirect to sign in.
    /// <paramref name="Closed"/> gives the Closed community's row where it differs from <paramref name="Open"/>.
    /// </summary>
    public sealed record Row(string Template, string Method, string Handler, Func<Target, string> Url, string Open, string? Closed = null,
        Fresh Fresh = Fresh.Nothing, Func<Target, (string, string)[]>? Form = null, bool SignsOut = false)
    {
        public override string ToString() => $"{Method} {Template}{(Handler.Length > 0 ? "?handler=" + Handler : "")}";
    }

    private static readonly Row[] Table =
    [
        // Template (as in @page)                          method  handler     url                                                                   anon non  mem  coord admin
        new("/",                                            "GET",  "",          _ => "/",                                                            "200 200 200 200 200"),
        new("/pilots",                                      "GET",  "",          _ => "/pilots?gemeente=aalten&fase=Execution",                       "200 200 200 200 200"),
        new("/pilots/{slug}",                               "GET",  "",          t => $"/pilots/{t.Slug}",                                             "200 200 200 200 200"),
        new("/pilots/{slug}",                               "POST", "Progress",  t => $"/pilots/{t.Slug}?handler=Progress",                            "L 403 403 200 200"),
        new("/pilots/{slug}",                               "POST", "DeleteProgress", t => $"/pilots/{t.Slug}?handler=DeleteProgress&updateId=999999", "L 403 403 404 404"),
        new("/pilots/nieuw",                                "GET",  "",          _ => "/pilots/nieuw",                                                "L 403 403 403 200"),
        new("/pilots/nieuw",                                "POST", "",          _ => "/pilots/nieuw",                                                "L 403 403 403 200"),
        new("/pilots/{slug}/bewerken",                      "GET",  "",          t => $"/pilots/{t.Slug}/bewerken",                                    "L 403 403 200 200"),
        new("/pilots/{slug}/bewerken",                      "POST", "",          t => $"/pilots/{t.Slug}/bewerken",                                    "L 403 403 200 200"),
        new("/pilots/{slug}/leergemeenschap",               "GET",  "",          t => $"/pilots/{t.Slug}/leergemeenschap",                             "200 200 200 200 200", Closed: "403 403 200 200 200"),
        new("/pilots/{slug}/leergemeenschap",               "POST", "Join",      t => $"/pilots/{t.Slug}/leergemeenschap?handler=Join",                "L R R R R", Fresh: Fresh.Pilot),
        new("/pilots/{slug}/leergemeenschap",               "POST", "Leave",     t => $"/pilots/{t.Slug}/leergemeenschap?handler=Leave",               "L R R R R", Fresh: Fresh.Pilot),
        new("/pilots/{slug}/leergemeenschap/leden",         "GET",  "",          t => $"/pilots/{t.Slug}/leergemeenschap/leden?q=a",                   "L 200 200 200 200", Closed: "L 403 200 200 200"),
        new("/pilots/{slug}/leergemeenschap/leden",         "POST", "Approve",   t => $"/pilots/{t.Slug}/leergemeenschap/leden?handler=Approve&userId={t.UserId}", "L 403 403 404 404", Closed: "L 403 403 R R", Fresh: Fresh.PilotWithRequest),
        new("/pilots/{slug}/leergemeenschap/leden",         "POST", "Decline",   t => $"/pilots/{t.Slug}/leergemeenschap/leden?handler=Decline&userId={t.UserId}", "L 403 403 404 404", Closed: "L 403 403 R R", Fresh: Fresh.PilotWithRequest),
        new("/pilots/{slug}/leergemeenschap/leden",         "POST", "Promote",   t => $"/pilots/{t.Slug}/leergemeenschap/leden?handler=Promote&userId={t.UserId}", "L 403 403 R R", Fresh: Fresh.PilotWithMember),
        new("/pilots/{slug}/leergemeenschap/leden",         "POST", "Demote",    t => $"/pilots/{t.Slug}/leergemeenschap/leden?handler=Demote&userId={t.UserId}", "L 403 403 R R", Fresh: Fresh.PilotWithSecondCoordinator),
        new("/pilots/{slug}/leergemeenschap/leden",         "POST", "Remove",    t => $"/pilots/{t.Slug}/leergemeenschap/leden?handler=Remove&userId={t.UserId}", "L 403 403 R R", Fresh: Fresh.PilotWithMember),
        new("/pilots/{slug}/leergemeenschap/leden",         "POST", "Invite",    t => $"/pilots/{t.Slug}/leergemeenschap/leden?handler=Invite",        "L 403 403 R R",
            Form: _ => [("InviteEmail", AppFactory.UniqueEmail("uitgenodigd"))]),
        // The chat is for members only, also in an Open community; platform admins read along but do not write.
        new("/pilots/{slug}/leergemeenschap/chat",          "GET",  "",          t => $"/pilots/{t.Slug}/leergemeenschap/chat",                        "L 403 200 200 200"),
        new("/pilots/{slug}/leergemeenschap/chat",          "GET",  "",          t => $"/pilots/{t.Slug}/leergemeenschap/chat?voor=999999",            "L 403 200 200 200"),
        new("/pilots/{slug}/leergemeenschap/chat",          "POST", "Send",      t => $"/pilots/{t.Slug}/leergemeenschap/chat?handler=Send",           "L 403 R R 403",
            Form: _ => [("Input.Body", "Hallo uit de matrix."), ("Input.ClientId", Guid.NewGuid().ToString("N"))]),
        new("/pilots/{slug}/leergemeenschap/chat",          "POST", "Delete",    t => $"/pilots/{t.Slug}/leergemeenschap/chat?handler=Delete&messageId=999999", "L 403 404 404 404"),
        new("/pilots/{slug}/leergemeenschap/chat",          "POST", "Promote",   t => $"/pilots/{t.Slug}/leergemeenschap/chat?handler=Promote",        "L 403 400 400 403",
            Form: _ => [("Promote.Title", "Een vraag uit de chat")]),
        new("/chat",                                        "GET",  "",          _ => "/chat",                                                        "L 200 200 200 200"),
        new("/pilots/{slug}/discussies",                    "GET",  "",          t => $"/pilots/{t.Slug}/discussies?toon=Unanswered&label=x&sorteer=Votes", "200 200 200 200 200", Closed: "L 403 200 200 200"),
        new("/pilots/{slug}/discussies/nieuw",              "GET",  "",          t => $"/pilots/{t.Slug}/discussies/nieuw",                            "L 403 200 200 403"),
        new("/pilots/{slug}/discussies/nieuw",              "POST", "",          t => $"/pilots/{t.Slug}/discussies/nieuw",                            "L 403 R R 403",
            Form: _ => [("Input.Kind", "Question"), ("Input.Title", "Een vraag uit de matrix"), ("Input.Body", "Wie weet dit?")]),
        new("/pilots/{slug}/discussies/{id:int}/{titleSlug?}", "GET", "",        t => t.Thread + "/vraag",                                             "200 200 200 200 200", Closed: "L 403 200 200 200"),
        new("/pilots/{slug}/discussies/{id:int}/{titleSlug?}", "POST", "Reply",  t => t.Thread + "?handler=Reply",                                     "L 403 R R 403",
            Form: _ => [("Reply.Body", "Een antwoord uit de matrix.")]),
        new("/pilots/{slug}/discussies/{id:int}/{titleSlug?}", "POST", "Vote",   t => t.Thread + $"?handler=Vote&postId={t.PostId}&useful=true",        "L 403 R R 403"),
        new("/pilots/{slug}/discussies/{id:int}/{titleSlug?}", "POST", "Accept", t => t.Thread + $"?handler=Accept&postId={t.MemberPostId}&accept=true", "L 403 403 R R"),
        new("/pilots/{slug}/discussies/{id:int}/{titleSlug?}", "POST", "Follow", t => t.Thread + "?handler=Follow&follow=true",                          "L R R R R", Closed: "L 403 R R R"),
        new("/pilots/{slug}/discussies/{id:int}/{titleSlug?}", "POST", "Delete", t => t.Thread + $"?handler=Delete&postId={t.MemberPostId}",           "L 403 R 403 403", Fresh: Fresh.Thread),
        new("/pilots/{slug}/discussies/{id:int}/{titleSlug?}", "POST", "Hide",   t => t.Thread + $"?handler=Hide&postId={t.MemberPostId}&hidden=true", "L 403 403 R R", Fresh: Fresh.Thread),
        new("/pilots/{slug}/discussies/{id:int}/{titleSlug?}", "POST", "Lock",   t => t.Thread + "?handler=Lock&locked=true",                          "L 403 403 R R", Fresh: Fresh.Thread),
        new("/pilots/{slug}/discussies/{id:int}/{titleSlug?}", "POST", "Pin",    t => t.Thread + "?handler=Pin&pinned=true",                           "L 403 403 R R", Fresh: Fresh.Thread),
        new("/pilots/{slug}/discussies/{id:int}/{titleSlug?}", "POST", "Move",   t => t.Thread + "?handler=Move",                                      "L 403 403 R R", Fresh: Fresh.Thread,
            Form: t => [("targetSlug", t.Shared)]),
        new("/pilots/{slug}/discussies/{id:int}/berichten/{postId:int}/bewerken", "GET", "", t => t.Thread + $"/berichten/{t.MemberPostId}/bewerken", "L 403 200 403 403"),
        new("/pilots/{slug}/discussies/{id:int}/berichten/{postId:int}/bewerken", "POST", "", t => t.Thread + $"/berichten/{t.MemberPostId}/bewerken", "L 403 R 403 403",
            Form: _ => [("Input.Body", "Aangepast in de matrix.")]),
        new("/pilots/{slug}/discussies/{id:int}/berichten/{postId:int}/geschiedenis", "GET", "", t => t.Thread + $"/berichten/{t.PostId}/geschiedenis", "200 200 200 200 200", Closed: "L 403 200 200 200"),
        new("/pilots/{slug}/discussies/{id:int}/berichten/{postId:int}/melden", "GET", "", t => t.Thread + $"/berichten/{t.PostId}/melden",           "L 403 200 200 403"),
        new("/pilots/{slug}/discussies/{id:int}/berichten/{postId:int}/melden", "POST", "", t => t.Thread + $"/berichten/{t.PostId}/melden",          "L 403 R R 403",
            Form: _ => [("Reason", "Spam")]),
        new("/api/markdown-voorbeeld",                      "GET",  "",          _ => "/api/markdown-voorbeeld",                                      "404 404 404 404 404"),
        new("/api/markdown-voorbeeld",                      "POST", "",          _ => "/api/markdown-voorbeeld",                                      "L 200 200 200 200",
            Form: _ => [("text", "**vet** en 111222333")]),
        new("/pilots/{slug}/leergemeenschap/moderatie",     "GET",  "",          t => $"/pilots/{t.Slug}/leergemeenschap/moderatie",                   "L 403 403 200 200"),
        new("/pilots/{slug}/leergemeenschap/moderatie",     "POST", "Hide",      t => $"/pilots/{t.Slug}/leergemeenschap/moderatie?handler=Hide&postId=999999", "L 403 403 404 404"),
        new("/pilots/{slug}/leergemeenschap/moderatie",     "POST", "Keep",      t => $"/pilots/{t.Slug}/leergemeenschap/moderatie?handler=Keep&postId=999999", "L 403 403 404 404"),
        new("/pilots/{slug}/leergemeenschap/moderatie",     "POST", "Warn",      t => $"/pilots/{t.Slug}/leergemeenschap/moderatie?handler=Warn&postId=999999", "L 403 403 404 404"),
        new("/pilots/{slug}/leergemeenschap/moderatie",     "POST", "PrivacyGuard", t => $"/pilots/{t.Slug}/leergemeenschap/moderatie?handler=PrivacyGuard", "L 403 403 R R",
            Form: _ => [("Mode", "Warn")]),
        new("/pilots/{slug}/wiki",                          "GET",  "",          t => $"/pilots/{t.Slug}/wiki",                                        "200 200 200 200 200", Closed: "L 403 200 200 200"),
        new("/pilots/{slug}/wiki/export",                   "GET",  "",          t => $"/pilots/{t.Slug}/wiki/export",                                 "200 200 200 200 200", Closed: "L 403 200 200 200"),
        new("/pilots/{slug}/wiki/nieuw",                    "GET",  "",          t => $"/pilots/{t.Slug}/wiki/nieuw?titel=Nieuw&les=true",             "L 403 200 200 200"),
        new("/pilots/{slug}/wiki/nieuw",                    "POST", "",          t => $"/pilots/{t.Slug}/wiki/nieuw",                                  "L 403 R R R",
            Form: _ => [("Form.Title", "Matrix " + Guid.NewGuid().ToString("N")[..8]), ("Form.Body", "Tekst.")]),
        new("/pilots/{slug}/wiki/{pageSlug}",               "GET",  "",          t => $"/pilots/{t.Slug}/wiki/startpagina",                            "200 200 200 200 200", Closed: "L 403 200 200 200"),
        new("/pilots/{slug}/wiki/{pageSlug}",               "POST", "Delete",    t => $"/pilots/{t.Slug}/wiki/startpagina?handler=Delete",             "L 403 403 R R", Fresh: Fresh.Pilot),
        new("/pilots/{slug}/wiki/{pageSlug}",               "POST", "Undelete",  t => $"/pilots/{t.Slug}/wiki/startpagina?handler=Undelete",           "L 403 403 404 404"),
        new("/pilots/{slug}/wiki/{pageSlug}/bewerken",      "GET",  "",          t => $"/pilots/{t.Slug}/wiki/startpagina/bewerken",                   "L 403 200 200 200"),
        new("/pilots/{slug}/wiki/{pageSlug}/bewerken",      "POST", "",          t => $"/pilots/{t.Slug}/wiki/startpagina/bewerken",                   "L 403 R R R", Fresh: Fresh.Pilot,
            Form: _ => [("Form.Title", "Startpagina"), ("Form.Body", "Nieuwe tekst."), ("Form.BaseRevision", "1")]),
        new("/pilots/{slug}/wiki/{pageSlug}/geschiedenis",  "GET",  "",          t => $"/pilots/{t.Slug}/wiki/startpagina/geschiedenis",               "200 200 200 200 200", Closed: "L 403 200 200 200"),
        new("/pilots/{slug}/wiki/{pageSlug}/verschil",      "GET",  "",          t => $"/pilots/{t.Slug}/wiki/startpagina/verschil?van=1&naar=1",      "200 200 200 200 200", Closed: "L 403 200 200 200"),
        new("/pilots/{slug}/wiki/{pageSlug}/versie/{number:int}", "GET", "",     t => $"/pilots/{t.Slug}/wiki/startpagina/versie/1",                   "200 200 200 200 200", Closed: "L 403 200 200 200"),
        new("/pilots/{slug}/wiki/{pageSlug}/versie/{number:int}", "POST", "Restore", t => $"/pilots/{t.Slug}/wiki/startpagina/versie/1?handler=Restore", "L 403 R R R"),
        new("/lessen",                                      "GET",  "",          _ => "/lessen?thema=jeugdhulp&gemeente=aalten&tag=x&pilot=geen",     "200 200 200 200 200"),
        new("/pilots/{slug}/evaluatie",                     "GET",  "",          t => $"/pilots/{t.Slug}/evaluatie",                                   "L 403 403 200 200"),
        new("/pilots/{slug}/evaluatie",                     "POST", "",          t => $"/pilots/{t.Slug}/evaluatie",                                   "L 403 403 200 200",
            Form: _ => [("Form.Conclusions", "Nog in uitvoering, dus geweigerd met een melding.")]),
        new("/kennisvragen",                                "GET",  "",          _ => "/kennisvragen?sorteer=Newest&open=true",                       "200 200 200 200 200"),
        new("/kennisvragen",                                "POST", "Ask",       _ => "/kennisvragen?handler=Ask",                                    "L R R R R",
            Form: _ => [("Ask.Text", "Hoe betrekken we jongeren?")]),
        new("/kennisvragen",                                "POST", "Vote",      t => $"/kennisvragen?handler=Vote&id={t.QuestionId}",                "L R R R R"),
        new("/kennisvragen/{id:int}",                       "GET",  "",          t => $"/kennisvragen/{t.QuestionId}",                                 "200 200 200 200 200"),
        new("/kennisvragen/{id:int}",                       "POST", "Vote",      t => $"/kennisvragen/{t.QuestionId}?handler=Vote",                    "L R R R R"),
        new("/kennisvragen/{id:int}",                       "POST", "TakeUp",    t => $"/kennisvragen/{t.QuestionId}?handler=TakeUp",                  "L 403 403 R R",
            Form: t => [("PilotSlug", t.Slug)]),
        new("/kennisvragen/{id:int}",                       "POST", "Release",   t => $"/kennisvragen/{t.QuestionId}?handler=Release",                 "L 403 403 R R"),
        new("/kennisvragen/export",                         "GET",  "",          _ => "/kennisvragen/export",                                         "L 403 403 403 200"),
        new("/uitnodiging/{token}",                         "GET",  "",          _ => "/uitnodiging/geen-geldig-token",                               "404 404 404 404 404"),
        new("/uitnodiging/{token}",                         "POST", "",          _ => "/uitnodiging/geen-geldig-token",                               "L 404 404 404 404"),
        new("/leden",                                       "GET",  "",          _ => "/leden?q=tester&tag=x&pagina=2",                               "L 200 200 200 200"),
        new("/leden/{id}",                                  "GET",  "",          t => $"/leden/{t.UserId}",                                            "L 200 200 200 200"),
        new("/account/inloggen",                            "GET",  "",          _ => "/account/inloggen?returnUrl=%2Fpilots",                        "200 200 200 200 200"),
        new("/account/inloggen",                            "POST", "",          _ => "/account/inloggen",                                            "200 200 200 200 200",
            Form: _ => [("Input.Email", "niemand@gemeente.test"), ("Input.Password", "verkeerd-wachtwoord")]),
        new("/account/uitloggen",                           "GET",  "",          _ => "/account/uitloggen",                                           "200 200 200 200 200"),
        new("/account/uitloggen",                           "POST", "",          _ => "/account/uitloggen",                                           "R R R R R", SignsOut: true),
        new("/account/registreren",                         "GET",  "",          _ => "/account/registreren",                                         "200 200 200 200 200"),
        new("/account/registreren",                         "POST", "",          _ => "/account/registreren",                                         "200 200 200 200 200"),
        new("/account/bevestigen",                          "GET",  "",          _ => "/account/bevestigen",                                          "400 400 400 400 400"),
        new("/account/bevestiging-opnieuw",                 "GET",  "",          _ => "/account/bevestiging-opnieuw",                                 "200 200 200 200 200"),
        new("/account/bevestiging-opnieuw",                 "POST", "",          _ => "/account/bevestiging-opnieuw",                                 "200 200 200 200 200",
            Form: _ => [("Input.Email", "niemand@gemeente.test")]),
        new("/account/wachtwoord-vergeten",                 "GET",  "",          _ => "/account/wachtwoord-vergeten",                                 "200 200 200 200 200"),
        new("/account/wachtwoord-vergeten",                 "POST", "",          _ => "/account/wachtwoord-vergeten",                                 "200 200 200 200 200",
            Form: _ => [("Input.Email", "niemand@gemeente.test")]),
        new("/account/wachtwoord-herstellen",               "GET",  "",          _ => "/account/wachtwoord-herstellen?email=a%40b.test&code=x",       "200 200 200 200 200"),
        new("/account/wachtwoord-herstellen",               "POST", "",          _ => "/account/wachtwoord-herstellen",                               "200 200 200 200 200",
            Form: _ => [("Input.Email", "niemand@gemeente.test"), ("Input.Code", "eA"), ("Input.Password", "lang-genoeg-wachtwoord"), ("Input.ConfirmPassword", "lang-genoeg-wachtwoord")]),
        new("/account/wachtwoord-wijzigen",                 "GET",  "",          _ => "/account/wachtwoord-wijzigen",                                 "L 200 200 200 200"),
        new("/account/wachtwoord-wijzigen",                 "POST", "",          _ => "/account/wachtwoord-wijzigen",                                 "L 200 200 200 200",
            Form: _ => [("Input.CurrentPassword", "niet-het-wachtwoord"), ("Input.NewPassword", "een-nieuw-wachtwoord"), ("Input.ConfirmPassword", "een-nieuw-wachtwoord")]),
        new("/account/profiel",                             "GET",  "",          _ => "/account/profiel",                                             "L 200 200 200 200"),
        new("/account/profiel",                             "POST", "",          _ => "/account/profiel",                                             "L R R R R",
            Form: _ => [("Input.DisplayName", "Matrix Tester"), ("Input.Culture", "nl")]),
        new("/taal",                                        "GET",  "",          _ => "/taal",                                                        "R R R R R"),
        new("/taal",                                        "POST", "",          _ => "/taal",                                                        "R R R R R",
            Form: _ => [("culture", "nl"), ("returnUrl", "/pilots")]),
        new("/beheer",                                      "GET",  "",          _ => "/beheer",                                                      "L 403 403 403 200"),
        new("/beheer/gebruikers",                           "GET",  "",          _ => "/beheer/gebruikers?q=tester",                                  "L 403 403 403 200"),
        new("/beheer/gebruikers",                           "POST", "Lock",      t => $"/beheer/gebruikers?handler=Lock&userId={t.UserId}",           "L 403 403 403 R", Fresh: Fresh.User),
        new("/beheer/gebruikers",                           "POST", "Unlock",    t => $"/beheer/gebruikers?handler=Unlock&userId={t.UserId}",         "L 403 403 403 R", Fresh: Fresh.User),
        new("/beheer/gebruikers",                           "POST", "MakeAdmin", t => $"/beheer/gebruikers?handler=MakeAdmin&userId={t.UserId}",      "L 403 403 403 R", Fresh: Fresh.User),
        new("/beheer/gebruikers",                           "POST", "RemoveAdmin", t => $"/beheer/gebruikers?handler=RemoveAdmin&userId={t.UserId}",  "L 403 403 403 R", Fresh: Fresh.User),
        new("/zoeken",                                      "GET",  "",          t => $"/zoeken?q=vraag&type=vraag&pilot={t.Slug}&gemeente=Aalten&thema=x&van=2020-01-01&tot=2099-01-01&sorteer=datum", "200 200 200 200 200"),
        new("/zoeken",                                      "GET",  "",          _ => "/zoeken?q=vraag&pagina=-1",                                   "400 400 400 400 400"),
        new("/api/search",                                  "GET",  "",          t => $"/api/search?q=vraag&type=vraag&pilot={t.Slug}&page=1",        "200 200 200 200 200"),
        new("/api/search",                                  "GET",  "",          _ => "/api/search?q=vraag&type=onzin",                               "400 400 400 400 400"),
        new("/api/search/suggesties",                       "GET",  "",          _ => "/api/search/suggesties?q=vr",                                  "200 200 200 200 200"),
        new("/beheer/zoeken",                               "GET",  "",          _ => "/beheer/zoeken",                                               "L 403 403 403 200"),
        new("/beheer/zoeken",                               "POST", "Add",       _ => "/beheer/zoeken?handler=Add",                                   "L 403 403 403 R",
            Form: _ => [("Terms", "matrixwoord = matrixterm")]),
        new("/beheer/zoeken",                               "POST", "Save",      _ => "/beheer/zoeken?handler=Save&id=999999",                        "L 403 403 403 404",
            Form: _ => [("terms", "een = twee")]),
        new("/beheer/zoeken",                               "POST", "Delete",    _ => "/beheer/zoeken?handler=Delete&id=999999",                      "L 403 403 403 404"),
        new("/beheer/zoeken",                               "POST", "MakeQuestion", _ => "/beheer/zoeken?handler=MakeQuestion&id=999999",             "L 403 403 403 404"),
        new("/beheer/{kind:regex(^(gemeenten|themas)$)}",   "GET",  "",          _ => "/beheer/gemeenten",                                            "L 403 403 403 200"),
        new("/beheer/{kind:regex(^(gemeenten|themas)$)}",   "POST", "Add",       _ => "/beheer/themas?handler=Add",                                   "L 403 403 403 R",
            Form: _ => [("Name", "Thema " + Guid.NewGuid().ToString("N")[..8])]),
        new("/beheer/{kind:regex(^(gemeenten|themas)$)}",   "POST", "Rename",    _ => "/beheer/gemeenten?handler=Rename&id=999999",                   "L 403 403 403 404",
            Form: _ => [("name", "Nergenshuizen")]),
        new("/beheer/{kind:regex(^(gemeenten|themas)$)}",   "POST", "Delete",    _ => "/beheer/themas?handler=Delete&id=999999",                      "L 403 403 403 404"),
        // The feed is read by feed readers without a cookie: a Closed community's feed needs a member's ?token= (FeedTests), never a 200 without it.
        new("/pilots/{slug}/discussies/feed",               "GET",  "",          t => $"/pilots/{t.Slug}/discussies/feed",                             "200 200 200 200 200", Closed: "403 403 403 403 403"),
        new("/pilots/{slug}/discussies/feed",               "GET",  "",          t => $"/pilots/{t.Slug}/discussies/feed?token=0123456789abcdef",     "200 200 200 200 200", Closed: "403 403 403 403 403"),
        new("/meldingen",                                   "GET",  "",          _ => "/meldingen?pagina=2",                                          "L 200 200 200 200"),
        new("/meldingen",                                   "POST", "MarkAllRead", _ => "/meldingen?handler=MarkAllRead",                             "L R R R R"),
        new("/meldingen",                                   "POST", "FeedToken", _ => "/meldingen?handler=FeedToken",                                 "L R R R R",
            Form: _ => [("returnUrl", "/pilots")]),
        new("/meldingen/{id:long}",                         "GET",  "",          _ => "/meldingen/999999999",                                         "L 404 404 404 404"),
        new("/fout/{code:int}",                             "GET",  "",          _ => "/fout/404",                                                    "404 404 404 404 404"),
        new("/fout/{code:int}",                             "POST", "",          _ => "/fout/404",                                                    "404 404 404 404 404"),
    ];

    [Theory]
    [InlineData(CommunityVisibility.Open)]
    [InlineData(CommunityVisibility.Closed)]
    public async Task Every_page_and_handler_answers_each_role_as_the_table_says(CommunityVisibility visibility)
    {
        var app = await App();
        var owner = await app.CreateUserAsync(admin: true, name: "Matrix Eigenaar");
        var users = new Dictionary<Role, TestUser>
        {
            [Role.NonMember] = await app.CreateUserAsync(name: "Matrix Buitenstaander"),
            [Role.Member] = await app.CreateUserAsync(name: "Matrix Lid"),
            [Role.Coordinator] = await app.CreateUserAsync(name: "Matrix Coördinator"),
            [Role.Admin] = await app.CreateUserAsync(admin: true, name: "Matrix Beheerder"),
        };
        var browsers = new Dictionary<Role, Browser>();
        async Task<Browser> BrowserFor(Role role)
        {
            if (browsers.TryGetValue(role, out var b)) return b;
            b = role == Role.Anonymous ? app.NewBrowser() : await app.SignInAsAsync(users[role]);
            return browsers[role] = b;
        }

        async Task<string> NewPilotAsync()
        {
            var slug = await app.CreatePilotAsync(owner, visibility: visibility);
            await app.AddMemberAsync(slug, users[Role.Member], owner);
            await app.AddMemberAsync(slug, users[Role.Coordinator], owner, coordinator: true);
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<Community.Core.Wiki.WikiService>().CreateAsync(slug,
                new Community.Core.Wiki.WikiPageInput { Title = "Startpagina", Body = "Welkom in de wiki." }, new Community.Core.Common.Actor(owner.Id, true));
            return slug;
        }
        var questionId = await app.QueryAsync(async _ =>
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<Community.Core.KnowledgeQuestions.KnowledgeQuestionService>()
                .AskAsync(new("Werkt een wijkteam beter met een vaste huisarts?", null), new Community.Core.Common.Actor(owner.Id, true));
        });
        async Task<Target> WithThreadAsync(Target target)
        {
            var thread = await app.CreateThreadAsync(target.Slug, owner, "Vraag", "Wie weet hoe dit werkt?");
            var ownerPost = await app.ReplyAsync(target.Slug, thread, owner, "Zo werkt het bij ons.");
            var memberPost = await app.ReplyAsync(target.Slug, thread, users[Role.Member], "En zo bij ons.");
            return target with { ThreadId = thread, PostId = ownerPost, MemberPostId = memberPost };
        }
        var other = await NewPilotAsync();
        var shared = await WithThreadAsync(new Target(await NewPilotAsync(), users[Role.Member].Id, Shared: other, QuestionId: questionId));

        async Task<Target> TargetFor(Fresh fresh)
        {
            switch (fresh)
            {
                case Fresh.Nothing:
                    return shared;
                case Fresh.User:
                    return shared with { UserId = (await app.CreateUserAsync()).Id };
            }
            var slug = await NewPilotAsync();
            if (fresh == Fresh.Pilot) return new Target(slug, users[Role.Member].Id);
            if (fresh == Fresh.Thread) return await WithThreadAsync(new Target(slug, users[Role.Member].Id, Shared: shared.Slug));
            var target = await app.CreateUserAsync();
            if (fresh == Fresh.PilotWithRequest)
                await app.QueryAsync(async _ =>
                {
                    using var scope = app.Services.CreateScope();
                    return await scope.ServiceProvider.GetRequiredService<CommunityService>().JoinAsync(slug, "Mag ik erbij?", new Community.Core.Common.Actor(target.Id, false));
                });
            else
                await app.AddMemberAsync(slug, target, owner, coordinator: fresh == Fresh.PilotWithSecondCoordinator);
            return new Target(slug, target.Id);
        }

        var failures = new List<string>();
        foreach (var row in Table)
        {
            var expected = (visibility == CommunityVisibility.Closed ? row.Closed ?? row.Open : row.Open).Split(' ');
            Assert.True(expected.Length == 5, $"Row {row} needs five expectations.");
            foreach (var role in Enum.GetValues<Role>())
            {
                var target = await TargetFor(row.Fresh);
                var browser = await BrowserFor(role);
                var url = row.Url(target);
                var page = row.Method == "GET"
                    ? await browser.GetAsync(url)
                    : await browser.PostAsync(url, (row.Form?.Invoke(target) ?? []).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
                var actual = Outcome(page);
                if (actual != expected[(int)role])
                    failures.Add($"{row.Method} {url} as {role} on {visibility}: expected {expected[(int)role]}, got {actual} {page.Location}");
                if ((int)page.Status >= 500) failures.Add($"{row.Method} {url} as {role}: server error {(int)page.Status}");
                if (row.SignsOut && browsers.Remove(role, out var signedOut)) signedOut.Dispose();
            }
        }
        foreach (var b in browsers.Values) b.Dispose();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_table_names_every_page_and_every_handler_of_the_app()
    {
        var app = await App();
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>()))
            .Where(x => x.Page is not null)
            .ToList();
        Assert.NotEmpty(pages);
        var webAssembly = typeof(Program).Assembly;
        var missing = new List<string>();
        foreach (var (endpoint, page) in pages)
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            // Pages/Pilots/Details.cshtml has its model in Community.Web.Pages.Pilots.DetailsModel.
            var modelName = "Community.Web.Pages" + page!.ViewEnginePath.Replace('/', '.') + "Model";
            var model = webAssembly.GetType(modelName) ?? throw new Xunit.Sdk.XunitException($"No page model {modelName} for {template}.");
            foreach (var (method, handler) in Handlers(model))
                if (!Table.Any(r => r.Template == template && r.Method == method && r.Handler == handler))
                    missing.Add($"{method} {template}{(handler.Length > 0 ? "?handler=" + handler : "")} ({model.Name})");
        }
        Assert.True(missing.Count == 0, "Add these to the authorization matrix table:\n" + string.Join("\n", missing));
    }

    private static IEnumerable<(string Method, string Handler)> Handlers(Type model) =>
        model.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => typeof(PageModel).IsAssignableFrom(m.DeclaringType) && m.DeclaringType != typeof(PageModel))
            .Select(m => System.Text.RegularExpressions.Regex.Match(m.Name, "^On(Get|Post)(.*?)(Async)?$"))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value.ToUpperInvariant(), m.Groups[2].Value))
            .Distinct();

    private static string Outcome(Page page) => (int)page.Status switch
    {
        >= 300 and < 400 when (page.Location ?? "").Contains("/account/inloggen", StringComparison.Ordinal) => "L",
        >= 300 and < 400 => "R",
        var code => code.ToString(),
    };
}
