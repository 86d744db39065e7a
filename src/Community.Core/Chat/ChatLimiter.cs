using System.Collections.Concurrent;

namespace Community.Core.Chat;

public sealed class ChatOptions
{
    public const string Section = "Chat";

    /// <summary>Messages one person may send in <see cref="RateWindowSeconds"/>.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int MessagesPerWindow { get; set; } = 20;

    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int RateWindowSeconds { get; set; } = 30;

    /// <summary>Open chat connections (tabs, devices) per person.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int MaxConnectionsPerUser { get; set; } = 10;
}

/// <summary>Per-person sliding window of sends, in memory (per server: with several servers each counts its own).</summary>
public sealed class ChatLimiter(TimeProvider clock, Microsoft.Extensions.Options.IOptions<ChatOptions> options)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sends = new();

    /// <summary>Counts one send and says whether it is within the limit.</summary>
    public bool TryAcquire(string userId)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var window = TimeSpan.FromSeconds(o.RateWindowSeconds);
        var queue = _sends.GetOrAdd(userId, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() >= window) queue.Dequeue();
            if (queue.Count >= o.MessagesPerWindow) return false;
            queue.Enqueue(now);
            return true;
        }
    }
}
