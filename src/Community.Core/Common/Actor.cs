using System.Security.Claims;
using Community.Core.Accounts;

namespace Community.Core.Common;

/// <summary>Who is asking. Every feature service takes one and checks it itself.</summary>
public sealed record Actor(string? UserId, bool IsAdmin)
{
    public static readonly Actor Anonymous = new(null, false);

    public bool IsAuthenticated => UserId is not null;

    public static Actor From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return id is null ? Anonymous : new Actor(id, principal.IsInRole(Roles.Admin));
    }
}
