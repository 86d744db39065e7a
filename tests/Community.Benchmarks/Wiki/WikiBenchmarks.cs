using System.Text;
using BenchmarkDotNet.Attributes;
using Community.Benchmarks.Support;
using Community.Core.Common;
using Community.Core.Wiki;
using Microsoft.EntityFrameworkCore;

namespace Community.Benchmarks.Wiki;

/// <summary>
/// The wiki's costly paths: a word diff of two 5,000-word revisions (an ordinary edit, and two unrelated texts as the
/// worst case), and showing a page and its history when the page has 500 revisions.
/// </summary>
[MemoryDiagnoser]
public class WikiBenchmarks
{
    private static readonly string[] Words =
        ["jeugdhulp", "wijkteam", "mantelzorg", "schuldhulp", "participatie", "preventie", "eenzaamheid", "vervoer",
         "dagbesteding", "werkgevers", "statushouders", "ouderen", "jongeren", "armoede", "wonen", "zorgaanbieders",
         "de", "het", "een", "en", "met", "voor", "huisarts", "gesprek", "school", "gemeente"];

    private BenchmarkDatabase database = null!;
    private string before = "", edited = "", unrelated = "";
    private const string Pilot = "pilot-0";
    private const string PageSlug = "werkwijze";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        before = Text(random, 5_000);
        // An ordinary edit: about one word in twenty replaced, a paragraph added, one removed.
        var words = before.Split(' ').ToList();
        for (var i = 0; i < words.Count; i += 20) words[i] = Words[random.Next(Words.Length)];
        words.InsertRange(2_500, Text(random, 120).Split(' '));
        words.RemoveRange(4_000, 80);
        edited = string.Join(' ', words);
        unrelated = Text(new Random(99), 5_000);

        database = new BenchmarkDatabase(pilots: 10, people: 20);
        using var db = database.CreateContext();
        var communityId = db.Communities.Where(c => c.Pilot!.Slug == Pilot).Select(c => c.Id).Single();
        var now = DateTimeOffset.UtcNow;
        var page = new WikiPage { CommunityId = communityId, Slug = PageSlug, Title = "Werkwijze", RevisionNumber = 500, CreatedAt = now, UpdatedAt = now };
        var body = new StringBuilder();
        for (var n = 1; n <= 500; n++)
        {
            // The page grows to about 2,000 words over its history, with headings and [[links]].
            if (n % 25 == 1) body.Append("\n\n## Stap ").Append(n / 25 + 1).Append("\n\n");
            body.Append(Text(random, 4)).Append(n % 10 == 0 ? $" [[Pagina {n % 30}]] " : " ");
            page.Revisions.Add(new WikiRevision { Number = n, Title = "Werkwijze", Body = body.ToString(), Summary = $"Wijziging {n}", CreatedAt = now.AddMinutes(n) });
        }
        db.WikiPages.Add(page);
        for (var k = 0; k < 15; k++)
            db.WikiPages.Add(new WikiPage
            {
                CommunityId = communityId, Slug = $"pagina-{k}", Title = $"Pagina {k}", RevisionNumber = 1, CreatedAt = now, UpdatedAt = now,
                Revisions = [new WikiRevision { Number = 1, Title = $"Pagina {k}", Body = "Zie [[Werkwijze]].", CreatedAt = now }],
            });
        db.SaveChanges();
        db.WikiLinks.AddRange(db.WikiPages.Where(p => p.Slug.StartsWith("pagina-")).ToList().Select(p => new WikiLink { FromPageId = p.Id, TargetSlug = PageSlug }));
        db.SaveChanges();
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [Benchmark(Baseline = true)]
    public int DiffOf5000WordsOrdinaryEdit() => WordDiff.Compute(before, edited).Count;

    [Benchmark]
    public int DiffOf5000WordsUnrelatedTexts() => WordDiff.Compute(before, unrelated).Count;

    [Benchmark]
    public async Task<int> ShowPageWith500Revisions()
    {
        await using var db = database.CreateContext();
        var lookup = await new WikiService(db, TimeProvider.System).GetAsync(Pilot, PageSlug, Admin, "pagina bestaat nog niet");
        return lookup.Page!.Html.Html.Length;
    }

    [Benchmark]
    public async Task<int> HistoryOf500Revisions()
    {
        await using var db = database.CreateContext();
        return (await new WikiService(db, TimeProvider.System).HistoryAsync(Pilot, PageSlug, Admin)).Revisions.Count;
    }

    private static readonly Actor Admin = new("benchmark-admin", true);

    private static string Text(Random random, int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Words[random.Next(Words.Length)]));
}
