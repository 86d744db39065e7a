using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Digests;

public sealed record CommunityFollow(int CommunityId, string PilotSlug, string PilotTitle, bool Muted);

public sealed record EmailPreferencesView(EmailPreferences Preferences, IReadOnlyList<CommunityFollow> Communities);

public sealed record EmailPreferencesInput(
    DigestFrequency Frequency, DayOfWeek Day, int Hour, bool ImmediateMentions, bool ImmediateAnswers, IReadOnlyCollection<int> FollowedCommunityIds);

/// <summary>The signed-in user's own mail settings: digest schedule, immediate mail, and which of their communities they follow.</summary>
public sealed class EmailPreferenceService(CommunityDbContext db, TimeProvider clock)
{
    public async Task<EmailPreferencesView> GetAsync(Actor actor, CancellationToken ct = default)
    {
        var userId = actor.UserId ?? throw new ForbiddenException("Sign in to change your mail settings.");
        var prefs = await EmailPreferences.ForUserAsync(db, userId, ct);
        return new EmailPreferencesView(prefs, await MyCommunitiesAsync(userId, ct));
    }

    public async Task SaveAsync(EmailPreferencesInput input, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.UserId ?? throw new ForbiddenException("Sign in to change your mail settings.");
        if (!Enum.IsDefined(input.Frequency)) throw new RuleException("Kies hoe vaak je het overzicht wilt krijgen.", "Frequency");
        if (!Enum.IsDefined(input.Day)) throw new RuleException("Kies een dag van de week.", "Day");
        if (input.Hour is < 0 or > 23) throw new RuleException("Kies een uur van 0 tot en met 23.", "Hour");
        var mine = await MyCommunitiesAsync(userId, ct);
        if (input.FollowedCommunityIds.Any(id => mine.All(c => c.CommunityId != id)))
            throw new RuleException("Je kunt alleen leergemeenschappen volgen waar je lid van bent.", "Followed");

        var prefs = await db.EmailPreferences.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (prefs is null) db.EmailPreferences.Add(prefs = EmailPreferences.Default(userId));
        prefs.DigestFrequency = input.Frequency;
        prefs.DigestDay = input.Day;
        prefs.DigestHour = input.Hour;
        prefs.ImmediateMentions = input.ImmediateMentions;
        prefs.ImmediateAnswers = input.ImmediateAnswers;

        var muted = await db.CommunityMutes.Where(m => m.UserId == userId).ToListAsync(ct);
        var followed = input.FollowedCommunityIds.ToHashSet();
        db.CommunityMutes.RemoveRange(muted.Where(m => followed.Contains(m.CommunityId)));
        foreach (var c in mine.Where(c => !followed.Contains(c.CommunityId) && muted.All(m => m.CommunityId != c.CommunityId)))
            db.CommunityMutes.Add(new CommunityMute { UserId = userId, CommunityId = c.CommunityId, Since = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    private async Task<IReadOnlyList<CommunityFollow>> MyCommunitiesAsync(string userId, CancellationToken ct) =>
        (await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Status == MembershipStatus.Active)
            .Select(m => new
            {
                m.CommunityId, m.Community!.Pilot!.Slug, m.Community.Pilot.Title,
                Muted = db.CommunityMutes.Any(x => x.UserId == userId && x.CommunityId == m.CommunityId),
            })
            .ToListAsync(ct))
        .OrderBy(c => c.Title, StringComparer.CurrentCultureIgnoreCase)
        .Select(c => new CommunityFollow(c.CommunityId, c.Slug, c.Title, c.Muted)).ToList();
}
