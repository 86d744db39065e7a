using Community.Core.Communities;
using Community.Core.Discussions;

namespace Community.Web.Infrastructure;

/// <summary>Dutch names (resource keys) for what the moderation page shows: report reasons, guard settings and logged actions.</summary>
public static class ModerationLabels
{
    public static string Reason(ReportReason reason) => reason switch
    {
        ReportReason.PersonalData => Texts.Key("Persoonsgegevens van een burger"),
        ReportReason.Inappropriate => Texts.Key("Ongepast"),
        ReportReason.Spam => Texts.Key("Spam of reclame"),
        ReportReason.Other => Texts.Key("Anders"),
        _ => reason.ToString(),
    };

    public static string PrivacyGuard(PrivacyGuardMode mode) => mode switch
    {
        PrivacyGuardMode.Warn => Texts.Key("Waarschuwen en laten bevestigen"),
        PrivacyGuardMode.Block => Texts.Key("Blokkeren tot het is aangepast"),
        _ => mode.ToString(),
    };

    /// <summary>The audit log's action code in words; a code this page does not know is shown as it is (it is not a resource key then).</summary>
    public static string? Action(string action) => action switch
    {
        "discussions.hide" => Texts.Key("Bericht verborgen"),
        "discussions.unhide" => Texts.Key("Bericht weer zichtbaar gemaakt"),
        "discussions.lock" => Texts.Key("Discussie gesloten"),
        "discussions.unlock" => Texts.Key("Discussie heropend"),
        "discussions.pin" => Texts.Key("Discussie vastgezet"),
        "discussions.unpin" => Texts.Key("Discussie losgemaakt"),
        "discussions.move-out" => Texts.Key("Discussie verplaatst naar een andere leergemeenschap"),
        "discussions.move-in" => Texts.Key("Discussie hierheen verplaatst"),
        "discussions.accept" => Texts.Key("Antwoord geaccepteerd"),
        "discussions.report-hidden" => Texts.Key("Melding afgehandeld: bericht verborgen"),
        "discussions.report-kept" => Texts.Key("Melding afgehandeld: bericht blijft staan"),
        "discussions.report-warned" => Texts.Key("Melding afgehandeld: auteur gewaarschuwd"),
        "discussions.privacy-guard" => Texts.Key("Privacybewaking ingesteld"),
        _ => null,
    };
}
