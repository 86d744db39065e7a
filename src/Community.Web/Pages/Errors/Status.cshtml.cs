using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Errors;

/// <summary>Friendly pages for the status codes that status-code pages re-execute here.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Set(code);

    // A failed POST (e.g. 429 on sign-in) is re-executed with its own method.
    public void OnPost(int code) => Set(code);

    private void Set(int code)
    {
        // Visiting /fout/404 directly shows the page; re-executed requests keep their original status.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
            Response.StatusCode = code is >= 400 and < 600 ? code : 404;
        (Heading, Explanation) = code switch
        {
            404 => (Texts.Key("Pagina niet gevonden"), Texts.Key("Deze pagina bestaat niet (meer). Misschien is de link oud of verkeerd overgenomen.")),
            403 => (Texts.Key("Geen toegang"), Texts.Key("Je hebt geen toegang tot deze pagina. Is het een besloten leergemeenschap? Vraag dan lidmaatschap aan.")),
            429 => (Texts.Key("Even geduld"), Texts.Key("Er kwamen te veel pogingen achter elkaar. Wacht een minuut en probeer het dan opnieuw.")),
            503 => (Texts.Key("E-mail kon niet worden verstuurd"), Texts.Key("Wat je deed is opgeslagen, maar de e-mail die erbij hoort kon nu niet worden verstuurd. Probeer het over een paar minuten opnieuw. Heb je je net aangemeld? Vraag dan later een nieuwe bevestigingsmail aan.")),
            400 => (Texts.Key("Ongeldig verzoek"), Texts.Key("Dit verzoek kon niet worden verwerkt. Ga terug en probeer het opnieuw.")),
            _ => (Texts.Key("Er ging iets mis"), Texts.Key("Er ging aan onze kant iets mis. Probeer het later opnieuw; wat je had ingevuld is niet opgeslagen.")),
        };
    }
}
