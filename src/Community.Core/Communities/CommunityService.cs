using System.Security.Cryptography;
using System.Text;
using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Data;
using Community.Core.Email;
using Community.Core.Pilots;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Communities;

public sealed record MemberView(
    string UserId, string DisplayName, string? Organisation, string? Municipality, string? JobRole, string? WorkingOn,
    IReadOnlyList<string> Tags, MembershipRole Role, MembershipStatus Status, string? RequestMessage, DateTimeOffset Since);

public sealed record CommunityHome(
    int CommunityId, string PilotSlug, string PilotTitle, string PilotSummary, PilotPhase Phase, CommunityVisibility Visibility,
    string? Welcome, CommunityPermissions Permissions, int MemberCount,
    IReadOnlyList<MemberView> Coordinators, IReadOnlyList<MemberView> RecentMembers, int PendingRequestCount);

public sealed class CommunityService(CommunityDbContext db, TimeProvider clock, IEmailSender mail, IPublicUrl urls, IMailLocalizer? texts = null,
    IMembershipEvents? membershipEvents = null)
{
    private readonly CommunityMails mails = new(texts ?? DutchMailLocalizer.Instance);

    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(14);

    /// <summary>The community home; throws <see cref="ForbiddenException"/> for a Closed community the actor is not in.</summary>
    public async Task<CommunityHome> GetHomeAsync(string slug, Actor actor, CancellationToken ct = default)
    {
        var (community, permissions) = await LoadAsync(slug, actor, ct);
        var pilot = community.Pilot!;
        if (!permissions.CanRead)
            return new CommunityHome(community.Id, pilot.Slug, pilot.Title, pilot.Summary, pilot.Phase, community.Visibility,
                null, permissions, 0, [], [], 0);
        var members = await MemberQuery(community.Id).Where(m => m.Status == MembershipStatus.Active).ToListAsync(ct);
        var pending = permissions.CanManage
            ? await db.Memberships.CountAsync(m => m.CommunityId == community.Id && m.Status == MembershipStatus.Requested, ct)
            : 0;
        var views = members.Select(ToView).ToList();
        return new CommunityHome(community.Id, pilot.Slug, pilot.Title, pilot.Summary, pilot.Phase, community.Visibility, community.Welcome,
            permissions, views.Count,
            views.Where(v => v.Role == MembershipRole.Coordinator).OrderBy(v => v.DisplayName).ToList(),
            views.OrderByDescending(v => v.Since).Take(12).ToList(), pending);
    }

    public async Task<(CommunityHome Home, IReadOnlyList<MemberView> Members, IReadOnlyList<MemberView> Requests)> GetMembersAsync(
        string slug, string? query, Actor actor, CancellationToken ct = default)
    {
        var home = await GetHomeAsync(slug, actor, ct);
        if (!home.Permissions.CanRead) throw new ForbiddenException("Closed community.");
        // People's profiles are for signed-in users only, also in Open communities.
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to see members.");
        var q = MemberQuery(home.CommunityId);
        if (!string.IsNullOrWhiteSpace(query))
        {
            var term = query.Trim().ToLower();
            q = q.Where(m => m.User!.DisplayName.ToLower().Contains(term)
                || (m.User.Organisation != null && m.User.Organisation.ToLower().Contains(term))
                || (m.User.Municipality != null && m.User.Municipality.Name.ToLower().Contains(term))
                || m.User.Tags.Any(t => t.Name.ToLower().Contains(term)));
        }
        var rows = (await q.ToListAsync(ct)).Select(ToView).ToList();
        var members = rows.Where(r => r.Status == MembershipStatus.Active)
            .OrderByDescending(r => r.Role).ThenBy(r => r.DisplayName).ToList();
        var requests = home.Permissions.CanManage
            ? rows.Where(r => r.Status == MembershipStatus.Requested).OrderBy(r => r.Since).ToList()
            : [];
        return (home, members, requests);
    }

    /// <summary>Open: member at once. Closed: a request that coordinators are mailed about.</summary>
    public async Task<MembershipStatus> JoinAsync(string slug, string? message, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to join.");
        var (community, permissions) = await LoadAsync(slug, actor, ct);
        if (permissions.IsMember) return MembershipStatus.Active;
        if (permissions.HasPendingRequest) return MembershipStatus.Requested;
        var now = clock.GetUtcNow();
        var open = community.Visibility == CommunityVisibility.Open;
        var trimmed = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        if (trimmed?.Length > 1000) throw new RuleException("Je bericht is te lang (maximaal 1000 tekens).", "Message");
        db.Memberships.Add(new Membership
        {
            CommunityId = community.Id, UserId = actor.UserId!, Role = MembershipRole.Member,
            Status = open ? MembershipStatus.Active : MembershipStatus.Requested,
            RequestMessage = open ? null : trimmed, RequestedAt = now, JoinedAt = open ? now : null,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A double click raced us to the unique (community, user) index: the first request counts.
            db.ChangeTracker.Clear();
            return (await LoadAsync(slug, actor, ct)).Permissions.Status ?? MembershipStatus.Requested;
        }
        if (!open)
        {
            var requester = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).FirstAsync(ct);
            var coordinators = await db.Memberships.AsNoTracking()
                .Where(m => m.CommunityId == community.Id && m.Status == MembershipStatus.Active && m.Role == MembershipRole.Coordinator)
                .Select(m => new { m.User!.Email, m.User.PreferredCulture }).ToListAsync(ct);
            foreach (var c in coordinators.Where(c => c.Email is not null))
                await mail.SendAsync(mails.JoinRequested(c.Email!, c.PreferredCulture, requester, community.Pilot!.Title,
                    urls.Absolute($"/pilots/{slug}/leergemeenschap/leden")), ct);
        }
        return open ? MembershipStatus.Active : MembershipStatus.Requested;
    }

    public async Task LeaveAsync(string slug, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in first.");
        var (community, _) = await LoadAsync(slug, actor, ct);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.CommunityId == community.Id && m.UserId == actor.UserId, ct);
        if (membership is null) return;
        await EnsureNotLastCoordinatorAsync(membership, ct);
        db.Memberships.Remove(membership);
        await db.SaveChangesAsync(ct);
        await EndedAsync(community.Id, membership.UserId, ct);
    }

    public async Task ApproveAsync(string slug, string userId, Actor actor, CancellationToken ct = default) =>
        await DecideAsync(slug, userId, approve: true, actor, ct);

    public async Task DeclineAsync(string slug, string userId, Actor actor, CancellationToken ct = default) =>
        await DecideAsync(slug, userId, approve: false, actor, ct);

    public async Task RemoveMemberAsync(string slug, string userId, Actor actor, CancellationToken ct = default)
    {
        var community = await LoadManagedAsync(slug, actor, ct);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.CommunityId == community.Id && m.UserId == userId, ct)
            ?? throw new NotFoundException("member");
        await EnsureNotLastCoordinatorAsync(membership, ct);
        db.Memberships.Remove(membership);
        AuditLog.Record(db, clock, actor, "member.remove", $"pilot:{slug}", userId);
        await db.SaveChangesAsync(ct);
        await EndedAsync(community.Id, userId, ct);
    }

    public async Task SetRoleAsync(string slug, string userId, MembershipRole role, Actor actor, CancellationToken ct = default)
    {
        var community = await LoadManagedAsync(slug, actor, ct);
        var membership = await db.Memberships.FirstOrDefaultAsync(
            m => m.CommunityId == community.Id && m.UserId == userId && m.Status == MembershipStatus.Active, ct)
            ?? throw new NotFoundException("member");
        if (membership.Role == role) return;
        if (role == MembershipRole.Member) await EnsureNotLastCoordinatorAsync(membership, ct);
        membership.Role = role;
        AuditLog.Record(db, clock, actor, role == MembershipRole.Coordinator ? "member.promote" : "member.demote", $"pilot:{slug}", userId);
        await db.SaveChangesAsync(ct);
    }

    public async Task InviteAsync(string slug, string email, Actor actor, CancellationToken ct = default)
    {
        var community = await LoadManagedAsync(slug, actor, ct);
        email = email.Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
            throw new RuleException("Vul een geldig e-mailadres in.", "Email");
        var alreadyMember = await db.Memberships.AnyAsync(m => m.CommunityId == community.Id
            && m.Status == MembershipStatus.Active && m.User!.NormalizedEmail == email.ToUpperInvariant(), ct);
        if (alreadyMember) throw new RuleException("Deze persoon is al lid.", "Email");
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var now = clock.GetUtcNow();
        db.Invitations.Add(new Invitation
        {
            CommunityId = community.Id, Email = email, TokenHash = Hash(token), InvitedById = actor.UserId,
            CreatedAt = now, ExpiresAt = now + InvitationLifetime,
        });
        AuditLog.Record(db, clock, actor, "member.invite", $"pilot:{slug}");
        await db.SaveChangesAsync(ct);
        var inviter = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "Kennisplatform";
        await mail.SendAsync(mails.Invitation(email, inviter, community.Pilot!.Title, urls.Absolute($"/uitnodiging/{token}")), ct);
    }

    /// <summary>The pilot the invitation is for, or null if the token is unknown, used or expired.</summary>
    public async Task<(string Slug, string Title)?> GetInvitationAsync(string token, CancellationToken ct = default)
    {
        var invitation = await FindInvitation(token).AsNoTracking().Select(i => new { i.Community!.Pilot!.Slug, i.Community.Pilot.Title }).FirstOrDefaultAsync(ct);
        return invitation is null ? null : (invitation.Slug, invitation.Title);
    }

    public async Task<string> AcceptInvitationAsync(string token, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to accept.");
        var invitation = await FindInvitation(token).Include(i => i.Community!.Pilot).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("invitation");
        // The link is a bearer token: tied to the invited address, a forwarded or leaked link opens no Closed community.
        var email = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.NormalizedEmail).FirstOrDefaultAsync(ct);
        if (email != invitation.Email.Trim().ToUpperInvariant())
            throw new RuleException("Deze uitnodiging is voor een ander e-mailadres. Log in met het adres waar de uitnodiging naartoe ging.");
        var now = clock.GetUtcNow();
        invitation.AcceptedAt = now;
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.CommunityId == invitation.CommunityId && m.UserId == actor.UserId, ct);
        if (membership is null)
            db.Memberships.Add(new Membership
            {
                CommunityId = invitation.CommunityId, UserId = actor.UserId!, Role = MembershipRole.Member,
                Status = MembershipStatus.Active, RequestedAt = now, JoinedAt = now,
            });
        else if (membership.Status == MembershipStatus.Requested)
        {
            membership.Status = MembershipStatus.Active;
            membership.JoinedAt = now;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A double click: the other request made the membership; the invitation is used either way.
            db.ChangeTracker.Clear();
        }
        return invitation.Community!.Pilot!.Slug;
    }

    private IQueryable<Invitation> FindInvitation(string token)
    {
        var hash = Hash(token ?? "");
        var now = clock.GetUtcNow();
        return db.Invitations.Where(i => i.TokenHash == hash && i.AcceptedAt == null && i.ExpiresAt > now);
    }

    private async Task DecideAsync(string slug, string userId, bool approve, Actor actor, CancellationToken ct)
    {
        var community = await LoadManagedAsync(slug, actor, ct);
        var membership = await db.Memberships.Include(m => m.User).FirstOrDefaultAsync(
            m => m.CommunityId == community.Id && m.UserId == userId && m.Status == MembershipStatus.Requested, ct)
            ?? throw new NotFoundException("request");
        if (approve)
        {
            membership.Status = MembershipStatus.Active;
            membership.JoinedAt = clock.GetUtcNow();
        }
        else
        {
            db.Memberships.Remove(membership);
        }
        AuditLog.Record(db, clock, actor, approve ? "member.approve" : "member.decline", $"pilot:{slug}", userId);
        await db.SaveChangesAsync(ct);
        var user = membership.User!;
        if (user.Email is not null)
            await mail.SendAsync(mails.RequestDecided(user.Email, user.PreferredCulture, approve, community.Pilot!.Title,
                urls.Absolute($"/pilots/{slug}/leergemeenschap")), ct);
    }

    private async Task EndedAsync(int communityId, string userId, CancellationToken ct)
    {
        if (membershipEvents is not null) await membershipEvents.MembershipEndedAsync(communityId, userId, ct);
    }

    private async Task EnsureNotLastCoordinatorAsync(Membership membership, CancellationToken ct)
    {
        if (membership.Role != MembershipRole.Coordinator || membership.Status != MembershipStatus.Active) return;
        var others = await db.Memberships.CountAsync(m => m.CommunityId == membership.CommunityId && m.Id != membership.Id
            && m.Role == MembershipRole.Coordinator && m.Status == MembershipStatus.Active, ct);
        if (others == 0)
            throw new RuleException("Een leergemeenschap heeft minstens één coördinator. Maak eerst iemand anders coördinator.");
    }

    private async Task<(LearningCommunity Community, CommunityPermissions Permissions)> LoadAsync(string slug, Actor actor, CancellationToken ct)
    {
        var community = await db.Communities.AsNoTracking().Include(c => c.Pilot)
            .FirstOrDefaultAsync(c => c.Pilot!.Slug == slug, ct) ?? throw new NotFoundException("community");
        return (community, await CommunityPermissions.ForAsync(db, community.Id, community.Visibility, actor, ct));
    }

    private async Task<LearningCommunity> LoadManagedAsync(string slug, Actor actor, CancellationToken ct)
    {
        var (community, permissions) = await LoadAsync(slug, actor, ct);
        if (!permissions.CanRead) throw new ForbiddenException("Closed community.");
        if (!permissions.CanManage) throw new ForbiddenException("Only coordinators manage members.");
        return community;
    }

    private IQueryable<Membership> MemberQuery(int communityId) =>
        db.Memberships.AsNoTracking().AsSplitQuery().Where(m => m.CommunityId == communityId)
            .Include(m => m.User!).ThenInclude(u => u.Municipality)
            .Include(m => m.User!).ThenInclude(u => u.Tags);

    private static MemberView ToView(Membership m) => new(
        m.UserId, m.User!.DisplayName, m.User.Organisation, m.User.Municipality?.Name, m.User.JobRole, m.User.WorkingOn,
        m.User.Tags.Select(t => t.Name).OrderBy(t => t).ToList(), m.Role, m.Status, m.RequestMessage, m.JoinedAt ?? m.RequestedAt);

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
