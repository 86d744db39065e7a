using Community.Core.Communities;
using Community.Core.Pilots;

namespace Community.Core.Discussions;

public static class DiscussionRules
{
    public const int TitleMinLength = 5;
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 20_000;
    public const int TagMaxLength = 30;
    public const int MaxTags = 5;
    public const int ReportNoteMaxLength = 1000;
    public const int PageSize = 25;
    public const int MaxMentionsPerPost = 20;
}

/// <summary>The community a discussion lives in, with what the actor may do there.</summary>
public sealed record DiscussionPlace(
    int CommunityId, string PilotSlug, string PilotTitle, PilotPhase Phase, CommunityVisibility Visibility,
    PrivacyGuardMode PrivacyGuard, CommunityPermissions Permissions);

/// <summary>Where the privacy guard found something: the field ("Title" or "Body") and the finding's place in it.</summary>
public sealed record FieldFinding(string Field, PersonalDataFinding Finding);

/// <summary>
/// The text looks like it holds a citizen's personal data. The page shows the findings, keeps the text, and asks
/// the author to change it, or (when the community warns rather than blocks) to confirm it is not personal data.
/// </summary>
public sealed class PersonalDataFoundException(IReadOnlyList<FieldFinding> findings, bool blocks)
    : Exception("The text looks like it holds personal data.")
{
    public IReadOnlyList<FieldFinding> Findings { get; } = findings;
    public bool Blocks { get; } = blocks;
}
