namespace Community.Core.Admin;

public class Municipality
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
}

public class Theme
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
}

public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorId { get; set; }
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? Details { get; set; }
    /// <summary>Set for moderation in a community, so its coordinators see their own log.</summary>
    public int? CommunityId { get; set; }
}
