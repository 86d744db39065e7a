using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Community.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Community.Tests.Localization;

/// <summary>
/// Dutch is the default: the Dutch text in the source is the resource key, and
/// Resources/SharedResource.en.resx holds the English. A visitor who switches to English
/// must never meet a Dutch sentence that someone forgot to translate, nor a broken "{0}".
/// Keys are found in the source by the patterns the code base uses:
/// <c>T["…"]</c>/<c>t["…"]</c>, <c>ErrorMessage = "…"</c>, <c>RuleException("…"</c>, <c>Texts.Key("…")</c>
/// and, for mail, <c>texts.Localize(culture, "…")</c>.
/// </summary>
public sealed class EnglishResourcesTests
{
    private static readonly Regex[] KeyPatterns =
    [
        new(@"\b[Tt]\[\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled),
        new(@"\bErrorMessage\s*=\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled),
        new(@"\bRuleException\(\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled),
        new(@"\bTexts\.Key\(\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled),
        // Mail texts: texts.Localize(culture, "…", …) in Core.
        new(@"\.Localize\(\s*[\w.""]+\s*,\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled),
    ];

    private static readonly Regex Placeholder = new(@"\{(\d+)(?:[,:][^}]*)?\}", RegexOptions.Compiled);

    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Community.sln"))) return dir.FullName;
        throw new InvalidOperationException("Community.sln not found above " + AppContext.BaseDirectory);
    });

    private static string ResxPath => Path.Combine(RepositoryRoot.Value, "src", "Community.Web", "Resources", "SharedResource.en.resx");

    /// <summary>Every key the sources use, with the first file that uses it (for the failure message).</summary>
    internal static Dictionary<string, string> SourceKeys()
    {
        var src = Path.Combine(RepositoryRoot.Value, "src");
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"));
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file))
            {
                // Doc comments show the patterns as examples ("T[\"…\"]"); they are not keys.
                var trimmed = line.TrimStart();
                if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith('*') || trimmed.StartsWith("@*", StringComparison.Ordinal)) continue;
                foreach (var pattern in KeyPatterns)
                    foreach (Match m in pattern.Matches(line))
                        keys.TryAdd(Unescape(m.Groups[1].Value), Path.GetRelativePath(RepositoryRoot.Value, file));
            }
        }
        return keys;
    }

    internal static List<(string Key, string Value)> EnglishEntries() =>
        XDocument.Load(ResxPath).Root!.Elements("data")
            .Select(d => ((string)d.Attribute("name")!, (string?)d.Element("value") ?? ""))
            .ToList();

    [Fact]
    public void Sources_use_resource_keys()
    {
        // Guards the scan itself: if the patterns stopped matching, the other tests would pass on nothing.
        var keys = SourceKeys();
        Assert.Contains("Inloggen", keys.Keys);
        Assert.Contains("Vul je e-mailadres in.", keys.Keys);
        Assert.Contains("Idee", keys.Keys);
        Assert.True(keys.Count > 100, $"only {keys.Count} keys found");
    }

    [Fact]
    public void Every_key_used_in_the_sources_has_an_English_translation()
    {
        var english = EnglishEntries().Where(e => !string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var missing = SourceKeys().Where(k => !english.Contains(k.Key)).Select(k => $"\"{k.Key}\" ({k.Value})").Order().ToList();
        Assert.True(missing.Count == 0, "No English in SharedResource.en.resx for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_English_resources_hold_no_keys_that_no_source_uses()
    {
        var used = SourceKeys();
        var stale = EnglishEntries().Select(e => e.Key).Where(k => !used.ContainsKey(k)).Order().ToList();
        Assert.True(stale.Count == 0, "SharedResource.en.resx has entries no source uses (typo in a key, or text removed):\n" + string.Join("\n", stale));
    }

    [Fact]
    public void Placeholders_are_the_same_in_the_Dutch_key_and_the_English_text()
    {
        static string Holes(string s) => string.Join(",", Placeholder.Matches(s).Select(m => m.Groups[1].Value).Distinct().Order());
        var wrong = EnglishEntries().Where(e => Holes(e.Key) != Holes(e.Value))
            .Select(e => $"\"{e.Key}\" [{Holes(e.Key)}] → \"{e.Value}\" [{Holes(e.Value)}]").ToList();
        Assert.True(wrong.Count == 0, "Placeholders differ:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void No_two_keys_differ_only_by_case()
    {
        // The resx compiler treats names case-insensitively and silently drops the second one.
        static List<string> Clashes(IEnumerable<string> keys) => keys.Distinct(StringComparer.Ordinal)
            .GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => string.Join(" / ", g)).ToList();
        var inResx = Clashes(EnglishEntries().Select(e => e.Key));
        var inSources = Clashes(SourceKeys().Keys);
        var duplicates = EnglishEntries().GroupBy(e => e.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(inResx.Count == 0 && inSources.Count == 0 && duplicates.Count == 0,
            $"Keys clash by case in the resx: {string.Join("; ", inResx)}; in the sources: {string.Join("; ", inSources)}; twice in the resx: {string.Join("; ", duplicates)}");
    }

    [Fact]
    public void The_built_application_shows_English_for_en_and_the_Dutch_key_for_nl_in_pages_and_mail()
    {
        // The same lookup the pages do: proves the resx is compiled into the satellite assembly under the right name.
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var t = factory.Create(typeof(SharedResource));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Sign in", t["Inloggen"].Value);
            Assert.Equal("Use at most 30 tags.", t["Gebruik maximaal {0} trefwoorden.", 30].Value);
            CultureInfo.CurrentUICulture = new CultureInfo("nl");
            Assert.Equal("Inloggen", t["Inloggen"].Value);

            // Mail follows the recipient's language, not the sender's request.
            var mail = new Community.Web.Infrastructure.ResourceMailLocalizer(factory);
            Assert.Equal("Welcome to Pilot X", mail.Localize("en", "Welkom bij {0}", "Pilot X"));
            Assert.Equal("Welkom bij Pilot X", mail.Localize("nl", "Welkom bij {0}", "Pilot X"));
            Assert.Equal("nl", CultureInfo.CurrentUICulture.Name);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static string Unescape(string csharpLiteral) =>
        csharpLiteral.Contains('\\') ? Regex.Unescape(csharpLiteral) : csharpLiteral;
}
