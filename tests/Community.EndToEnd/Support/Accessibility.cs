using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Community.EndToEnd.Support;

/// <summary>
/// axe-core on every page a flow reaches, limited to WCAG 2.1 A and AA (the bar Dutch public bodies must meet).
/// Violations are collected with their URL and reported together, so one run shows every broken page.
/// </summary>
public sealed class Accessibility
{
    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private readonly List<string> violations = [];

    public IReadOnlyList<string> Violations => violations;

    public async Task CheckAsync(IPage page, string? state = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await page.RunAxe(Options);
        Console.WriteLine($"AXE {page.Url} {started.ElapsedMilliseconds} ms");
        var where = new Uri(page.Url).PathAndQuery + (state is null ? "" : $" ({state})");
        foreach (var v in result.Violations)
            foreach (var node in v.Nodes)
                violations.Add($"{where}: {v.Id} [{v.Impact}] at {node.Target}: {v.Help} ({v.HelpUrl})");
    }

    public void AssertNone()
    {
        if (violations.Count > 0)
            Assert.Fail($"axe-core found {violations.Count} WCAG 2.1 AA violation(s):{Environment.NewLine}" + string.Join(Environment.NewLine, violations.Distinct()));
    }
}
