using System.ComponentModel.DataAnnotations;
using Community.Core.Communities;
using Community.Core.Pilots;

namespace Community.Web.Pages.Pilots;

/// <summary>The pilot template's fields as one form, shared by the create and edit pages.</summary>
public sealed class PilotForm
{
    public const int ExtraRows = 3;

    [Required(ErrorMessage = "Geef de pilot een titel."), StringLength(200, ErrorMessage = "Maximaal 200 tekens.")]
    public string Title { get; set; } = "";
    [Required(ErrorMessage = "Vat de pilot samen in een paar zinnen."), StringLength(2000, ErrorMessage = "Maximaal 2000 tekens.")]
    public string Summary { get; set; } = "";
    [Required(ErrorMessage = "Wat is de centrale kennisvraag?"), StringLength(1000, ErrorMessage = "Maximaal 1000 tekens.")]
    public string KnowledgeQuestion { get; set; } = "";
    [StringLength(4000, ErrorMessage = "Maximaal 4000 tekens.")]
    public string? Programme { get; set; }
    [StringLength(4000, ErrorMessage = "Maximaal 4000 tekens.")]
    public string? LearningGoals { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    [StringLength(1000, ErrorMessage = "Maximaal 1000 tekens.")]
    public string? Costs { get; set; }
    [StringLength(500, ErrorMessage = "Maximaal 500 tekens.")]
    public string? CostsCoveredBy { get; set; }
    [StringLength(150, ErrorMessage = "Maximaal 150 tekens.")]
    public string? ContactName { get; set; }
    [EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in."), StringLength(256)]
    public string? ContactEmail { get; set; }
    public PilotPhase Phase { get; set; }
    public CommunityVisibility Visibility { get; set; }
    public List<int> MunicipalityIds { get; set; } = [];
    public List<int> ThemeIds { get; set; } = [];
    public List<int> BuildsOnIds { get; set; } = [];
    public List<PartnerRow> Partners { get; set; } = [];
    public List<MilestoneRow> Milestones { get; set; } = [];

    public sealed class PartnerRow
    {
        [StringLength(200, ErrorMessage = "Maximaal 200 tekens.")]
        public string? Organisation { get; set; }
        [StringLength(300, ErrorMessage = "Maximaal 300 tekens.")]
        public string? Role { get; set; }
        [Range(0, 10000, ErrorMessage = "Vul een aantal tussen 0 en 10000 in.")]
        public int? StudentCount { get; set; }
    }

    public sealed class MilestoneRow
    {
        public DateOnly? Date { get; set; }
        [StringLength(300, ErrorMessage = "Maximaal 300 tekens.")]
        public string? Title { get; set; }
    }

    public static PilotForm From(PilotInput i) => new()
    {
        Title = i.Title, Summary = i.Summary, KnowledgeQuestion = i.KnowledgeQuestion, Programme = i.Programme, LearningGoals = i.LearningGoals,
        StartDate = i.StartDate, EndDate = i.EndDate, Costs = i.Costs, CostsCoveredBy = i.CostsCoveredBy, ContactName = i.ContactName,
        ContactEmail = i.ContactEmail, Phase = i.Phase, Visibility = i.Visibility, MunicipalityIds = [.. i.MunicipalityIds],
        ThemeIds = [.. i.ThemeIds], BuildsOnIds = [.. i.BuildsOnIds],
        Partners = i.Partners.Select(p => new PartnerRow { Organisation = p.Organisation, Role = p.Role, StudentCount = p.StudentCount }).ToList(),
        Milestones = i.Milestones.Select(m => new MilestoneRow { Date = m.Date, Title = m.Title }).ToList(),
    };

    public PilotInput ToInput() => new()
    {
        Title = Title, Summary = Summary, KnowledgeQuestion = KnowledgeQuestion, Programme = Programme, LearningGoals = LearningGoals,
        StartDate = StartDate, EndDate = EndDate, Costs = Costs, CostsCoveredBy = CostsCoveredBy, ContactName = ContactName,
        ContactEmail = ContactEmail, Phase = Phase, Visibility = Visibility, MunicipalityIds = MunicipalityIds, ThemeIds = ThemeIds,
        BuildsOnIds = BuildsOnIds,
        Partners = Partners.Select(p => new PartnerInput(p.Organisation, p.Role, p.StudentCount)).ToList(),
        Milestones = Milestones.Select(m => new MilestoneInput(m.Date, m.Title)).ToList(),
    };

    /// <summary>Blank rows so partners and milestones can be added without JavaScript.</summary>
    public void PadRows(int extra = ExtraRows)
    {
        Partners.RemoveAll(p => string.IsNullOrWhiteSpace(p.Organisation) && string.IsNullOrWhiteSpace(p.Role) && p.StudentCount is null);
        Milestones.RemoveAll(m => m.Date is null && string.IsNullOrWhiteSpace(m.Title));
        for (var i = 0; i < extra; i++) Partners.Add(new PartnerRow());
        for (var i = 0; i < extra; i++) Milestones.Add(new MilestoneRow());
    }
}
