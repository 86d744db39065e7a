using Community.Core.Admin;
using Microsoft.AspNetCore.Identity;

namespace Community.Core.Accounts;

public class User : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public string? Organisation { get; set; }
    public int? MunicipalityId { get; set; }
    public Municipality? Municipality { get; set; }
    public string? JobRole { get; set; }
    public string? WorkingOn { get; set; }
    public List<ProfileTag> Tags { get; set; } = [];
    /// <summary>"nl" or "en"; used for mail sent to this user.</summary>
    public string PreferredCulture { get; set; } = "nl";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The secret in this user's private feed links (Closed communities); a new one revokes the old links.</summary>
    public string? FeedToken { get; set; }

    /// <summary>An admin's block is a lockout without end; failed sign-ins lock out for minutes only.</summary>
    public static readonly DateTimeOffset BlockedByAdmin = DateTimeOffset.MaxValue;

    public bool IsBlockedByAdmin => LockoutEnd is { } end && end.Year == BlockedByAdmin.Year;
}

public class ProfileTag
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
}

public static class Roles
{
    public const string Admin = "Admin";
}
