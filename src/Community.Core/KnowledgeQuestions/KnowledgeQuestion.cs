using Community.Core.Accounts;
using Community.Core.Pilots;

namespace Community.Core.KnowledgeQuestions;

/// <summary>
/// An open question for the region: raised by a pilot's evaluation or by any signed-in user. Members vote
/// for the ones they also want answered; a pilot that takes one up closes the loop.
/// </summary>
public class KnowledgeQuestion
{
    public int Id { get; set; }
    public string Text { get; set; } = "";
    public string? Explanation { get; set; }
    public string? AskedById { get; set; }
    public User? AskedBy { get; set; }
    /// <summary>The pilot whose evaluation raised it; null for a member's own question.</summary>
    public int? SourcePilotId { get; set; }
    public Pilot? SourcePilot { get; set; }
    /// <summary>The pilot that takes the question up.</summary>
    public int? TakenUpByPilotId { get; set; }
    public Pilot? TakenUpByPilot { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int VoteCount { get; set; }
    public List<KnowledgeQuestionVote> Votes { get; set; } = [];
}

public class KnowledgeQuestionVote
{
    public int Id { get; set; }
    public int QuestionId { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The evaluation of a pilot at its end (phase Afronding), shown on the pilot page and printable.</summary>
public class Evaluation
{
    public int Id { get; set; }
    public int PilotId { get; set; }
    public Pilot? Pilot { get; set; }
    public string Conclusions { get; set; } = "";
    public string? LearningPoints { get; set; }
    public string? ImprovementPoints { get; set; }
    /// <summary>As written, one question per line; each line also became a <see cref="KnowledgeQuestion"/>.</summary>
    public string? NewKnowledgeQuestions { get; set; }
    public string? UpdatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
