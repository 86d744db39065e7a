using System.Text;
using BenchmarkDotNet.Attributes;
using Community.Benchmarks.Support;
using Community.Core.Common;
using Community.Core.Wiki;
using Microsoft.EntityFrameworkCore;

namespace Community.Benchmarks.Wiki;

/// <summary>
/// The wiki's costly paths: a word diff of two 5,000-word revisions (a heavy ordinary edit, and a complete rewrite as
/// the worst case), and showing a page and its history when the page has 500 revisions.
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
        // 5,000 words in paragraphs of 60, as a long wiki page is written.
        var paragraphs = Enumerable.Range(0, 5_000 / 60 + 1).Select(_ => Text(random, 60).Split(' ')).ToList();
        before = string.Join("\n\n", paragraphs.Select(p => string.Join(' ', p)));
        // A heavy ordinary edit: one word in twenty replaced throughout (every paragraph touched), a paragraph added, one removed.
        var edit = paragraphs.Select(p => p.ToArray()).ToList();
        var position = 0;
        foreach (var p in edit)
            for (var i = 0; i < p.Length; i++, position++)
                if (position % 20 == 0) p[i] = Words[random.Next(Words.Length)];
        edit.Insert(40, Text(random, 60).Split(' '));
        edit.RemoveAt(70);
        edited = string.Join("\n\n", edit.Select(p => string.Join(' ', p)));
        // The worst case: every paragraph rewritten.
        var other = new Random(99);
        unrelated = string.Join("\n\n", paragraphs.Select(_ => Text(other, 60)));

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
