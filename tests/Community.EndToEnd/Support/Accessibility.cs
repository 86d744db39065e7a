using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Community.EndToEnd.Support;

/// <summary>
/// axe-core on every page a flow reaches, limited to WCAG 2.1 A and AA (the bar Dutch public bodies must meet).
/// Violations are collected with their URL and reported together, so one run shows every broken page.
/// </summary>
/// <remarks>
/// The axe-core build is the one Deque.AxeCore.Playwright ships (so its version is pinned by that package), but it is
/// called directly: the package's <c>page.RunAxe</c> took 1–2 s a page here against 0.4 s for the same
/// <c>axe.run</c>, mostly in moving every pass and inapplicable rule to .NET, and this suite checks over a hundred pages.
/// </remarks>
public sealed class Accessibility
{
    private static readonly Lazy<string> AxeSource = new(() =>
    {
        using var stream = typeof(AxeRunOptions).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is missing from Deque.AxeCore.Commons.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private const string Run = """
        async () => {
            const result = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                resultTypes: ['violations'],
            });
            return result.violations.flatMap(v => v.nodes.map(n =>
                `${v.id} [${v.impact}] at ${n.target.join(' ')}: ${v.help} (${v.helpUrl})`));
        }
        """;

    // The same markup at the same width gives the same verdict, and flows pass the sign-in page and the home page
    // many times; identical documents are checked once per run.
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Checked = new();

    private const string Fingerprint = """
        () => {
            const copy = document.documentElement.cloneNode(true);
            copy.querySelectorAll('input[name="__RequestVerificationToken"]').forEach(e => e.removeAttribute('value'));
            return location.pathname + '\n' + innerWidth + '\n' + copy.outerHTML;
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
            // Evaluated scripts are not subject to the page's CSP, unlike a <script> tag would be.
            if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(AxeSource.Value);
            found = await page.EvaluateAsync<string[]>(Run);
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
