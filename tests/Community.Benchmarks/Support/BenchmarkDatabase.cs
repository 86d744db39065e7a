using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Communities;
using Community.Core.Data;
using Community.Core.Pilots;
using Microsoft.EntityFrameworkCore;

namespace Community.Benchmarks.Support;

/// <summary>A SQLite file in a temp folder, migrated and filled with a region-sized corpus of pilots and people.</summary>
public sealed class BenchmarkDatabase : IDisposable
{
    private static readonly string[] Words =
        ["jeugdhulp", "wijkteam", "mantelzorg", "schuldhulp", "participatie", "preventie", "eenzaamheid", "vervoer",
         "dagbesteding", "werkgevers", "statushouders", "ouderen", "jongeren", "armoede", "wonen", "zorgaanbieders"];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "kp-bench-" + Guid.NewGuid().ToString("N"));

    public BenchmarkDatabase(int pilots, int people)
    {
        Directory.CreateDirectory(directory);
        using var db = CreateContext();
        db.Database.Migrate();
        var random = new Random(42);
        var municipalities = DemoSeeder.AchterhoekMunicipalities.Select(n => new Municipality { Name = n, Slug = n.ToLowerInvariant().Replace(' ', '-') }).ToList();
        var themes = DemoSeeder.DefaultThemes.Select(n => new Theme { Name = n, Slug = n.ToLowerInvariant() }).ToList();
        db.AddRange(municipalities);
        db.AddRange(themes);
        var now = DateTimeOffset.UtcNow;
        var users = new List<User>();
        for (var i = 0; i < people; i++)
        {
            var email = $"persoon{i}@gemeente.test";
            users.Add(new User
            {
                Id = Guid.NewGuid().ToString(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
                NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, DisplayName = $"Persoon {i} {Sentence(random, 1)}",
                Organisation = "Gemeente", Municipality = municipalities[random.Next(municipalities.Count)], JobRole = "Beleidsmedewerker",
                WorkingOn = Sentence(random, 12), CreatedAt = now, SecurityStamp = Guid.NewGuid().ToString(),
                Tags = Enumerable.Range(0, 3).Select(_ => new ProfileTag { Name = Words[random.Next(Words.Length)] }).DistinctBy(t => t.Name).ToList(),
            });
        }
        db.AddRange(users);
        for (var i = 0; i < pilots; i++)
        {
            var pilot = new Pilot
            {
                Slug = $"pilot-{i}", Title = $"Pilot {i}: {Sentence(random, 4)}", Summary = Sentence(random, 40),
                KnowledgeQuestion = Sentence(random, 12) + "?", Phase = (PilotPhase)random.Next(5),
                StartDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-random.Next(900)), CreatedAt = now, UpdatedAt = now.AddMinutes(-i),
                Municipalities = municipalities.OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToList(),
                Themes = themes.OrderBy(_ => random.Next()).Take(1 + random.Next(2)).ToList(),
            };
            pilot.Community = new LearningCommunity
            {
                Visibility = (CommunityVisibility)random.Next(2),
                Memberships = users.OrderBy(_ => random.Next()).Take(10).Select((u, k) => new Membership
                {
                    UserId = u.Id, Role = k == 0 ? MembershipRole.Coordinator : MembershipRole.Member, Status = MembershipStatus.Active, RequestedAt = now,
                }).ToList(),
            };
            db.Add(pilot);
        }
        db.SaveChanges();
        MunicipalityId = municipalities[0].Id;
    }

    public int MunicipalityId { get; }

    public CommunityDbContext CreateContext()
    {
        var builder = new DbContextOptionsBuilder<CommunityDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite }, directory);
        return new CommunityDbContext(builder.Options);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static string Sentence(Random random, int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
}
