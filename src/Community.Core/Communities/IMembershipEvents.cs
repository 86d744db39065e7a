namespace Community.Core.Communities;

/// <summary>Told after a membership ended (left, removed, declined), so live channels (the chat hub) stop serving that person at once.</summary>
public interface IMembershipEvents
{
    Task MembershipEndedAsync(int communityId, string userId, CancellationToken ct);
}
