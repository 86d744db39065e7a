using Community.Core.Communities;
using Community.Core.Pilots;

namespace Community.Web.Infrastructure;

/// <summary>Dutch names (resource keys) for enum values shown in the UI.</summary>
public static class Labels
{
    public static string Phase(PilotPhase phase) => phase switch
    {
        PilotPhase.Idea => "Idee",
        PilotPhase.Preparation => "Voorbereiding",
        PilotPhase.Execution => "Uitvoering",
        PilotPhase.Completion => "Afronding",
        PilotPhase.Completed => "Afgerond",
        _ => phase.ToString(),
    };

    public static string Visibility(CommunityVisibility visibility) => visibility == CommunityVisibility.Open ? "Open" : "Besloten";

    public static string Role(MembershipRole role) => role == MembershipRole.Coordinator ? "Coördinator" : "Lid";

    public static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", System.Globalization.CultureInfo.CurrentCulture) ?? "";
}
