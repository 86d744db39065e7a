using Community.Core.Accounts;
using Community.Core.Pilots;

namespace Community.Core.Communities;

public enum CommunityVisibility
{
    /// <summary>Anyone reads, members write.</summary>
    Open = 0,
    /// <summary>Only members read.</summary>
    Closed = 1,
}

public class LearningCommunity
{
    public int Id { get; set; }
    public int PilotId { get; set; }
    public Pilot? Pilot { get; set; }
    public CommunityVisibility Visibility { get; set; }
    public string? Welcome { get; set; }
    /// <summary>What happens when a post looks like it holds a citizen's personal data: the author is warned, or must change it.</summary>
    public PrivacyGuardMode PrivacyGuard { get; set; }
    public List<Membership> Memberships { get; set; } = [];
}

public enum PrivacyGuardMode
{
    Warn = 0,
    Block = 1,
}

public enum MembershipRole
{
    Member = 0,
    Coordinator = 1,
}

public enum MembershipStatus
{
    Requested = 0,
    Active = 1,
}

public class Membership
{
    public int Id { get; set; }
    public int CommunityId { get; set; }
    public LearningCommunity? Community { get; set; }
    public string UserId { get; set; } = "";
    public User? User { get; set; }
    public MembershipRole Role { get; set; }
    public MembershipStatus Status { get; set; }
    public string? RequestMessage { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? JoinedAt { get; set; }
}

public class Invitation
{
    public int Id { get; set; }
    public int CommunityId { get; set; }
    public LearningCommunity? Community { get; set; }
    public string Email { get; set; } = "";
    /// <summary>SHA-256 of the token in the mailed link; the token itself is never stored.</summary>
    public string TokenHash { get; set; } = "";
    public string? InvitedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}
