using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Communities;

namespace Community.Core.Pilots;

public enum PilotPhase
{
    Idea = 0,
    Preparation = 1,
    Execution = 2,
    Completion = 3,
    Completed = 4,
}

public class Pilot
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string KnowledgeQuestion { get; set; } = "";
    public string? Programme { get; set; }
    public string? LearningGoals { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? Costs { get; set; }
    public string? CostsCoveredBy { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public PilotPhase Phase { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<Municipality> Municipalities { get; set; } = [];
    public List<Theme> Themes { get; set; } = [];
    public List<PilotPartner> Partners { get; set; } = [];
    public List<PilotMilestone> Milestones { get; set; } = [];
    public List<Pilot> BuildsOn { get; set; } = [];
    public List<Pilot> BuiltOnBy { get; set; } = [];
    public List<ProgressUpdate> ProgressUpdates { get; set; } = [];
    public LearningCommunity? Community { get; set; }
}

public class PilotPartner
{
    public int Id { get; set; }
    public int PilotId { get; set; }
    public string Organisation { get; set; } = "";
    public string? Role { get; set; }
    public int? StudentCount { get; set; }
}

public class PilotMilestone
{
    public int Id { get; set; }
    public int PilotId { get; set; }
    public DateOnly Date { get; set; }
    public string Title { get; set; } = "";
}

public class ProgressUpdate
{
    public int Id { get; set; }
    public int PilotId { get; set; }
    public Pilot? Pilot { get; set; }
    public DateOnly Date { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? AuthorId { get; set; }
    public User? Author { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A pilot moved to another phase: the history the digest reports ("Pilot X is nu in Uitvoering").</summary>
public class PilotPhaseChange
{
    public long Id { get; set; }
    public int PilotId { get; set; }
    public Pilot? Pilot { get; set; }
    public PilotPhase From { get; set; }
    public PilotPhase To { get; set; }
    public string? ChangedById { get; set; }
    public DateTimeOffset At { get; set; }
}
