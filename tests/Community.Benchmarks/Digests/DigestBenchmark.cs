using System.Data.Common;
using System.Diagnostics;
using Community.Core.Accounts;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Digests;
using Community.Core.Discussions;
using Community.Core.Email;
using Community.Core.KnowledgeQuestions;
using Community.Core.Pilots;
using Community.Core.Wiki;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Community.Benchmarks.Digests;

/// <summary>
/// Not BenchmarkDotNet: one run composes every due digest once, which is the operation to time (seconds, not
/// microseconds). <c>dotnet run -c Release --project tests/Community.Benchmarks -- digests 10000</c>. Builds a SQLite corpus
/// of about 100,000 items (threads, answers, wiki revisions, knowledge questions, phase changes) over 100 communities
/// in the last two weeks, every user a member of three communities, then composes and renders (subject, HTML, text) the
/// digests of all users in batches of 500, counting SQL commands and measuring peak memory; then once more with
/// the queue writes (DigestDelivery + OutgoingMail per user, committed per batch). No SMTP.
/// </summary>
public static class DigestBenchmark
{
    private const int Communities = 100;

    public static async Task RunAsync(int users, int batchSize = DigestService.DefaultBatchSize)
    {
        var root = Path.Combine(Path.GetTempPath(), "kp-bench-digest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var build = Stopwatch.StartNew();
            var items = Build(root, users);
            Console.WriteLine($"// corpus: {users:N0} users, {items:N0} items, built in {build.Elapsed.TotalSeconds:F0} s");
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            GC.Collect();

            foreach (var write in new[] { false, true })
            {
                var counter = new Counter();
                await using var db = Context(root, counter);
                var service = new DigestService(db, Mail(), TimeProvider.System, NullLogger<DigestService>.Instance);
                var now = DateTimeOffset.UtcNow;
                var allocated = GC.GetTotalAllocatedBytes();
                var watch = Stopwatch.StartNew();
                var due = await service.FindDueAsync(now);
                var findQueries = counter.Count;
                int sent, empty;
                if (write)
                {
                    var result = await service.RunAsync(due, now, batchSize);
                    (sent, empty) = (result.Queued, result.Empty);
                }
                else
                {
                    (sent, empty) = (0, 0);
                    foreach (var chunk in due.Chunk(batchSize))
                    {
                        // Only counted, as the real run keeps nothing but the queued rows.
                        foreach (var d in await service.DraftAsync(chunk, now, batchSize))
                            if (d.Digest.IsEmpty) empty++; else sent++;
                    }
                }
                watch.Stop();
                var peak = Process.GetCurrentProcess().PeakWorkingSet64;
                Console.WriteLine($"{(write ? "compose + render + queue (commit per batch)" : "compose + render")}: {due.Count:N0} due, {sent:N0} digests, {empty:N0} empty, " +
                    $"{watch.Elapsed.TotalSeconds:F1} s, {counter.Count:N0} SQL commands ({findQueries} to find who is due, " +
                    $"{(counter.Count - findQueries) / (double)Math.Max(1, due.Count):F3} per digest, {Math.Ceiling(due.Count / (double)batchSize)} batches), " +
                    $"allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1e6:F0} MB, peak working set {peak / 1e6:F0} MB");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private sealed class Counter : DbCommandInterceptor
    {
        public int Count;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count++;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Count++;
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private sealed class Urls : IPublicUrl
    {
        public string Absolute(string path) => "https://kennis.achterhoek.nl" + path;
    }

    private static DigestMail Mail() =>
        new(DutchMailLocalizer.Instance, new Urls(), new Unsubscribe(DataProtectionProvider.Create("bench"), new Urls()));

    private static CommunityDbContext Context(string root, Counter? counter = null)
    {
        var options = new DbContextOptionsBuilder<CommunityDbContext>()
            .UseSqlite($"Data Source={Path.Combine(root, "community.db")}", o => o.MigrationsAssembly("Community.Migrations.Sqlite"));
        if (counter is not null) options.AddInterceptors(counter);
        return new CommunityDbContext(options.Options);
    }

    private static int Build(string root, int userCount)
    {
        var random = new Random(7);
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset Recent() => now.AddMinutes(-random.Next(14 * 24 * 60));
        using var db = Context(root);
        db.Database.Migrate();
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var userIds = new List<string>(userCount);
        for (var i = 0; i < userCount; i++)
        {
            var email = $"persoon{i}@gemeente.test";
            var u = new User
            {
                Id = Guid.NewGuid().ToString(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
                NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, DisplayName = $"Persoon {i}", CreatedAt = now.AddDays(-60),
                SecurityStamp = Guid.NewGuid().ToString(), PreferredCulture = i % 10 == 0 ? "en" : "nl",
            };
            db.Users.Add(u);
            userIds.Add(u.Id);
            if (i % 5000 == 4999) Flush(db);
        }
        Flush(db);
        var pilots = Enumerable.Range(0, Communities).Select(i => new Pilot
        {
            Slug = $"pilot-{i}", Title = $"Pilot {i} wijkteams", Summary = "Samenvatting.", KnowledgeQuestion = "Wat leren we?", Phase = PilotPhase.Execution,
            CreatedAt = now.AddDays(-100), UpdatedAt = now, Community = new LearningCommunity { Visibility = (CommunityVisibility)(i % 2) },
        }).ToList();
        db.Pilots.AddRange(pilots);
        Flush(db);
        var communityIds = pilots.Select(p => p.Community!.Id).ToList();
        var members = communityIds.ToDictionary(c => c, _ => new List<string>());
        foreach (var id in userIds)
            foreach (var c in communityIds.OrderBy(_ => random.Next()).Take(3))
            {
                db.Memberships.Add(new Membership { CommunityId = c, UserId = id, Status = MembershipStatus.Active, RequestedAt = now.AddDays(-50), JoinedAt = now.AddDays(-50) });
                members[c].Add(id);
            }
        Flush(db);

        var items = 0;
        string Member(int community) => members[community].Count == 0 ? userIds[random.Next(userIds.Count)] : members[community][random.Next(members[community].Count)];
        // 10,000 threads with 50,000 answers; authors and answerers follow.
        var follows = new HashSet<(int, string)>();
        for (var batch = 0; batch < 10; batch++)
        {
            var threads = new List<(DiscussionThread Thread, int Community)>();
            for (var i = 0; i < 1000; i++)
            {
                var c = communityIds[random.Next(communityIds.Count)];
                var author = Member(c);
                var created = Recent();
                var t = new DiscussionThread
                {
                    CommunityId = c, Kind = random.Next(3) == 0 ? ThreadKind.Discussion : ThreadKind.Question, Title = $"Vraag {batch}-{i} over de wijk",
                    AuthorId = author, CreatedAt = created, LastActivityAt = created, IsHidden = random.Next(100) == 0,
                };
                t.Posts.Add(new Post { IsOpening = true, AuthorId = author, Body = "Hoe pakken jullie dit aan?", CreatedAt = created });
                var replies = random.Next(0, 15);
                for (var r = 0; r < replies; r++)
                    t.Posts.Add(new Post { AuthorId = Member(c), Body = "Wij doen het zo.", CreatedAt = created.AddMinutes(random.Next(1, 3000)), HiddenAt = random.Next(50) == 0 ? now : null });
                t.ReplyCount = replies;
                db.Threads.Add(t);
                threads.Add((t, c));
                items += 1 + replies;
            }
            Flush(db);
            foreach (var (t, _) in threads)
                foreach (var p in t.Posts)
                    if (p.AuthorId is { } a && follows.Add((t.Id, a))) db.ThreadFollows.Add(new ThreadFollow { ThreadId = t.Id, UserId = a, Since = p.CreatedAt });
            Flush(db);
        }
        // 5,000 wiki pages (a fifth lessons) with four revisions each.
        for (var i = 0; i < 5000; i++)
        {
            var c = communityIds[random.Next(communityIds.Count)];
            var created = Recent();
            var page = new WikiPage { CommunityId = c, Slug = $"pagina-{i}", Title = $"Pagina {i}", RevisionNumber = 4, IsLesson = i % 5 == 0, CreatedAt = created, UpdatedAt = created };
            for (var r = 1; r <= 4; r++) page.Revisions.Add(new WikiRevision { Number = r, Title = page.Title, Body = "Tekst.", AuthorId = Member(c), CreatedAt = created.AddMinutes(r * 60) });
            db.WikiPages.Add(page);
            items += 4;
            if (i % 1000 == 999) Flush(db);
        }
        Flush(db);
        for (var i = 0; i < 1000; i++)
            db.KnowledgeQuestions.Add(new KnowledgeQuestion { Text = $"Kennisvraag {i}?", AskedById = userIds[random.Next(userIds.Count)], CreatedAt = Recent() });
        foreach (var p in pilots)
            db.PilotPhaseChanges.Add(new PilotPhaseChange { PilotId = p.Id, From = PilotPhase.Preparation, To = PilotPhase.Execution, At = Recent() });
        items += 1000 + pilots.Count;
        Flush(db);
        return items;
    }

    private static void Flush(CommunityDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        db.SaveChanges();
        db.ChangeTracker.Clear();
    }
}
