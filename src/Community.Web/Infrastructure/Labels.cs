using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Core.Pilots;

namespace Community.Web.Infrastructure;

/// <summary>Dutch names (resource keys) for enum values shown in the UI.</summary>
public static class Labels
{
    public static string Phase(PilotPhase phase) => phase switch
    {
        PilotPhase.Idea => Texts.Key("Idee"),
        PilotPhase.Preparation => Texts.Key("Voorbereiding"),
        PilotPhase.Execution => Texts.Key("Uitvoering"),
        PilotPhase.Completion => Texts.Key("Afronding"),
        PilotPhase.Completed => Texts.Key("Afgerond"),
        _ => phase.ToString(),
    };

    public static string Visibility(CommunityVisibility visibility) => visibility == CommunityVisibility.Open ? Texts.Key("Open") : Texts.Key("Besloten");

    public static string Kind(ThreadKind kind) => kind == ThreadKind.Question ? Texts.Key("Vraag") : Texts.Key("Discussie");

    public static string PersonalData(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Bsn => Texts.Key("een burgerservicenummer (BSN)"),
        PersonalDataKind.PhoneNumber => Texts.Key("een telefoonnummer"),
        PersonalDataKind.EmailAddress => Texts.Key("een e-mailadres"),
        PersonalDataKind.Iban => Texts.Key("een rekeningnummer (IBAN)"),
        PersonalDataKind.DateOfBirth => Texts.Key("een geboortedatum"),
        _ => kind.ToString(),
    };

    public static string Role(MembershipRole role) => role == MembershipRole.Coordinator ? Texts.Key("Coördinator") : Texts.Key("Lid");

    public static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", System.Globalization.CultureInfo.CurrentCulture) ?? "";

    /// <summary>The platform's users are in the Netherlands: times show in Dutch time whatever the server's zone (UTC in a container).</summary>
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static string DateTime(DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, Amsterdam).ToString("d MMMM yyyy, HH:mm", System.Globalization.CultureInfo.CurrentCulture);
}
