using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Community.Tests.Support;

namespace Community.Tests.Search;

/// <summary>Searches through the app's own API, as a browser would, and waits for the follower to have indexed a change.</summary>
public static class SearchProbe
{
    private static readonly char[] Letters = "bcdfghjklmnpqrstvwxz".ToCharArray();

    /// <summary>A made-up word no other test or document has: consonant-vowel pairs, so the Dutch stemmer leaves it whole.</summary>
    public static string Word(string prefix = "zoek")
    {
        var vowels = "aeiou";
        var chars = new char[8];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = i % 2 == 0 ? Letters[Random.Shared.Next(Letters.Length)] : vowels[Random.Shared.Next(vowels.Length)];
        return prefix + new string(chars) + "x";
    }

    public static async Task<JsonElement> ApiAsync(Browser browser, string query, string extra = "")
    {
        var response = await browser.Http.GetAsync($"/api/search?q={Uri.EscapeDataString(query)}{extra}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/api/search?q={query}{extra}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<int> TotalAsync(Browser browser, string query, string extra = "") => (await ApiAsync(browser, query, extra)).GetProperty("total").GetInt32();

    public static async Task<IReadOnlyList<string>> UrlsAsync(Browser browser, string query, string extra = "") =>
        (await ApiAsync(browser, query, extra)).GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("url").GetString()!).ToList();

    /// <summary>
    /// Waits until <paramref name="condition"/> holds. Generous on purpose (the machine is shared): how fast a change arrives is
    /// measured in the benchmarks and reported by the multi-node test, not asserted to the millisecond here.
    /// </summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        while (true)
        {
            if (await condition()) return watch.Elapsed;
            if (watch.Elapsed > limit) Assert.Fail($"Not within {limit.TotalSeconds:0} s: {what}");
            await Task.Delay(50);
        }
    }

    public static async Task<TimeSpan> FoundAsync(Browser browser, string query, int total = 1, string extra = "")
    {
        var last = -1;
        try
        {
            return await UntilAsync(async () => (last = await TotalAsync(browser, query, extra)) == total, $"'{query}{extra}' finds {total}");
        }
        catch (Xunit.Sdk.FailException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message} (last: {last})");
        }
    }

    public static Task<TimeSpan> GoneAsync(Browser browser, string query, string extra = "") =>
        UntilAsync(async () => await TotalAsync(browser, query, extra) == 0, $"'{query}' finds nothing");
}
