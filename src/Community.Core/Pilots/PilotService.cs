using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Pilots;

public enum PilotSort
{
    Updated,
    Title,
    Start,
    Phase,
}

public sealed record PilotFilter(int? MunicipalityId = null, int? ThemeId = null, PilotPhase? Phase = null, string? Query = null, PilotSort Sort = PilotSort.Updated, int Page = 1);

public sealed record PilotPage(IReadOnlyList<PilotListItem> Pilots, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record PilotListItem(
    string Slug, string Title, string Summary, PilotPhase Phase, DateOnly? StartDate, DateOnly? EndDate,
    IReadOnlyList<string> Municipalities, IReadOnlyList<string> Themes, CommunityVisibility Visibility, int MemberCount);

public sealed record PartnerInput(string? Organisation, string? Role, int? StudentCount);

public sealed record MilestoneInput(DateOnly? Date, string? Title);

public sealed record PilotInput
{
    public string Title { get; init; } = "";
    public string Summary { get; init; } = "";
    public string KnowledgeQuestion { get; init; } = "";
    public string? Programme { get; init; }
    public string? LearningGoals { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public string? Costs { get; init; }
    public string? CostsCoveredBy { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public PilotPhase Phase { get; init; }
    public CommunityVisibility Visibility { get; init; }
    public IReadOnlyList<int> MunicipalityIds { get; init; } = [];
    public IReadOnlyList<int> ThemeIds { get; init; } = [];
    public IReadOnlyList<int> BuildsOnIds { get; init; } = [];
    public IReadOnlyList<PartnerInput> Partners { get; init; } = [];
    public IReadOnlyList<MilestoneInput> Milestones { get; init; } = [];
}

public sealed record ProgressUpdateInput(DateOnly Date, string Title, string Body);

public sealed record PilotDetails(Pilot Pilot, CommunityPermissions Permissions, int MemberCount)
{
    public bool CanEdit => Permissions.CanManage;
}

public sealed class PilotService(CommunityDbContext db, TimeProvider clock)
{
    public const int PageSize = 24;

    /// <summary>One page of pilots; a page number past the end gives the last page, so a stale link still shows pilots.</summary>
    public async Task<PilotPage> ListAsync(PilotFilter filter, CancellationToken ct = default)
    {
        var query = db.Pilots.AsNoTracking();
        if (filter.MunicipalityId is int m) query = query.Where(p => p.Municipalities.Any(x => x.Id == m));
        if (filter.ThemeId is int t) query = query.Where(p => p.Themes.Any(x => x.Id == t));
        if (filter.Phase is PilotPhase phase) query = query.Where(p => p.Phase == phase);
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var q = filter.Query.Trim().ToLower();
            query = query.Where(p => p.Title.ToLower().Contains(q) || p.Summary.ToLower().Contains(q));
        }
        var total = await query.CountAsync(ct);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        query = filter.Sort switch
        {
            PilotSort.Title => query.OrderBy(p => p.Title),
            PilotSort.Start => query.OrderByDescending(p => p.StartDate).ThenBy(p => p.Title),
            PilotSort.Phase => query.OrderBy(p => p.Phase).ThenBy(p => p.Title),
            _ => query.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Title),
        };
        var rows = await query.Skip((page - 1) * PageSize).Take(PageSize).Select(p => new
        {
            p.Slug, p.Title, p.Summary, p.Phase, p.StartDate, p.EndDate,
            Municipalities = p.Municipalities.OrderBy(x => x.Name).Select(x => x.Name).ToList(),
            Themes = p.Themes.OrderBy(x => x.Name).Select(x => x.Name).ToList(),
            Visibility = p.Community!.Visibility,
            Members = p.Community!.Memberships.Count(x => x.Status == MembershipStatus.Active),
        }).ToListAsync(ct);
        var items = rows.Select(r => new PilotListItem(r.Slug, r.Title, r.Summary, r.Phase, r.StartDate, r.EndDate,
            r.Municipalities, r.Themes, r.Visibility, r.Members)).ToList();
        return new PilotPage(items, total, page, PageSize);
    }

    /// <summary>How many pilots are in each phase, for the home page's overview.</summary>
    public async Task<IReadOnlyList<(PilotPhase Phase, int Count)>> PhaseCountsAsync(CancellationToken ct = default) =>
        (await db.Pilots.AsNoTracking().GroupBy(p => p.Phase).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderBy(g => g.Key).Select(g => (g.Key, g.Count)).ToList();

    public async Task<PilotDetails> GetAsync(string slug, Actor actor, CancellationToken ct = default)
    {
        var pilot = await db.Pilots.AsNoTracking().AsSplitQuery()
            .Include(p => p.Municipalities.OrderBy(m => m.Name))
            .Include(p => p.Themes.OrderBy(t => t.Name))
            .Include(p => p.Partners.OrderBy(x => x.Id))
            .Include(p => p.Milestones.OrderBy(x => x.Date))
            .Include(p => p.BuildsOn.OrderBy(x => x.Title))
            .Include(p => p.BuiltOnBy.OrderBy(x => x.Title))
            .Include(p => p.ProgressUpdates.OrderByDescending(u => u.Date).ThenByDescending(u => u.Id)).ThenInclude(u => u.Author)
            .Include(p => p.Community)
            .FirstOrDefaultAsync(p => p.Slug == slug, ct) ?? throw new NotFoundException("pilot");
        var permissions = await CommunityPermissions.ForAsync(db, pilot.Community!.Id, pilot.Community.Visibility, actor, ct);
        var members = await db.Memberships.CountAsync(m => m.CommunityId == pilot.Community.Id && m.Status == MembershipStatus.Active, ct);
        return new PilotDetails(pilot, permissions, members);
    }

    /// <summary>The pilot's current values as form input, for the edit page.</summary>
    public async Task<PilotInput> GetInputAsync(string slug, Actor actor, CancellationToken ct = default)
    {
        var details = await GetAsync(slug, actor, ct);
        if (!details.CanEdit) throw new ForbiddenException("Only coordinators and admins edit a pilot.");
        var p = details.Pilot;
        return new PilotInput
        {
            Title = p.Title, Summary = p.Summary, KnowledgeQuestion = p.KnowledgeQuestion, Programme = p.Programme,
            LearningGoals = p.LearningGoals, StartDate = p.StartDate, EndDate = p.EndDate, Costs = p.Costs,
            CostsCoveredBy = p.CostsCoveredBy, ContactName = p.ContactName, ContactEmail = p.ContactEmail, Phase = p.Phase,
            Visibility = p.Community!.Visibility,
            MunicipalityIds = p.Municipalities.Select(m => m.Id).ToList(),
            ThemeIds = p.Themes.Select(t => t.Id).ToList(),
            BuildsOnIds = p.BuildsOn.Select(b => b.Id).ToList(),
            Partners = p.Partners.Select(x => new PartnerInput(x.Organisation, x.Role, x.StudentCount)).ToList(),
            Milestones = p.Milestones.Select(x => new MilestoneInput(x.Date, x.Title)).ToList(),
        };
    }

    public async Task<string> CreateAsync(PilotInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) throw new ForbiddenException("Only platform admins create pilots.");
        Validate(input);
        var now = clock.GetUtcNow();
        var pilot = new Pilot { CreatedAt = now, Slug = await UniqueSlugAsync(input.Title, ct) };
        await ApplyAsync(pilot, input, actor.UserId, ct);
        pilot.Community = new LearningCommunity
        {
            Visibility = input.Visibility,
            Memberships = [new Membership { UserId = actor.UserId!, Role = MembershipRole.Coordinator, Status = MembershipStatus.Active, RequestedAt = now, JoinedAt = now }],
        };
        db.Pilots.Add(pilot);
        AuditLog.Record(db, clock, actor, "pilot.create", $"pilot:{pilot.Slug}");
        await db.SaveChangesAsync(ct);
        return pilot.Slug;
    }

    public async Task UpdateAsync(string slug, PilotInput input, Actor actor, CancellationToken ct = default)
    {
        var pilot = await db.Pilots.AsSplitQuery()
            .Include(p => p.Municipalities).Include(p => p.Themes).Include(p => p.BuildsOn)
            .Include(p => p.Partners).Include(p => p.Milestones).Include(p => p.Community)
            .FirstOrDefaultAsync(p => p.Slug == slug, ct) ?? throw new NotFoundException("pilot");
        var permissions = await CommunityPermissions.ForAsync(db, pilot.Community!.Id, pilot.Community.Visibility, actor, ct);
        if (!permissions.CanRead) throw new NotFoundException("pilot");
        if (!permissions.CanManage) throw new ForbiddenException("Only coordinators and admins edit a pilot.");
        Validate(input);
        if (input.BuildsOnIds.Contains(pilot.Id)) throw new RuleException("Een pilot kan niet op zichzelf voortbouwen.", nameof(PilotInput.BuildsOnIds));
        await ApplyAsync(pilot, input, actor.UserId, ct);
        if (pilot.Community.Visibility != input.Visibility)
            AuditLog.Record(db, clock, actor, "community.visibility", $"pilot:{pilot.Slug}", input.Visibility.ToString());
        pilot.Community.Visibility = input.Visibility;
        AuditLog.Record(db, clock, actor, "pilot.update", $"pilot:{pilot.Slug}");
        await db.SaveChangesAsync(ct);
    }

    public async Task AddProgressUpdateAsync(string slug, ProgressUpdateInput input, Actor actor, CancellationToken ct = default)
    {
        var details = await GetAsync(slug, actor, ct);
        if (!details.CanEdit) throw new ForbiddenException("Only coordinators and admins post progress updates.");
        if (string.IsNullOrWhiteSpace(input.Title)) throw new RuleException("Geef de voortgang een titel.", nameof(input.Title));
        if (string.IsNullOrWhiteSpace(input.Body)) throw new RuleException("Beschrijf de voortgang.", nameof(input.Body));
        db.ProgressUpdates.Add(new ProgressUpdate
        {
            PilotId = details.Pilot.Id, Date = input.Date, Title = input.Title.Trim(), Body = input.Body.Trim(),
            AuthorId = actor.UserId, CreatedAt = clock.GetUtcNow(),
        });
        var pilot = await db.Pilots.FirstAsync(p => p.Id == details.Pilot.Id, ct);
        pilot.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteProgressUpdateAsync(string slug, int updateId, Actor actor, CancellationToken ct = default)
    {
        var details = await GetAsync(slug, actor, ct);
        if (!details.CanEdit) throw new ForbiddenException("Only coordinators and admins remove progress updates.");
        var update = await db.ProgressUpdates.FirstOrDefaultAsync(u => u.Id == updateId && u.PilotId == details.Pilot.Id, ct)
            ?? throw new NotFoundException("progress update");
        db.ProgressUpdates.Remove(update);
        AuditLog.Record(db, clock, actor, "progress.delete", $"pilot:{slug}", update.Title);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<(int Id, string Slug, string Title)>> AllTitlesAsync(CancellationToken ct = default) =>
        (await db.Pilots.AsNoTracking().OrderBy(p => p.Title).Select(p => new { p.Id, p.Slug, p.Title }).ToListAsync(ct))
        .Select(p => (p.Id, p.Slug, p.Title)).ToList();

    private static void Validate(PilotInput input)
    {
        if (input.StartDate is { } start && input.EndDate is { } end && end < start)
            throw new RuleException("De einddatum ligt voor de startdatum.", nameof(PilotInput.EndDate));
        if (!Enum.IsDefined(input.Phase)) throw new RuleException("Kies een fase.", nameof(PilotInput.Phase));
        if (!Enum.IsDefined(input.Visibility)) throw new RuleException("Kies of de leergemeenschap open of besloten is.", nameof(PilotInput.Visibility));
    }

    private async Task ApplyAsync(Pilot pilot, PilotInput input, string? actorId, CancellationToken ct)
    {
        pilot.Title = input.Title.Trim();
        pilot.Summary = input.Summary.Trim();
        pilot.KnowledgeQuestion = input.KnowledgeQuestion.Trim();
        pilot.Programme = Clean(input.Programme);
        pilot.LearningGoals = Clean(input.LearningGoals);
        pilot.StartDate = input.StartDate;
        pilot.EndDate = input.EndDate;
        pilot.Costs = Clean(input.Costs);
        pilot.CostsCoveredBy = Clean(input.CostsCoveredBy);
        pilot.ContactName = Clean(input.ContactName);
        pilot.ContactEmail = Clean(input.ContactEmail);
        if (pilot.Id != 0 && pilot.Phase != input.Phase)
            db.PilotPhaseChanges.Add(new PilotPhaseChange { PilotId = pilot.Id, From = pilot.Phase, To = input.Phase, ChangedById = actorId, At = clock.GetUtcNow() });
        pilot.Phase = input.Phase;
        pilot.UpdatedAt = clock.GetUtcNow();

        var municipalityIds = input.MunicipalityIds.Distinct().ToList();
        var themeIds = input.ThemeIds.Distinct().ToList();
        var buildsOnIds = input.BuildsOnIds.Distinct().ToList();
        pilot.Municipalities = await db.Municipalities.Where(m => municipalityIds.Contains(m.Id)).ToListAsync(ct);
        pilot.Themes = await db.Themes.Where(t => themeIds.Contains(t.Id)).ToListAsync(ct);
        pilot.BuildsOn = await db.Pilots.Where(p => buildsOnIds.Contains(p.Id)).ToListAsync(ct);
        if (pilot.Municipalities.Count != municipalityIds.Count) throw new RuleException("Een gekozen gemeente bestaat niet (meer).", nameof(PilotInput.MunicipalityIds));
        if (pilot.Themes.Count != themeIds.Count) throw new RuleException("Een gekozen thema bestaat niet (meer).", nameof(PilotInput.ThemeIds));
        if (pilot.BuildsOn.Count != buildsOnIds.Count) throw new RuleException("Een gekozen eerdere pilot bestaat niet (meer).", nameof(PilotInput.BuildsOnIds));

        pilot.Partners.Clear();
        foreach (var p in input.Partners.Where(p => !string.IsNullOrWhiteSpace(p.Organisation)))
            pilot.Partners.Add(new PilotPartner { Organisation = p.Organisation!.Trim(), Role = Clean(p.Role), StudentCount = p.StudentCount });
        pilot.Milestones.Clear();
        foreach (var m in input.Milestones.Where(m => !string.IsNullOrWhiteSpace(m.Title)))
        {
            if (m.Date is null) throw new RuleException("Geef elke mijlpaal een datum.", nameof(PilotInput.Milestones));
            pilot.Milestones.Add(new PilotMilestone { Date = m.Date.Value, Title = m.Title!.Trim() });
        }
    }

    private async Task<string> UniqueSlugAsync(string title, CancellationToken ct)
    {
        var baseSlug = Slugs.From(title);
        // "nieuw" is the create page's URL segment.
        if (baseSlug == "nieuw") baseSlug = "pilot-nieuw";
        var slug = baseSlug;
        for (var i = 2; await db.Pilots.AnyAsync(p => p.Slug == slug, ct); i++) slug = $"{baseSlug}-{i}";
        return slug;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
