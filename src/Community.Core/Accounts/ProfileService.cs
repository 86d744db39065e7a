using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Accounts;

public sealed record ProfileInput(string DisplayName, string? Organisation, int? MunicipalityId, string? JobRole, string? WorkingOn, string? Tags, string Culture);

public sealed record ProfileView(
    string Id, string DisplayName, string? Organisation, string? Municipality, string? JobRole, string? WorkingOn,
    IReadOnlyList<string> Tags, IReadOnlyList<(string Slug, string Title, MembershipRole Role)> Communities);

public sealed record DirectoryPage(IReadOnlyList<ProfileView> People, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed class ProfileService(CommunityDbContext db, TimeProvider clock)
{
    public const int MaxTags = 15;

    public async Task<ProfileInput> GetInputAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in first.");
        var u = await db.Users.AsNoTracking().Include(x => x.Tags).FirstOrDefaultAsync(x => x.Id == actor.UserId, ct)
            ?? throw new NotFoundException("user");
        return new ProfileInput(u.DisplayName, u.Organisation, u.MunicipalityId, u.JobRole, u.WorkingOn,
            string.Join(", ", u.Tags.Select(t => t.Name).OrderBy(t => t)), u.PreferredCulture);
    }

    public async Task UpdateAsync(ProfileInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in first.");
        var user = await db.Users.Include(x => x.Tags).FirstOrDefaultAsync(x => x.Id == actor.UserId, ct) ?? throw new NotFoundException("user");
        if (input.MunicipalityId is int mid && !await db.Municipalities.AnyAsync(m => m.Id == mid, ct))
            throw new RuleException("Kies een gemeente uit de lijst.", nameof(ProfileInput.MunicipalityId));
        var tags = ParseTags(input.Tags);
        if (tags.Count > MaxTags) throw new RuleException("Gebruik maximaal {0} trefwoorden.", nameof(ProfileInput.Tags), MaxTags);
        if (tags.Any(t => t.Length > 50)) throw new RuleException("Een trefwoord is maximaal 50 tekens.", nameof(ProfileInput.Tags));
        user.DisplayName = input.DisplayName.Trim();
        user.Organisation = Clean(input.Organisation);
        user.MunicipalityId = input.MunicipalityId;
        user.JobRole = Clean(input.JobRole);
        user.WorkingOn = Clean(input.WorkingOn);
        user.PreferredCulture = input.Culture == "en" ? "en" : "nl";
        user.Tags.RemoveAll(t => !tags.Contains(t.Name));
        foreach (var tag in tags.Where(t => user.Tags.All(x => x.Name != t))) user.Tags.Add(new ProfileTag { UserId = user.Id, Name = tag });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The language of the site and of mail to this user: "nl" or "en".</summary>
    public async Task SetCultureAsync(string culture, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in first.");
        var user = await db.Users.FirstOrDefaultAsync(x => x.Id == actor.UserId, ct) ?? throw new NotFoundException("user");
        user.PreferredCulture = culture == "en" ? "en" : "nl";
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Profiles are for signed-in users; communities a viewer may not see are left out.</summary>
    public async Task<ProfileView> GetAsync(string userId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to see profiles.");
        var u = await Profiles().FirstOrDefaultAsync(x => x.Id == userId, ct) ?? throw new NotFoundException("user");
        var communities = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Status == MembershipStatus.Active)
            .Where(m => actor.IsAdmin || m.Community!.Visibility == CommunityVisibility.Open
                || db.Memberships.Any(v => v.CommunityId == m.CommunityId && v.UserId == actor.UserId && v.Status == MembershipStatus.Active))
            .OrderBy(m => m.Community!.Pilot!.Title)
            .Select(m => new { m.Community!.Pilot!.Slug, m.Community.Pilot.Title, m.Role })
            .ToListAsync(ct);
        return ToView(u, communities.Select(c => (c.Slug, c.Title, c.Role)).ToList());
    }

    public async Task<DirectoryPage> SearchAsync(string? query, int? municipalityId, string? tag, int page, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to see members.");
        const int pageSize = 24;
        var now = clock.GetUtcNow();
        var q = Profiles().Where(u => u.EmailConfirmed && (u.LockoutEnd == null || u.LockoutEnd < now));
        if (!string.IsNullOrWhiteSpace(query))
        {
            var term = query.Trim().ToLower();
            q = q.Where(u => u.DisplayName.ToLower().Contains(term)
                || (u.Organisation != null && u.Organisation.ToLower().Contains(term))
                || (u.JobRole != null && u.JobRole.ToLower().Contains(term))
                || (u.WorkingOn != null && u.WorkingOn.ToLower().Contains(term))
                || u.Tags.Any(t => t.Name.ToLower().Contains(term)));
        }
        if (municipalityId is int m) q = q.Where(u => u.MunicipalityId == m);
        if (!string.IsNullOrWhiteSpace(tag))
        {
            var t = tag.Trim().ToLower();
            q = q.Where(u => u.Tags.Any(x => x.Name == t));
        }
        var total = await q.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var users = await q.OrderBy(u => u.DisplayName).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new DirectoryPage(users.Select(u => ToView(u, [])).ToList(), total, page, pageSize);
    }

    public static List<string> ParseTags(string? raw) =>
        (raw ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.TrimStart('#').ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToList();

    private IQueryable<User> Profiles() =>
        db.Users.AsNoTracking().AsSplitQuery().Include(u => u.Municipality).Include(u => u.Tags);

    private static ProfileView ToView(User u, IReadOnlyList<(string, string, MembershipRole)> communities) => new(
        u.Id, u.DisplayName, u.Organisation, u.Municipality?.Name, u.JobRole, u.WorkingOn,
        u.Tags.Select(t => t.Name).OrderBy(t => t).ToList(), communities);

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
