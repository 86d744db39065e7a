using Community.Core.Email;

namespace Community.Core.Communities;

/// <summary>Mail texts in the recipient's language (Dutch unless they chose English).</summary>
internal static class CommunityMails
{
    public static EmailMessage JoinRequested(string to, string culture, string requester, string pilot, string link) => En(culture)
        ? new(to, $"{requester} asks to join {pilot}",
            $"{requester} asks to join the learning community of {pilot}.\n\nApprove or decline the request here:\n{link}\n")
        : new(to, $"{requester} vraagt lidmaatschap van {pilot}",
            $"{requester} wil lid worden van de leergemeenschap van {pilot}.\n\nKeur het verzoek goed of wijs het af:\n{link}\n");

    public static EmailMessage RequestDecided(string to, string culture, bool approved, string pilot, string link) => (En(culture), approved) switch
    {
        (true, true) => new(to, $"Welcome to {pilot}", $"Your request to join the learning community of {pilot} was approved.\n\n{link}\n"),
        (true, false) => new(to, $"Your request for {pilot}", $"Your request to join the learning community of {pilot} was declined.\n"),
        (false, true) => new(to, $"Welkom bij {pilot}", $"Je verzoek om lid te worden van de leergemeenschap van {pilot} is goedgekeurd.\n\n{link}\n"),
        (false, false) => new(to, $"Je verzoek voor {pilot}", $"Je verzoek om lid te worden van de leergemeenschap van {pilot} is afgewezen.\n"),
    };

    /// <summary>The invitee may not have an account yet, so we do not know their language: both.</summary>
    public static EmailMessage Invitation(string to, string inviter, string pilot, string link) =>
        new(to, $"Uitnodiging: leergemeenschap {pilot}",
            $"{inviter} nodigt je uit voor de leergemeenschap van {pilot} op het Kennisplatform.\n\nAccepteer de uitnodiging (14 dagen geldig):\n{link}\n\n" +
            $"---\n{inviter} invites you to the learning community of {pilot} on Kennisplatform.\n\nAccept the invitation (valid for 14 days):\n{link}\n");

    private static bool En(string culture) => culture.StartsWith("en", StringComparison.OrdinalIgnoreCase);
}
