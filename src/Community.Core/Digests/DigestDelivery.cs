namespace Community.Core.Digests;

/// <summary>
/// That a user's digest for a period was composed and queued. Inserted in the same transaction as the queued mail,
/// with a unique (UserId, PeriodKey): a run killed half-way leaves either both or neither, and the next run skips
/// the users who have one.
/// </summary>
public class DigestDelivery
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>"D:2026-11-25" for a daily, "W:2026-W48" for a weekly digest (Europe/Amsterdam dates).</summary>
    public string PeriodKey { get; set; } = "";
    /// <summary>The items covered: created or changed in [From, To). The next digest starts at To.</summary>
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    public int ItemCount { get; set; }
}
