using System.Globalization;
using System.Net;
using System.Text;
using Community.Core.Common;
using Community.Core.Email;
using Community.Core.Pilots;

namespace Community.Core.Digests;

/// <summary>A composed digest as a mail: HTML and plain text in the recipient's language, absolute links, the unsubscribe headers.</summary>
public sealed class DigestMail(IMailLocalizer texts, IPublicUrl urls, Unsubscribe unsubscribe)
{
    public string Subject(Digest d)
    {
        var c = d.Recipient.Culture;
        return d.Recipient.Frequency == DigestFrequency.Daily
            ? texts.Localize(c, "Je dagelijkse overzicht: {0}", Summary(d))
            : texts.Localize(c, "Je wekelijkse overzicht: {0}", Summary(d));
    }

    /// <summary>"3 nieuwe vragen in Pilot X en 2 andere leergemeenschappen": the busiest community first.</summary>
    private string Summary(Digest d)
    {
        var c = d.Recipient.Culture;
        var top = d.Sections.OrderByDescending(s => s.Total).ThenBy(s => s.PilotTitle, StringComparer.Ordinal).FirstOrDefault();
        if (top is null)
        {
            var count = d.KnowledgeQuestions.Sum(i => i.Kind == DigestItemKind.More ? i.Count : 1);
            return count == 1 ? texts.Localize(c, "1 nieuwe kennisvraag") : texts.Localize(c, "{0} nieuwe kennisvragen", count);
        }
        var questions = top.NewQuestions;
        var head = questions switch
        {
            1 => texts.Localize(c, "1 nieuwe vraag in {0}", top.PilotTitle),
            > 1 => texts.Localize(c, "{0} nieuwe vragen in {1}", questions, top.PilotTitle),
            _ => top.Total == 1 ? texts.Localize(c, "1 update in {0}", top.PilotTitle) : texts.Localize(c, "{0} updates in {1}", top.Total, top.PilotTitle),
        };
        var others = d.Sections.Count - 1;
        return others switch
        {
            0 => head,
            1 => head + texts.Localize(c, " en 1 andere leergemeenschap"),
            _ => head + texts.Localize(c, " en {0} andere leergemeenschappen", others),
        };
    }

    public string Line(DigestItem item, string culture) => item.Kind switch
    {
        DigestItemKind.NewQuestion => texts.Localize(culture, "Nieuwe vraag: {0}", item.Title),
        DigestItemKind.NewDiscussion => texts.Localize(culture, "Nieuwe discussie: {0}", item.Title),
        DigestItemKind.NewAnswers when item.IsQuestion => item.Count == 1
            ? texts.Localize(culture, "Nieuw antwoord op {0}", item.Title)
            : texts.Localize(culture, "{0} nieuwe antwoorden op {1}", item.Count, item.Title),
        DigestItemKind.NewAnswers => item.Count == 1
            ? texts.Localize(culture, "Nieuwe reactie op {0}", item.Title)
            : texts.Localize(culture, "{0} nieuwe reacties op {1}", item.Count, item.Title),
        DigestItemKind.AcceptedAnswer => texts.Localize(culture, "Antwoord geaccepteerd: {0}", item.Title),
        DigestItemKind.Unanswered => texts.Localize(culture, "Nog zonder antwoord, weet jij het? {0}", item.Title),
        DigestItemKind.NewLesson => texts.Localize(culture, "Nieuwe les geleerd: {0}", item.Title),
        DigestItemKind.ChangedLesson => texts.Localize(culture, "Les bijgewerkt: {0}", item.Title),
        DigestItemKind.NewWikiPage => texts.Localize(culture, "Nieuwe wikipagina: {0}", item.Title),
        DigestItemKind.ChangedWikiPage => texts.Localize(culture, "Wikipagina bijgewerkt: {0}", item.Title),
        DigestItemKind.PhaseChange => texts.Localize(culture, "De pilot is nu in de fase {0}", Phase(item.Phase ?? PilotPhase.Idea, culture)),
        DigestItemKind.Evaluation => texts.Localize(culture, "De evaluatie van de pilot is bijgewerkt"),
        DigestItemKind.More => texts.Localize(culture, "En nog {0} meer: bekijk alles op het platform", item.Count),
        _ => texts.Localize(culture, "Nieuwe kennisvraag: {0}", item.Title),
    };

    private string Phase(PilotPhase phase, string culture) => phase switch
    {
        PilotPhase.Idea => texts.Localize(culture, "Idee"),
        PilotPhase.Preparation => texts.Localize(culture, "Voorbereiding"),
        PilotPhase.Execution => texts.Localize(culture, "Uitvoering"),
        PilotPhase.Completion => texts.Localize(culture, "Afronding"),
        _ => texts.Localize(culture, "Afgerond"),
    };

    private string Since(Digest d) =>
        TimeZoneInfo.ConvertTime(d.Recipient.From, DigestSchedule.Amsterdam)
            .ToString("d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo(d.Recipient.Culture == "en" ? "en-GB" : "nl-NL"));

    /// <summary>The mail in the shared layout (HTML and its plain-text twin), with the unsubscribe link and headers.</summary>
    public EmailMessage Message(Digest d)
    {
        var c = d.Recipient.Culture;
        var layout = new MailLayout(c)
            .Paragraph(texts.Localize(c, "Hallo {0},", d.Recipient.DisplayName))
            .Paragraph(texts.Localize(c, "Dit is er nieuw sinds {0}.", Since(d)));
        foreach (var s in d.Sections)
        {
            layout.Section(s.PilotTitle);
            foreach (var i in s.Items) layout.Item(Line(i, c), urls.Absolute(i.Path));
        }
        if (d.KnowledgeQuestions.Count > 0)
        {
            layout.Section(texts.Localize(c, "Nieuwe kennisvragen"));
            foreach (var i in d.KnowledgeQuestions) layout.Item(i.Kind == DigestItemKind.More ? Line(i, c) : i.Title, urls.Absolute(i.Path));
        }
        var link = unsubscribe.Link(d.Recipient.UserId, MailKind.Digest);
        layout.Footer(texts.Localize(c, "Je krijgt dit overzicht omdat je lid bent van deze leergemeenschappen. Je e-mailinstellingen: {0}", urls.Absolute("/account/profiel/e-mail")),
            texts.Localize(c, "Afmelden voor de overzichtsmail"), link);
        return layout.ToMessage(d.Recipient.Email, Subject(d), Unsubscribe.HeadersFor(link));
    }

    public string Text(Digest d) => Message(d).TextBody;

    /// <summary>
    /// The digest as an HTML fragment for the preview page: the same items and texts as the mail, without the mail's
    /// inline styles (the site's Content-Security-Policy forbids them). Every text from the database is HTML-encoded.
    /// </summary>
    public string Html(Digest d)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var c = d.Recipient.Culture;
        var sb = new StringBuilder();
        sb.Append("<p>").Append(E(texts.Localize(c, "Hallo {0},", d.Recipient.DisplayName))).Append("</p>\n");
        sb.Append("<p>").Append(E(texts.Localize(c, "Dit is er nieuw sinds {0}.", Since(d)))).Append("</p>\n");
        foreach (var s in d.Sections)
        {
            sb.Append("<h2>").Append(E(s.PilotTitle)).Append("</h2>\n<ul>\n");
            foreach (var i in s.Items) sb.Append("<li><a href=\"").Append(E(urls.Absolute(i.Path))).Append("\">").Append(E(Line(i, c))).Append("</a></li>\n");
            sb.Append("</ul>\n");
        }
        if (d.KnowledgeQuestions.Count > 0)
        {
            sb.Append("<h2>").Append(E(texts.Localize(c, "Nieuwe kennisvragen"))).Append("</h2>\n<ul>\n");
            foreach (var i in d.KnowledgeQuestions)
                sb.Append("<li><a href=\"").Append(E(urls.Absolute(i.Path))).Append("\">").Append(E(i.Kind == DigestItemKind.More ? Line(i, c) : i.Title)).Append("</a></li>\n");
            sb.Append("</ul>\n");
        }
        return sb.ToString();
    }
}
