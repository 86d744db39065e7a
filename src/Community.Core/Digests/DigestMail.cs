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
        var top = d.Sections.OrderByDescending(s => s.Items.Count).ThenBy(s => s.PilotTitle, StringComparer.Ordinal).FirstOrDefault();
        if (top is null)
            return d.KnowledgeQuestions.Count == 1 ? texts.Localize(c, "1 nieuwe kennisvraag") : texts.Localize(c, "{0} nieuwe kennisvragen", d.KnowledgeQuestions.Count);
        var questions = top.Items.Count(i => i.Kind == DigestItemKind.NewQuestion);
        var head = questions switch
        {
            1 => texts.Localize(c, "1 nieuwe vraag in {0}", top.PilotTitle),
            > 1 => texts.Localize(c, "{0} nieuwe vragen in {1}", questions, top.PilotTitle),
            _ => top.Items.Count == 1 ? texts.Localize(c, "1 update in {0}", top.PilotTitle) : texts.Localize(c, "{0} updates in {1}", top.Items.Count, top.PilotTitle),
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

    public string Text(Digest d)
    {
        var c = d.Recipient.Culture;
        var sb = new StringBuilder();
        sb.Append(texts.Localize(c, "Hallo {0},", d.Recipient.DisplayName)).Append("\n\n");
        sb.Append(texts.Localize(c, "Dit is er nieuw sinds {0}.", Since(d))).Append("\n\n");
        foreach (var s in d.Sections)
        {
            sb.Append(s.PilotTitle).Append('\n').Append(new string('=', Math.Min(s.PilotTitle.Length, 70))).Append('\n');
            foreach (var i in s.Items) sb.Append("- ").Append(Line(i, c)).Append('\n').Append("  ").Append(urls.Absolute(i.Path)).Append('\n');
            sb.Append('\n');
        }
        if (d.KnowledgeQuestions.Count > 0)
        {
            var heading = texts.Localize(c, "Nieuwe kennisvragen");
            sb.Append(heading).Append('\n').Append(new string('=', heading.Length)).Append('\n');
            foreach (var i in d.KnowledgeQuestions) sb.Append("- ").Append(i.Title).Append('\n').Append("  ").Append(urls.Absolute(i.Path)).Append('\n');
            sb.Append('\n');
        }
        sb.Append("-- \n");
        sb.Append(texts.Localize(c, "Je e-mailinstellingen:")).Append(' ').Append(urls.Absolute("/account/profiel/e-mail")).Append('\n');
        sb.Append(texts.Localize(c, "Geen overzichtsmail meer:")).Append(' ').Append(unsubscribe.Link(d.Recipient.UserId, MailKind.Digest)).Append('\n');
        return sb.ToString();
    }

    /// <summary>The body of the HTML part. Every text from the database is HTML-encoded; links are absolute.</summary>
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
            foreach (var i in d.KnowledgeQuestions) sb.Append("<li><a href=\"").Append(E(urls.Absolute(i.Path))).Append("\">").Append(E(i.Title)).Append("</a></li>\n");
            sb.Append("</ul>\n");
        }
        sb.Append("<hr>\n<p><a href=\"").Append(E(urls.Absolute("/account/profiel/e-mail"))).Append("\">").Append(E(texts.Localize(c, "Je e-mailinstellingen"))).Append("</a> · ");
        sb.Append("<a href=\"").Append(E(unsubscribe.Link(d.Recipient.UserId, MailKind.Digest))).Append("\">").Append(E(texts.Localize(c, "Afmelden voor de overzichtsmail"))).Append("</a></p>\n");
        return sb.ToString();
    }

    public EmailMessage Message(Digest d)
    {
        var lang = d.Recipient.Culture == "en" ? "en" : "nl";
        var subject = Subject(d);
        var html = $"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(subject)}</title></head>\n<body>\n{Html(d)}</body></html>\n";
        return new EmailMessage(d.Recipient.Email, subject, Text(d), html) { Headers = unsubscribe.Headers(d.Recipient.UserId, MailKind.Digest) };
    }
}
