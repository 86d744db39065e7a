using System.Globalization;

namespace Community.Core.Digests;

/// <summary>
/// When a user's digest is due. Slots are whole hours in Europe/Amsterdam; a period is named by its slot's local
/// date (daily) or ISO week (weekly), so a user who moves the hour or day within a period still gets one digest.
/// </summary>
public static class DigestSchedule
{
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static TimeSpan Length(DigestFrequency frequency) => frequency == DigestFrequency.Daily ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);

    /// <summary>The latest slot at or before <paramref name="now"/> and its period key; null when digests are off.</summary>
    public static (DateTimeOffset Slot, string Key)? CurrentSlot(EmailPreferences p, DateTimeOffset now)
    {
        if (p.DigestFrequency == DigestFrequency.Off) return null;
        var local = TimeZoneInfo.ConvertTime(now, Amsterdam);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (p.DigestFrequency == DigestFrequency.Weekly)
            date = date.AddDays(-(((int)date.DayOfWeek - (int)p.DigestDay + 7) % 7));
        var slot = ToUtc(date, p.DigestHour);
        if (slot > now)
        {
            date = date.AddDays(p.DigestFrequency == DigestFrequency.Weekly ? -7 : -1);
            slot = ToUtc(date, p.DigestHour);
        }
        return (slot, Key(p.DigestFrequency, date));
    }

    /// <summary>Due now: the current slot has passed, not longer ago than one period (a server that was down catches up, but no further back), and the account is older than the slot.</summary>
    public static bool IsDue(EmailPreferences p, DateTimeOffset now, DateTimeOffset accountCreated, out DateTimeOffset slot, out string key)
    {
        (slot, key) = (default, "");
        if (CurrentSlot(p, now) is not { } current) return false;
        (slot, key) = current;
        return now - slot < Length(p.DigestFrequency) && accountCreated <= slot;
    }

    public static string Key(DigestFrequency frequency, DateOnly date) => frequency == DigestFrequency.Daily
        ? "D:" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : $"W:{ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue)):00}";

    /// <summary>
    /// A local wall-clock hour as UTC. On the spring-forward night 02:00 does not exist: the slot moves to 03:00 (the same
    /// instant as the skipped hour's end). On the autumn night 02:00 happens twice: the first one counts.
    /// </summary>
    public static DateTimeOffset ToUtc(DateOnly date, int hour)
    {
        var local = date.ToDateTime(new TimeOnly(hour, 0));
        while (Amsterdam.IsInvalidTime(local)) local = local.AddHours(1);
        var offset = Amsterdam.IsAmbiguousTime(local) ? Amsterdam.GetAmbiguousTimeOffsets(local).Max() : Amsterdam.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
