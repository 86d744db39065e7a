using Community.Core.Email;

namespace Community.Core.Communities;

/// <summary>Mail texts, each paragraph a resource key, in the recipient's language (Dutch unless they chose English).</summary>
internal sealed class CommunityMails(IMailLocalizer texts)
{
    public EmailMessage JoinRequested(string to, string culture, string requester, string pilot, string link) =>
        new(to, texts.Localize(culture, "{0} vraagt lidmaatschap van {1}", requester, pilot),
            $"{texts.Localize(culture, "{0} wil lid worden van de leergemeenschap van {1}.", requester, pilot)}\n\n" +
            $"{texts.Localize(culture, "Keur het verzoek goed of wijs het af:")}\n{link}\n");

    public EmailMessage RequestDecided(string to, string culture, bool approved, string pilot, string link) => approved
        ? new(to, texts.Localize(culture, "Welkom bij {0}", pilot),
            $"{texts.Localize(culture, "Je verzoek om lid te worden van de leergemeenschap van {0} is goedgekeurd.", pilot)}\n\n{link}\n")
        : new(to, texts.Localize(culture, "Je verzoek voor {0}", pilot),
            $"{texts.Localize(culture, "Je verzoek om lid te worden van de leergemeenschap van {0} is afgewezen.", pilot)}\n");

    /// <summary>The invitee may not have an account yet, so we do not know their language: both.</summary>
    public EmailMessage Invitation(string to, string inviter, string pilot, string link) =>
        new(to, texts.Localize("nl", "Uitnodiging: leergemeenschap {0}", pilot) + " / " + texts.Localize("en", "Uitnodiging: leergemeenschap {0}", pilot),
            InvitationBody("nl", inviter, pilot, link) + "\n---\n" + InvitationBody("en", inviter, pilot, link));

    private string InvitationBody(string culture, string inviter, string pilot, string link) =>
        $"{texts.Localize(culture, "{0} nodigt je uit voor de leergemeenschap van {1} op het Kennisplatform.", inviter, pilot)}\n\n" +
        $"{texts.Localize(culture, "Accepteer de uitnodiging (14 dagen geldig):")}\n{link}\n";
}
