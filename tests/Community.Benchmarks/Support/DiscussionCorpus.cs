using Community.Core.Accounts;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Discussions;
using Community.Core.Pilots;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Community.Benchmarks.Support;

/// <summary>
/// A SQLite file (the app's own <c>community.db</c> in a data directory) with one Open community that has 10,000 threads
/// and one question with 200 posts of Dutch Markdown, some edited, with votes and an accepted answer.
/// </summary>
public sealed class DiscussionCorpus
{
    public const string PilotSlug = "wijkteams-en-huisartsen-samen";
    public const string MemberEmail = "lid@bench.test";
    public const string MemberPassword = "Bench-wachtwoord-2026!";

    private static readonly string[] Words =
        ["jeugdhulp", "wijkteam", "mantelzorg", "schuldhulp", "participatie", "preventie", "eenzaamheid", "vervoer",
         "dagbesteding", "werkgevers", "statushouders", "ouderen", "jongeren", "armoede", "wonen", "zorgaanbieders"];

    private static readonly string[] Sentences =
    [
        "In Winterswijk hebben we de praktijkondersteuner jeugd twee dagen per week in de huisartsenpraktijk gezet.",
        "De wachttijd voor specialistische jeugdhulp is daardoor met ruim een derde gedaald.",
        "Wat ons opviel: ouders vinden de drempel lager als het gesprek in de vertrouwde praktijk plaatsvindt.",
        "Het wijkteam sluit aan bij het casusoverleg, maar alleen als de huisarts daar expliciet om vraagt.",
        "Let op de privacy: deel in het overleg geen namen of geboortedata, werk met initialen en de casusnummers.",
        "Bij de evaluatie bleek dat de doorverwijzingen naar de tweede lijn vooral bij pubers zijn afgenomen.",
        "We hebben de afspraken vastgelegd in een convenant met de zorgaanbieders in de regio.",
        "De financiering loopt via de transformatiegelden; na 2027 moet het uit de reguliere begroting komen.",
        "Mantelzorgers gaven aan dat ze behoefte hebben aan één vast aanspreekpunt in plaats van drie loketten.",
        "Onze ervaring is dat een gezamenlijke scholing van wijkteam en praktijkondersteuners het meeste oplevert.",
    ];

    public string DataDirectory { get; }
    public int BigThreadId { get; private set; }
    public string BigThreadTitle { get; } = "Hoe organiseren jullie het casusoverleg tussen wijkteam en huisarts?";

    public DiscussionCorpus(string dataDirectory, int threads = 10_000, int posts = 200)
    {
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(dataDirectory);
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;

        using (var db = CreateContext())
        {
            db.Database.Migrate();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var users = Enumerable.Range(0, 60).Select(i => NewUser($"persoon{i}@bench.test", $"{Names[i % Names.Length]} {i}", now)).ToList();
            var member = NewUser(MemberEmail, "Lotte Lid", now);
            member.PasswordHash = new PasswordHasher<User>().HashPassword(member, MemberPassword);
            users.Add(member);
            db.Users.AddRange(users);
            var pilot = new Pilot
            {
                Slug = PilotSlug, Title = "Wijkteams en huisartsen samen", Summary = Sentences[0], KnowledgeQuestion = "Hoe werken wijkteam en huisarts samen?",
                Phase = PilotPhase.Execution, StartDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-400), CreatedAt = now, UpdatedAt = now,
                Community = new LearningCommunity
                {
                    Visibility = CommunityVisibility.Open,
                    Memberships = users.Select((u, k) => new Membership
                    {
                        UserId = u.Id, Role = k == 0 ? MembershipRole.Coordinator : MembershipRole.Member, Status = MembershipStatus.Active,
                        RequestedAt = now, JoinedAt = now,
                    }).ToList(),
                },
            };
            db.Pilots.Add(pilot);
            db.SaveChanges();
            var communityId = pilot.Community.Id;

            // The big list: threads with tags and counters, each with its opening post; a third of the questions answered.
            var answered = new List<(DiscussionThread Thread, Post Answer)>();
            for (var batch = 0; batch < threads; batch += 1000)
            {
                for (var i = batch; i < Math.Min(threads, batch + 1000); i++)
                {
                    var created = now.AddMinutes(-random.Next(3 * 365 * 24 * 60));
                    var kind = random.Next(3) == 0 ? ThreadKind.Discussion : ThreadKind.Question;
                    var replyCount = random.Next(10) < 3 ? 0 : random.Next(1, 40);
                    var author = users[random.Next(users.Count)];
                    var thread = new DiscussionThread
                    {
                        CommunityId = communityId, Kind = kind, Title = $"{Sentence(random, 6)} {i}?", AuthorId = author.Id,
                        CreatedAt = created, LastActivityAt = created.AddMinutes(replyCount == 0 ? 0 : random.Next(60 * 24 * 30)),
                        ReplyCount = replyCount, UsefulCount = random.Next(10) < 5 ? 0 : random.Next(1, 25), IsPinned = i < 2,
                        Tags = Words.OrderBy(_ => random.Next()).Take(random.Next(0, 4)).Select(w => new ThreadTag { Name = w }).ToList(),
                    };
                    db.Posts.Add(new Post { Thread = thread, IsOpening = true, AuthorId = author.Id, Body = Sentences[random.Next(Sentences.Length)], CreatedAt = created });
                    if (kind == ThreadKind.Question && replyCount > 0 && random.Next(3) == 0)
                    {
                        var answer = new Post { Thread = thread, AuthorId = users[random.Next(users.Count)].Id, Body = Sentences[random.Next(Sentences.Length)], CreatedAt = created.AddHours(2) };
                        db.Posts.Add(answer);
                        answered.Add((thread, answer));
                    }
                }
                db.ChangeTracker.DetectChanges();
                db.SaveChanges();
                db.ChangeTracker.Clear();
            }
            foreach (var chunk in answered.Chunk(1000))
            {
                foreach (var (thread, answer) in chunk)
                    db.Threads.Where(t => t.Id == thread.Id).ExecuteUpdate(s => s.SetProperty(t => t.AcceptedPostId, answer.Id));
            }

            // The big thread: a question with 199 answers, recent, so it is also on the first page of the list.
            var start = now.AddDays(-20);
            var big = new DiscussionThread
            {
                CommunityId = communityId, Kind = ThreadKind.Question, Title = BigThreadTitle, AuthorId = users[1].Id, CreatedAt = start,
                LastActivityAt = now.AddMinutes(-5), ReplyCount = posts - 1, Tags = [new ThreadTag { Name = "wijkteam" }, new ThreadTag { Name = "jeugdhulp" }],
            };
            var bigPosts = new List<Post>();
            for (var i = 0; i < posts; i++)
            {
                // The signed-in member wrote every twentieth post, so her page shows her edit and delete forms too.
                var author = i == 0 ? users[1] : i % 20 == 7 ? member : users[2 + random.Next(users.Count - 3)];
                var at = start.AddMinutes(i * 137);
                var body = MarkdownBody(random, i, users);
                var post = new Post { Thread = big, IsOpening = i == 0, AuthorId = author.Id, Body = body, CreatedAt = at };
                post.Revisions.Add(new PostRevision { EditorId = author.Id, At = at, Title = i == 0 ? BigThreadTitle : null, Body = body });
                if (i % 19 == 3)
                {
                    post.Body = body + "\n\n*Aangevuld na het overleg van dinsdag.*";
                    post.EditedAt = at.AddHours(3);
                    post.Revisions.Add(new PostRevision { EditorId = author.Id, At = at.AddHours(3), Title = i == 0 ? BigThreadTitle : null, Body = post.Body });
                }
                bigPosts.Add(post);
            }
            db.Posts.AddRange(bigPosts);
            db.ChangeTracker.DetectChanges();
            db.SaveChanges();
            BigThreadId = big.Id;

            // Votes: up to eight members on each post (never the author), the signed-in member on some.
            foreach (var post in bigPosts)
            {
                var voters = users.Where(u => u.Id != post.AuthorId).OrderBy(_ => random.Next()).Take(random.Next(0, 9)).ToList();
                foreach (var voter in voters) db.PostVotes.Add(new PostVote { PostId = post.Id, UserId = voter.Id, At = post.CreatedAt.AddHours(1) });
                post.UsefulCount = voters.Count;
                db.Entry(post).Property(p => p.UsefulCount).IsModified = true;
            }
            db.ChangeTracker.DetectChanges();
            db.SaveChanges();
            db.Threads.Where(t => t.Id == big.Id).ExecuteUpdate(s => s
                .SetProperty(t => t.AcceptedPostId, bigPosts[12].Id).SetProperty(t => t.UsefulCount, bigPosts[0].UsefulCount));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public CommunityDbContext CreateContext()
    {
        var builder = new DbContextOptionsBuilder<CommunityDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite }, DataDirectory);
        return new CommunityDbContext(builder.Options);
    }

    private static readonly string[] Names = ["Anouk de Vries", "Bram Jansen", "Dennis Kok", "Fatima El Amrani", "Gerrit Wolters", "Ilse Berendsen", "Joost Hendriks", "Mirjam Ter Horst"];

    private static User NewUser(string email, string name, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid().ToString(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
        EmailConfirmed = true, DisplayName = name, Organisation = "Gemeente", JobRole = "Beleidsmedewerker", CreatedAt = now,
        SecurityStamp = Guid.NewGuid().ToString(), ConcurrencyStamp = Guid.NewGuid().ToString(),
    };

    /// <summary>What members write: paragraphs, now and then a list, a link, a quote, a table or a bit of code, 0.5–2 KB.</summary>
    private static string MarkdownBody(Random random, int i, List<User> users)
    {
        var parts = new List<string>();
        if (i > 0 && i % 6 == 0) parts.Add($"> {Sentences[random.Next(Sentences.Length)]}");
        if (i % 9 == 4) parts.Add($"@{users[2 + i % 20].DisplayName} hoe hebben jullie dit in Aalten opgelost?");
        for (var p = 0; p < 1 + random.Next(3); p++)
            parts.Add(string.Join(' ', Enumerable.Range(0, 2 + random.Next(3)).Select(_ => Sentences[random.Next(Sentences.Length)])).Replace("wachttijd", "**wachttijd**"));
        if (i % 3 == 0)
            parts.Add("Wat bij ons werkte:\n\n- vaste contactpersoon per praktijk\n- *maandelijks* casusoverleg met de POH-jeugd\n- [x] afspraken in het convenant\n- [ ] evaluatie met de scholen");
        if (i % 5 == 0) parts.Add("Zie ook [de handreiking van de VNG](https://vng.nl/publicaties/handreiking-jeugdhulp) en https://www.achterhoek.nl/samenwerken.");
        if (i % 17 == 0) parts.Add("| gemeente | wachttijd voor | na |\n|---|---:|---:|\n| Winterswijk | 14 weken | 9 weken |\n| Aalten | 12 weken | 8 weken |");
        if (i % 23 == 0) parts.Add("```\nverwijzing -> POH-jeugd -> wijkteam -> (zo nodig) tweede lijn\n```");
        return string.Join("\n\n", parts);
    }

    private static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) is var s ? char.ToUpperInvariant(s[0]) + s[1..] : "";
}
