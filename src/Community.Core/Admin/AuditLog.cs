using Community.Core.Common;
using Community.Core.Data;

namespace Community.Core.Admin;

public static class AuditLog
{
    /// <summary>Adds an entry to the unit of work; it is saved with the change it describes.</summary>
    public static void Record(CommunityDbContext db, TimeProvider clock, Actor actor, string action, string target, string? details = null, int? communityId = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = actor.UserId,
            Action = action,
            Target = target,
            Details = details,
            CommunityId = communityId,
        });
}
