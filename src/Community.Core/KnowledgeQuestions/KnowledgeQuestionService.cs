using System.Globalization;
using System.Text;
using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Pilots;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.KnowledgeQuestions;

public sealed record PilotRef(string Slug, string Title);

public sealed record KnowledgeQuestionView(
    int Id, string Text, string? Explanation, string? AskedBy, PilotRef? Source, PilotRef? TakenUpBy, DateTimeOffset CreatedAt,
    int Votes, bool VotedByMe);

public sealed record KnowledgeQuestionDetails(KnowledgeQuestionView Question, bool CanVote, IReadOnlyList<PilotRef> PilotsActorManages, bool CanRelease);

public sealed record KnowledgeQuestionInput(string Text, string? Explanation);

public enum KnowledgeQuestionSort { Votes, Newest }

/// <summary>
/// The platform-wide list of knowledge questions. The list is public, like pilot profiles and evaluations where the
/// questions come from; asking and voting need an account; linking a pilot that takes a question up is for that
/// pilot's coordinators and admins.
/// </summary>
public sealed class KnowledgeQuestionService(CommunityDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<KnowledgeQuestionView>> ListAsync(KnowledgeQuestionSort sort, bool openOnly, Actor actor, CancellationToken ct = default)
    {
        var query = db.KnowledgeQuestions.AsNoTracking();
        if (openOnly) query = query.Where(q => q.TakenUpByPilotId == null);
        query = sort == KnowledgeQuestionSort.Newest
            ? query.OrderByDescending(q => q.CreatedAt).ThenByDescending(q => q.Id)
            : query.OrderByDescending(q => q.VoteCount).ThenByDescending(q => q.CreatedAt);
        return await Project(query.Take(500), actor).ToListAsync(ct);
    }

    public async Task<KnowledgeQuestionDetails> GetAsync(int id, Actor actor, CancellationToken ct = default)
    {
        var question = await Project(db.KnowledgeQuestions.AsNoTracking().Where(q => q.Id == id), actor).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("knowledge question");
        var managed = await PilotsManagedByAsync(actor, ct);
        var canRelease = question.TakenUpBy is not null && (actor.IsAdmin || managed.Any(p => p.Slug == question.TakenUpBy.Slug));
        return new KnowledgeQuestionDetails(question, actor.IsAuthenticated, question.TakenUpBy is null ? managed : [], canRelease);
    }

    public async Task<int> AskAsync(KnowledgeQuestionInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to ask a knowledge question.");
        var text = (input.Text ?? "").Trim();
        if (text.Length == 0) throw new RuleException("Formuleer de kennisvraag.", nameof(input.Text));
        if (text.Length > 500) throw new RuleException("Een kennisvraag is maximaal {0} tekens.", nameof(input.Text), 500);
        if ((input.Explanation?.Trim().Length ?? 0) > 4000) throw new RuleException("De toelichting is maximaal {0} tekens.", nameof(input.Explanation), 4000);
        var question = new KnowledgeQuestion
        {
            Text = text, Explanation = string.IsNullOrWhiteSpace(input.Explanation) ? null : input.Explanation.Trim(),
            AskedById = actor.UserId, CreatedAt = clock.GetUtcNow(),
        };
        db.KnowledgeQuestions.Add(question);
        await db.SaveChangesAsync(ct);
        return question.Id;
    }

    /// <summary>"Dit wil ik ook weten": one vote per person; voting again takes the vote back.</summary>
    public async Task<bool> ToggleVoteAsync(int id, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to vote.");
        var question = await db.KnowledgeQuestions.FirstOrDefaultAsync(q => q.Id == id, ct) ?? throw new NotFoundException("knowledge question");
        var vote = await db.KnowledgeQuestionVotes.FirstOrDefaultAsync(v => v.QuestionId == id && v.UserId == actor.UserId, ct);
        if (vote is null) db.KnowledgeQuestionVotes.Add(new KnowledgeQuestionVote { QuestionId = id, UserId = actor.UserId!, CreatedAt = clock.GetUtcNow() });
        else db.KnowledgeQuestionVotes.Remove(vote);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A double click raced the unique (question, user) index: the first vote counts.
            db.ChangeTracker.Clear();
        }
        // Recounted rather than incremented, so concurrent votes cannot drift the number shown.
        var count = await db.KnowledgeQuestionVotes.CountAsync(v => v.QuestionId == id, ct);
        await db.KnowledgeQuestions.Where(q => q.Id == id).ExecuteUpdateAsync(s => s.SetProperty(q => q.VoteCount, count), ct);
        return vote is null;
    }

    public async Task TakeUpAsync(int id, string pilotSlug, Actor actor, CancellationToken ct = default)
    {
        var pilot = await ManagedPilotAsync(pilotSlug, actor, ct);
        var question = await db.KnowledgeQuestions.FirstOrDefaultAsync(q => q.Id == id, ct) ?? throw new NotFoundException("knowledge question");
        if (question.TakenUpByPilotId is not null && question.TakenUpByPilotId != pilot.Id)
            throw new RuleException("Een andere pilot pakt deze kennisvraag al op.", "PilotSlug");
        question.TakenUpByPilotId = pilot.Id;
        AuditLog.Record(db, clock, actor, "knowledgequestion.takeup", $"pilot:{pilotSlug}", id.ToString(CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
    }

    public async Task ReleaseAsync(int id, Actor actor, CancellationToken ct = default)
    {
        var question = await db.KnowledgeQuestions.Include(q => q.TakenUpByPilot).FirstOrDefaultAsync(q => q.Id == id, ct)
            ?? throw new NotFoundException("knowledge question");
        if (question.TakenUpByPilot is null) return;
        await ManagedPilotAsync(question.TakenUpByPilot.Slug, actor, ct);
        AuditLog.Record(db, clock, actor, "knowledgequestion.release", $"pilot:{question.TakenUpByPilot.Slug}", id.ToString(CultureInfo.InvariantCulture));
        question.TakenUpByPilotId = null;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Questions a pilot's evaluation raised and questions the pilot takes up, for the pilot page.</summary>
    public async Task<(IReadOnlyList<KnowledgeQuestionView> Raised, IReadOnlyList<KnowledgeQuestionView> TakenUp)> ForPilotAsync(
        int pilotId, Actor actor, CancellationToken ct = default)
    {
        var raised = await Project(db.KnowledgeQuestions.AsNoTracking().Where(q => q.SourcePilotId == pilotId).OrderBy(q => q.Id), actor).ToListAsync(ct);
        var takenUp = await Project(db.KnowledgeQuestions.AsNoTracking().Where(q => q.TakenUpByPilotId == pilotId).OrderBy(q => q.Id), actor).ToListAsync(ct);
        return (raised, takenUp);
    }

    /// <summary>The list for learning-track planning, as CSV (semicolon-separated, as Dutch spreadsheet programs expect).</summary>
    public async Task<string> ExportCsvAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) throw new ForbiddenException("Only admins export the knowledge questions.");
        var rows = await ListAsync(KnowledgeQuestionSort.Votes, openOnly: false, actor, ct);
        var sb = new StringBuilder();
        sb.AppendLine("id;kennisvraag;toelichting;stemmen;bron;opgepakt_door;gesteld_op");
        foreach (var q in rows)
            sb.AppendLine(string.Join(';',
                q.Id.ToString(CultureInfo.InvariantCulture), Csv(q.Text), Csv(q.Explanation), q.Votes.ToString(CultureInfo.InvariantCulture),
                Csv(q.Source?.Title), Csv(q.TakenUpBy?.Title), q.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        AuditLog.Record(db, clock, actor, "knowledgequestion.export", "kennisvragen", rows.Count.ToString(CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
        return sb.ToString();
    }

    /// <summary>Quoted, and a leading =, +, - or @ defused so a spreadsheet does not run it as a formula.</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    private IQueryable<KnowledgeQuestionView> Project(IQueryable<KnowledgeQuestion> query, Actor actor)
    {
        var userId = actor.UserId;
        // Who asked is named to signed-in users only, as elsewhere on the platform.
        var named = actor.IsAuthenticated;
        return query.Select(q => new KnowledgeQuestionView(
            q.Id, q.Text, q.Explanation, named && q.AskedBy != null ? q.AskedBy.DisplayName : null,
            q.SourcePilot == null ? null : new PilotRef(q.SourcePilot.Slug, q.SourcePilot.Title),
            q.TakenUpByPilot == null ? null : new PilotRef(q.TakenUpByPilot.Slug, q.TakenUpByPilot.Title),
            q.CreatedAt, q.VoteCount, userId != null && q.Votes.Any(v => v.UserId == userId)));
    }

    private async Task<IReadOnlyList<PilotRef>> PilotsManagedByAsync(Actor actor, CancellationToken ct)
    {
        if (!actor.IsAuthenticated) return [];
        var query = db.Pilots.AsNoTracking();
        if (!actor.IsAdmin)
            query = query.Where(p => p.Community!.Memberships.Any(m => m.UserId == actor.UserId && m.Status == MembershipStatus.Active && m.Role == MembershipRole.Coordinator));
        return await query.OrderBy(p => p.Title).Select(p => new PilotRef(p.Slug, p.Title)).ToListAsync(ct);
    }

    private async Task<Pilot> ManagedPilotAsync(string pilotSlug, Actor actor, CancellationToken ct)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in first.");
        var pilot = await db.Pilots.Include(p => p.Community).FirstOrDefaultAsync(p => p.Slug == pilotSlug, ct)
            ?? throw new RuleException("Kies een pilot.", "PilotSlug");
        var permissions = await CommunityPermissions.ForAsync(db, pilot.Community!.Id, pilot.Community.Visibility, actor, ct);
        if (!permissions.CanManage) throw new ForbiddenException("Only the pilot's coordinators and admins link it to a knowledge question.");
        return pilot;
    }
}

public sealed record EvaluationInput(string Conclusions, string? LearningPoints, string? ImprovementPoints, string? NewKnowledgeQuestions);

/// <summary>A pilot's evaluation: written by its coordinators from phase Afronding on; its new questions join the platform-wide list.</summary>
public sealed class EvaluationService(CommunityDbContext db, TimeProvider clock)
{
    public async Task<Evaluation?> ForPilotAsync(int pilotId, CancellationToken ct = default) =>
        await db.Evaluations.AsNoTracking().FirstOrDefaultAsync(e => e.PilotId == pilotId, ct);

    public async Task<(Pilot Pilot, EvaluationInput Input)> GetInputAsync(string pilotSlug, Actor actor, CancellationToken ct = default)
    {
        var pilot = await ManagedAsync(pilotSlug, actor, ct);
        var evaluation = await ForPilotAsync(pilot.Id, ct);
        return (pilot, evaluation is null
            ? new EvaluationInput("", null, null, null)
            : new EvaluationInput(evaluation.Conclusions, evaluation.LearningPoints, evaluation.ImprovementPoints, evaluation.NewKnowledgeQuestions));
    }

    public async Task SaveAsync(string pilotSlug, EvaluationInput input, Actor actor, CancellationToken ct = default)
    {
        var pilot = await ManagedAsync(pilotSlug, actor, ct);
        if (pilot.Phase < PilotPhase.Completion)
            throw new RuleException("Een pilot wordt geëvalueerd vanaf de fase Afronding; zet eerst de fase op Afronding.", null);
        if (string.IsNullOrWhiteSpace(input.Conclusions)) throw new RuleException("Schrijf de belangrijkste conclusies op.", nameof(input.Conclusions));
        var questions = (input.NewKnowledgeQuestions ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(q => q.TrimStart('-', '*', ' ').Trim()).Where(q => q.Length > 0).Distinct().ToList();
        if (questions.Any(q => q.Length > 500)) throw new RuleException("Een kennisvraag is maximaal {0} tekens.", nameof(input.NewKnowledgeQuestions), 500);
        var now = clock.GetUtcNow();
        var evaluation = await db.Evaluations.FirstOrDefaultAsync(e => e.PilotId == pilot.Id, ct);
        if (evaluation is null) db.Evaluations.Add(evaluation = new Evaluation { PilotId = pilot.Id });
        evaluation.Conclusions = input.Conclusions.Trim();
        evaluation.LearningPoints = Clean(input.LearningPoints);
        evaluation.ImprovementPoints = Clean(input.ImprovementPoints);
        evaluation.NewKnowledgeQuestions = questions.Count == 0 ? null : string.Join('\n', questions);
        evaluation.UpdatedById = actor.UserId;
        evaluation.UpdatedAt = now;
        // New lines become questions on the platform-wide list; a line removed later keeps its question (people voted on it).
        var existing = await db.KnowledgeQuestions.Where(q => q.SourcePilotId == pilot.Id).Select(q => q.Text).ToListAsync(ct);
        foreach (var text in questions.Where(q => !existing.Contains(q)))
            db.KnowledgeQuestions.Add(new KnowledgeQuestion { Text = text, SourcePilotId = pilot.Id, AskedById = actor.UserId, CreatedAt = now });
        AuditLog.Record(db, clock, actor, "evaluation.save", $"pilot:{pilotSlug}");
        await db.SaveChangesAsync(ct);
    }

    private async Task<Pilot> ManagedAsync(string pilotSlug, Actor actor, CancellationToken ct)
    {
        var pilot = await db.Pilots.AsNoTracking().Include(p => p.Community).FirstOrDefaultAsync(p => p.Slug == pilotSlug, ct)
            ?? throw new NotFoundException("pilot");
        var permissions = await CommunityPermissions.ForAsync(db, pilot.Community!.Id, pilot.Community.Visibility, actor, ct);
        if (!permissions.CanManage) throw new ForbiddenException("Only coordinators and admins write the evaluation.");
        return pilot;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
