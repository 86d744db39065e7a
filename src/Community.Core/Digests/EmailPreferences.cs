using Community.Core.Communities;
using Community.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Digests;

public enum DigestFrequency
{
    Off = 0,
    Daily = 1,
    Weekly = 2,
}

/// <summary>
/// What mail a user wants. Most users never save this page, so no row means the defaults below:
/// read it through <see cref="ForUserAsync"/> or <see cref="ForUsersAsync"/>, never with a bare query.
/// </summary>
public class EmailPreferences
{
    public string UserId { get; set; } = "";
    public DigestFrequency DigestFrequency { get; set; } = DigestFrequency.Weekly;
    /// <summary>For weekly digests; Europe/Amsterdam.</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;
    /// <summary>0–23, Europe/Amsterdam.</summary>
    public int DigestHour { get; set; } = 8;
    public bool ImmediateMentions { get; set; } = true;
    /// <summary>Mail when someone answers a question I asked.</summary>
    public bool ImmediateAnswers { get; set; } = true;

    public static EmailPreferences Default(string userId) => new() { UserId = userId };

    /// <summary>The user's preferences, or the defaults when they never saved any (not tracked).</summary>
    public static async Task<EmailPreferences> ForUserAsync(CommunityDbContext db, string userId, CancellationToken ct = default) =>
        await db.EmailPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct) ?? Default(userId);

    /// <summary>Preferences of many users in one query; users without a row get the defaults.</summary>
    public static async Task<Dictionary<string, EmailPreferences>> ForUsersAsync(CommunityDbContext db, IReadOnlyCollection<string> userIds, CancellationToken ct = default)
    {
        var rows = await db.EmailPreferences.AsNoTracking().Where(p => userIds.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);
        foreach (var id in userIds) if (!rows.ContainsKey(id)) rows[id] = Default(id);
        return rows;
    }

    /// <summary>
    /// Whether mail about a community reaches this user: an active member who has not muted it. Membership is
    /// checked here too, so a user who left or was removed hears nothing more from a Closed community.
    /// </summary>
    public static Task<bool> FollowsCommunityAsync(CommunityDbContext db, string userId, int communityId, CancellationToken ct = default) =>
        db.Memberships.AnyAsync(m => m.UserId == userId && m.CommunityId == communityId && m.Status == MembershipStatus.Active
            && !db.CommunityMutes.Any(x => x.UserId == userId && x.CommunityId == communityId), ct);
}

/// <summary>A member follows every community they belong to, unless they muted it: then no digest items and no mail from it.</summary>
public class CommunityMute
{
    public string UserId { get; set; } = "";
    public int CommunityId { get; set; }
    public DateTimeOffset Since { get; set; }
}
