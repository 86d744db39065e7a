using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
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
        ResultTypes = [ResultType.Violations],
    };

    // The same markup gives the same verdict, and flows pass the sign-in page and the home page many times;
    // an axe run costs about a second, so identical documents are checked once per run.
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Checked = new();

    private const string Fingerprint = """
        () => {
            const copy = document.documentElement.cloneNode(true);
            copy.querySelectorAll('input[name="__RequestVerificationToken"]').forEach(e => e.removeAttribute('value'));
            return location.pathname + '\n' + copy.outerHTML;
        }
        """;

    private readonly List<string> violations = [];

    public IReadOnlyList<string> Violations => violations;

    public async Task CheckAsync(IPage page, string? state = null)
    {
        var where = new Uri(page.Url).PathAndQuery + (state is null ? "" : $" ({state})");
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(await page.EvaluateAsync<string>(Fingerprint))));
        if (!Checked.TryGetValue(key, out var found))
        {
            var result = await page.RunAxe(Options);
            found = result.Violations.SelectMany(v => v.Nodes.Select(node => $"{v.Id} [{v.Impact}] at {node.Target}: {v.Help} ({v.HelpUrl})")).ToList();
            Checked[key] = found;
        }
        violations.AddRange(found.Select(v => $"{where}: {v}"));
    }

    public void AssertNone()
    {
        if (violations.Count > 0)
            Assert.Fail($"axe-core found {violations.Count} WCAG 2.1 AA violation(s):{Environment.NewLine}" + string.Join(Environment.NewLine, violations.Distinct()));
    }
}
