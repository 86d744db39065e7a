using System.Data.Common;
using Community.Core.Data;
using Community.Core.Digests;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Community.Tests.Digests;

public sealed class DigestScheduleTests
{
    private static EmailPreferences Weekly(DayOfWeek day, int hour) => new() { DigestFrequency = DigestFrequency.Weekly, DigestDay = day, DigestHour = hour };
    private static EmailPreferences Daily(int hour) => new() { DigestFrequency = DigestFrequency.Daily, DigestHour = hour };
    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    private static readonly DateTimeOffset LongAgo = Utc("2020-01-01T00:00:00Z");

    [Theory]
    // Winter (UTC+1): Monday 08:00 Amsterdam is 07:00 UTC.
    [InlineData("2026-11-23T06:59:00Z", false, "W:2026-W47")]
    [InlineData("2026-11-23T07:00:00Z", true, "W:2026-W48")]
    [InlineData("2026-11-29T23:00:00Z", false, "W:2026-W48")]
    // Summer (UTC+2): Monday 08:00 Amsterdam is 06:00 UTC.
    [InlineData("2026-06-01T05:59:00Z", false, "W:2026-W22")]
    [InlineData("2026-06-01T06:00:00Z", true, "W:2026-W23")]
    public void A_weekly_digest_is_due_from_its_hour_in_amsterdam_time_in_winter_and_summer(string now, bool newPeriod, string key)
    {
        var slot = DigestSchedule.CurrentSlot(Weekly(DayOfWeek.Monday, 8), Utc(now))!.Value;
        Assert.Equal(key, slot.Key);
        Assert.True(slot.Slot <= Utc(now));
        Assert.Equal(newPeriod, Utc(now) - slot.Slot < TimeSpan.FromDays(1));
    }

    [Fact]
    public void Across_both_dst_changes_a_daily_digest_keeps_its_local_hour_and_the_skipped_hour_moves_to_three()
    {
        // 29 March 2026: clocks go from 02:00 to 03:00. 25 October 2026: from 03:00 back to 02:00.
        Assert.Equal(Utc("2026-03-28T07:00:00Z"), DigestSchedule.ToUtc(new DateOnly(2026, 3, 28), 8));
        Assert.Equal(Utc("2026-03-29T06:00:00Z"), DigestSchedule.ToUtc(new DateOnly(2026, 3, 29), 8));
        Assert.Equal(Utc("2026-03-29T01:00:00Z"), DigestSchedule.ToUtc(new DateOnly(2026, 3, 29), 2)); // 02:00 does not exist: 03:00 CEST
        Assert.Equal(Utc("2026-10-25T00:00:00Z"), DigestSchedule.ToUtc(new DateOnly(2026, 10, 25), 2)); // 02:00 twice: the first (CEST)
        Assert.Equal(Utc("2026-10-25T07:00:00Z"), DigestSchedule.ToUtc(new DateOnly(2026, 10, 25), 8));
        // One period per local day, also on the 23- and 25-hour days.
        var keys = new HashSet<string>();
        for (var t = Utc("2026-10-24T00:00:00Z"); t < Utc("2026-10-27T00:00:00Z"); t = t.AddMinutes(30))
            keys.Add(DigestSchedule.CurrentSlot(Daily(2), t)!.Value.Key);
        Assert.Equal(["D:2026-10-24", "D:2026-10-25", "D:2026-10-26"], keys.Order());
    }

    [Fact]
    public void Off_is_never_due_a_missed_slot_is_caught_up_within_its_period_and_new_accounts_wait_for_the_next_slot()
    {
        Assert.Null(DigestSchedule.CurrentSlot(new EmailPreferences { DigestFrequency = DigestFrequency.Off }, DateTimeOffset.UtcNow));
        var p = Daily(8);
        Assert.True(DigestSchedule.IsDue(p, Utc("2026-11-25T20:00:00Z"), LongAgo, out _, out var key));
        Assert.Equal("D:2026-11-25", key);
        Assert.False(DigestSchedule.IsDue(p, Utc("2026-11-25T20:00:00Z"), Utc("2026-11-25T12:00:00Z"), out _, out _));
        Assert.True(DigestSchedule.IsDue(p, Utc("2026-11-26T06:59:00Z"), LongAgo, out _, out key));
        Assert.Equal("D:2026-11-25", key);
    }

    /// <summary>Counts the SQL commands a context sends.</summary>
    private sealed class Counter : DbCommandInterceptor
    {
        public int Count;
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task Composing_costs_the_same_number_of_queries_per_batch_whatever_the_number_of_users_in_it()
    {
        await using var app = await AppFactory.CreateAsync(Db.Sqlite);
        var admin = await app.CreateUserAsync(admin: true);
        var slug = await app.CreatePilotAsync(admin);
        var users = new List<TestUser>();
        for (var i = 0; i < 40; i++)
        {
            var u = await app.CreateUserAsync();
            await app.AddMemberAsync(slug, u, admin);
            users.Add(u);
        }
        for (var i = 0; i < 5; i++)
        {
            var thread = await app.CreateThreadAsync(slug, users[i], $"Vraag {i}");
            await app.ReplyAsync(slug, thread, users[i + 1]);
        }
        var at = DateTimeOffset.UtcNow.AddMinutes(1);

        async Task<(int Queries, List<DigestDraft> Drafts)> ComposeAsync(int count, int batchSize)
        {
            using var scope = app.Services.CreateScope();
            var counter = new Counter();
            var options = new DbContextOptionsBuilder<CommunityDbContext>(scope.ServiceProvider.GetRequiredService<DbContextOptions<CommunityDbContext>>())
                .AddInterceptors(counter).Options;
            await using var db = new CommunityDbContext(options);
            var service = new DigestService(db, scope.ServiceProvider.GetRequiredService<DigestMail>(), TimeProvider.System, NullLogger<DigestService>.Instance);
            var due = users.Take(count).Select(u => new DueDigest(u.Id, u.Email, u.DisplayName, "nl", DigestFrequency.Weekly, "W:test", at)).ToList();
            var drafts = await service.DraftAsync(due, at, batchSize);
            return (counter.Count, drafts);
        }

        var few = await ComposeAsync(4, 100);
        var many = await ComposeAsync(40, 100);
        var batched = await ComposeAsync(40, 10);
        Assert.Equal(few.Queries, many.Queries);
        Assert.Equal(4 * few.Queries, batched.Queries);
        Assert.InRange(few.Queries, 1, 15);
        Assert.Equal(40, many.Drafts.Count(d => !d.Digest.IsEmpty));
        Assert.Equal(many.Drafts.Select(d => d.Digest.ItemCount), batched.Drafts.Select(d => d.Digest.ItemCount));
    }
}
