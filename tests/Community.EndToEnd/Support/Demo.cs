using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Community.EndToEnd.Support;

/// <summary>What the Development seed puts in every fresh database (src/Community.Core/Data/DemoSeeder.cs).</summary>
public static class Demo
{
    public const string Admin = "beheer@kennisplatform.test";
    public const string Anouk = "anouk@kennisplatform.test";
    public const string Bram = "bram@kennisplatform.test";
    public const string Dennis = "dennis@kennisplatform.test";

    /// <summary>Completed, Open, with partners, milestones and progress.</summary>
    public const string CompletedPilot = "praktijkondersteuner-jeugd-bij-de-huisarts";
    public const string CompletedPilotTitle = "Praktijkondersteuner jeugd bij de huisarts";
    /// <summary>Open community; coordinator Bram, member Dennis; a question by Dennis with Bram's accepted answer.</summary>
    public const string DiscussionPilot = "vroegsignalering-schulden-in-de-wijk";
    /// <summary>Open community; coordinator Dennis, member Anouk.</summary>
    public const string OpenPilot = "dagbesteding-als-algemene-voorziening-in-de-kernen";
    /// <summary>Closed community; coordinator Anouk, member Bram.</summary>
    public const string ClosedPilot = "multidisciplinair-casusoverleg-complexe-gezinnen";
    public const string ClosedPilotTitle = "Multidisciplinair casusoverleg complexe gezinnen";

    public static readonly string[] PilotSlugs =
    [
        CompletedPilot, "vroegsignalering-schulden-in-de-wijk", OpenPilot, "werkfit-via-leerwerkplekken-bij-lokale-bedrijven", ClosedPilot,
    ];

    /// <summary>A form field by its visible label; optional fields carry "(niet verplicht)" in the label.</summary>
    public static ILocator Field(this IPage page, string label) =>
        page.GetByLabel(new Regex("^" + Regex.Escape(label) + @"( \(niet verplicht\))?$"));

    /// <summary>
    /// A row action's accessible name, "Goedkeuren: Roos" where ": Roos" is visually hidden. Inside a flex button the
    /// browser puts a space before the colon, which a screen reader does not voice differently; accept both.
    /// </summary>
    public static Regex Action(string action, string who) => new("^" + Regex.Escape(action) + @"\s*:\s*" + Regex.Escape(who) + "$");
}
