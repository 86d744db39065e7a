using Community.Core.Common;
using Community.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Communities;

/// <summary>What one actor may do in one community. Computed once per request from the membership row.</summary>
public sealed record CommunityPermissions(
    CommunityVisibility Visibility,
    bool IsAdmin,
    MembershipRole? Role,
    MembershipStatus? Status)
{
    public bool IsMember => Status == MembershipStatus.Active;
    public bool IsCoordinator => IsMember && Role == MembershipRole.Coordinator;
    public bool HasPendingRequest => Status == MembershipStatus.Requested;
    public bool CanRead => Visibility == CommunityVisibility.Open || IsMember || IsAdmin;
    public bool CanWrite => IsMember;
    public bool CanManage => IsCoordinator || IsAdmin;

    public static async Task<CommunityPermissions> ForAsync(CommunityDbContext db, int communityId, CommunityVisibility visibility, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) return new(visibility, false, null, null);
        var membership = await db.Memberships.AsNoTracking()
            .Where(m => m.CommunityId == communityId && m.UserId == actor.UserId)
            .Select(m => new { m.Role, m.Status })
            .FirstOrDefaultAsync(ct);
        return new(visibility, actor.IsAdmin, membership?.Role, membership?.Status);
    }
}
