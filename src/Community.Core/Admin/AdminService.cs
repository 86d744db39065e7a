using Community.Core.Accounts;
using Community.Core.Common;
using Community.Core.Data;
using Community.Core.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Admin;

public sealed record AdminUserRow(string Id, string DisplayName, string Email, bool EmailConfirmed, bool IsAdmin, bool IsLocked, DateTimeOffset CreatedAt);

public sealed record ReferenceItem(int Id, string Name, string Slug, int UsageCount);

public sealed record MailQueueOverview(int Pending, int Retrying, int Failed, int Skipped, int SentLastDay,
    IReadOnlyList<FailingAddressRow> FailingAddresses, IReadOnlyList<FailedMailRow> RecentFailures);

public sealed record FailingAddressRow(string Address, string Reason, DateTimeOffset At, string? UserId, string? DisplayName);

public sealed record FailedMailRow(long Id, string To, string Subject, OutgoingMailStatus Status, int Attempts, string? LastError, DateTimeOffset CreatedAt);

public sealed class AdminService(CommunityDbContext db, UserManager<User> users, TimeProvider clock)
{
    public async Task<IReadOnlyList<AdminUserRow>> UsersAsync(string? query, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var adminRoleId = await db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id).FirstOrDefaultAsync(ct);
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            var term = query.Trim().ToLower();
            q = q.Where(u => u.DisplayName.ToLower().Contains(term) || (u.Email != null && u.Email.ToLower().Contains(term)));
        }
        var now = clock.GetUtcNow();
        var rows = await q.OrderBy(u => u.DisplayName).Take(500).Select(u => new
        {
            u.Id, u.DisplayName, u.Email, u.EmailConfirmed, u.CreatedAt, u.LockoutEnd,
            IsAdmin = db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == adminRoleId),
        }).ToListAsync(ct);
        return rows.Select(r => new AdminUserRow(r.Id, r.DisplayName, r.Email ?? "", r.EmailConfirmed, r.IsAdmin,
            r.LockoutEnd is { } end && end > now, r.CreatedAt)).ToList();
    }

    public async Task LockAsync(string userId, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        if (userId == actor.UserId) throw new RuleException("Je kunt jezelf niet blokkeren.");
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException("user");
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, User.BlockedByAdmin);
        // Invalidates the cookie of a signed-in user at the next security-stamp check.
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, "user.lock", userId, ct);
    }

    public async Task UnlockAsync(string userId, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException("user");
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await AuditAsync(actor, "user.unlock", userId, ct);
    }

    public async Task SetAdminAsync(string userId, bool admin, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        if (!admin && userId == actor.UserId) throw new RuleException("Je kunt je eigen beheerrechten niet intrekken.");
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException("user");
        await EnsureRoleAsync(db);
        if (admin && !await users.IsInRoleAsync(user, Roles.Admin)) await users.AddToRoleAsync(user, Roles.Admin);
        if (!admin && await users.IsInRoleAsync(user, Roles.Admin)) await users.RemoveFromRoleAsync(user, Roles.Admin);
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, admin ? "user.make-admin" : "user.remove-admin", userId, ct);
    }

    public Task<IReadOnlyList<ReferenceItem>> MunicipalitiesAsync(CancellationToken ct = default) =>
        ListAsync(db.Municipalities.OrderBy(m => m.Name).Select(m => new ReferenceItem(m.Id, m.Name, m.Slug,
            db.Pilots.Count(p => p.Municipalities.Any(x => x.Id == m.Id)) + db.Users.Count(u => u.MunicipalityId == m.Id))), ct);

    public Task<IReadOnlyList<ReferenceItem>> ThemesAsync(CancellationToken ct = default) =>
        ListAsync(db.Themes.OrderBy(t => t.Name).Select(t => new ReferenceItem(t.Id, t.Name, t.Slug, db.Pilots.Count(p => p.Themes.Any(x => x.Id == t.Id)))), ct);

    public async Task AddMunicipalityAsync(string name, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var (clean, slug) = CheckName(name);
        if (await db.Municipalities.AnyAsync(m => m.Slug == slug || m.Name == clean, ct)) throw new RuleException("Deze gemeente bestaat al.", "Name");
        db.Municipalities.Add(new Municipality { Name = clean, Slug = slug });
        await AuditAsync(actor, "municipality.add", clean, ct);
    }

    public async Task RenameMunicipalityAsync(int id, string name, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var (clean, slug) = CheckName(name);
        var m = await db.Municipalities.FindAsync([id], ct) ?? throw new NotFoundException("municipality");
        if (await db.Municipalities.AnyAsync(x => x.Id != id && (x.Slug == slug || x.Name == clean), ct)) throw new RuleException("Deze gemeente bestaat al.", "Name");
        m.Name = clean;
        m.Slug = slug;
        await AuditAsync(actor, "municipality.rename", clean, ct);
    }

    public async Task DeleteMunicipalityAsync(int id, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var m = await db.Municipalities.FindAsync([id], ct) ?? throw new NotFoundException("municipality");
        if (await db.Pilots.AnyAsync(p => p.Municipalities.Any(x => x.Id == id), ct))
            throw new RuleException("Deze gemeente hoort bij een of meer pilots en kan niet weg.");
        db.Municipalities.Remove(m);
        await AuditAsync(actor, "municipality.delete", m.Name, ct);
    }

    public async Task AddThemeAsync(string name, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var (clean, slug) = CheckName(name);
        if (await db.Themes.AnyAsync(m => m.Slug == slug || m.Name == clean, ct)) throw new RuleException("Dit thema bestaat al.", "Name");
        db.Themes.Add(new Theme { Name = clean, Slug = slug });
        await AuditAsync(actor, "theme.add", clean, ct);
    }

    public async Task RenameThemeAsync(int id, string name, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var (clean, slug) = CheckName(name);
        var t = await db.Themes.FindAsync([id], ct) ?? throw new NotFoundException("theme");
        if (await db.Themes.AnyAsync(x => x.Id != id && (x.Slug == slug || x.Name == clean), ct)) throw new RuleException("Dit thema bestaat al.", "Name");
        t.Name = clean;
        t.Slug = slug;
        await AuditAsync(actor, "theme.rename", clean, ct);
    }

    public async Task DeleteThemeAsync(int id, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var t = await db.Themes.FindAsync([id], ct) ?? throw new NotFoundException("theme");
        if (await db.Pilots.AnyAsync(p => p.Themes.Any(x => x.Id == id), ct))
            throw new RuleException("Dit thema hoort bij een of meer pilots en kan niet weg.");
        db.Themes.Remove(t);
        await AuditAsync(actor, "theme.delete", t.Name, ct);
    }

    /// <summary>What the mail queue holds and which addresses fail, for /beheer/e-mail.</summary>
    public async Task<MailQueueOverview> MailQueueAsync(Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var counts = await db.OutgoingMails.AsNoTracking().Where(m => m.Status != OutgoingMailStatus.Sent)
            .GroupBy(m => new { m.Status, Retrying = m.Attempts > 0 }).Select(g => new { g.Key.Status, g.Key.Retrying, Count = g.Count() }).ToListAsync(ct);
        var dayAgo = clock.GetUtcNow().AddDays(-1);
        var sent = await db.OutgoingMails.CountAsync(m => m.Status == OutgoingMailStatus.Sent && m.SentAt >= dayAgo, ct);
        var failing = await db.FailingAddresses.AsNoTracking().OrderByDescending(f => f.At).Take(500)
            .Select(f => new FailingAddressRow(f.Address, f.Reason, f.At,
                db.Users.Where(u => u.NormalizedEmail == f.Address.ToUpper()).Select(u => u.Id).FirstOrDefault(),
                db.Users.Where(u => u.NormalizedEmail == f.Address.ToUpper()).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(ct);
        var failures = await db.OutgoingMails.AsNoTracking()
            .Where(m => m.Status == OutgoingMailStatus.Failed || (m.Status == OutgoingMailStatus.Pending && m.Attempts > 0))
            .OrderByDescending(m => m.Id).Take(50)
            .Select(m => new FailedMailRow(m.Id, m.To, m.Subject, m.Status, m.Attempts, m.LastError, m.CreatedAt)).ToListAsync(ct);
        int Count(OutgoingMailStatus status, bool? retrying = null) =>
            counts.Where(c => c.Status == status && (retrying is null || c.Retrying == retrying)).Sum(c => c.Count);
        return new MailQueueOverview(Count(OutgoingMailStatus.Pending), Count(OutgoingMailStatus.Pending, true), Count(OutgoingMailStatus.Failed),
            Count(OutgoingMailStatus.Skipped), sent, failing, failures);
    }

    /// <summary>Mail to the address goes out again (after the person fixed their mailbox, or a wrongly refused address).</summary>
    public async Task ClearFailingAddressAsync(string address, Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var normalized = MailQueue.NormalizeAddress(address ?? "");
        var row = await db.FailingAddresses.FirstOrDefaultAsync(f => f.Address == normalized, ct) ?? throw new NotFoundException("failing address");
        db.FailingAddresses.Remove(row);
        await AuditAsync(actor, "mail.clear-failing-address", normalized.Length > 200 ? normalized[..200] : normalized, ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAuditAsync(Actor actor, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        return await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(100).ToListAsync(ct);
    }

    /// <summary>Makes a confirmed admin account for the CLI's create-admin verb; returns the temporary password when a new account was made.</summary>
    public static async Task<(bool Created, string? Password)> CreateAdminAsync(UserManager<User> users, CommunityDbContext db, TimeProvider clock, string email, string? password)
    {
        await EnsureRoleAsync(db);
        var user = await users.FindByEmailAsync(email);
        string? generated = null;
        var created = false;
        if (user is null)
        {
            generated = password ?? GeneratePassword();
            user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], CreatedAt = clock.GetUtcNow() };
            var result = await users.CreateAsync(user, generated);
            if (!result.Succeeded) throw new RuleException(string.Join(" ", result.Errors.Select(e => e.Description)));
            created = true;
        }
        if (!await users.IsInRoleAsync(user, Roles.Admin)) await users.AddToRoleAsync(user, Roles.Admin);
        return (created, password is null ? generated : null);
    }

    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, 20);
        return new string(chars) + "-9a";
    }

    public static async Task EnsureRoleAsync(CommunityDbContext db)
    {
        if (await db.Roles.AnyAsync(r => r.Name == Roles.Admin)) return;
        db.Roles.Add(new IdentityRole(Roles.Admin) { NormalizedName = Roles.Admin.ToUpperInvariant() });
        await db.SaveChangesAsync();
    }

    private async Task AuditAsync(Actor actor, string action, string target, CancellationToken ct)
    {
        AuditLog.Record(db, clock, actor, action, target);
        await db.SaveChangesAsync(ct);
    }

    private static (string Name, string Slug) CheckName(string? name)
    {
        var clean = (name ?? "").Trim();
        if (clean.Length is 0 or > 100) throw new RuleException("Vul een naam in van maximaal 100 tekens.", "Name");
        return (clean, Slugs.From(clean));
    }

    private static async Task<IReadOnlyList<ReferenceItem>> ListAsync(IQueryable<ReferenceItem> q, CancellationToken ct) =>
        await q.ToListAsync(ct);

    private static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin) throw new ForbiddenException("Admins only.");
    }
}
