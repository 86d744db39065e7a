using StackExchange.Redis;

namespace Community.Web.Hubs;

/// <summary>
/// The chat on more than one server (<c>Chat:Redis</c> set). SignalR's Redis backplane carries the group messages; this
/// carries what the backplane cannot: "this membership ended". Which connections a person has is known only on the server
/// that holds them (<see cref="ChatConnections"/>), so every server hears the news and takes its own connections of that
/// person out of the community's group. It also keeps who is online per community and each person's connections (hashes of
/// this server's entries beside every other server's), and a heartbeat per server, so that a server that stopped without
/// tidying up drops out.
/// </summary>
public sealed class ChatRedis(string configuration, IServiceProvider services, ILogger<ChatRedis> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>The same prefix as the backplane's channels, so several platforms can share one Redis.</summary>
    public const string ChannelPrefix = "kennisplatform";
    private static readonly RedisChannel MembershipEnded = RedisChannel.Literal(ChannelPrefix + ":chat:membership-ended");
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(10);
    private readonly string _server = Guid.NewGuid().ToString("N")[..12];
    private readonly CancellationTokenSource _stopping = new();
    private ConnectionMultiplexer? _redis;
    private Task? _heartbeat;

    private static RedisKey PresenceKey(int communityId) => $"{ChannelPrefix}:chat:presence:{communityId}";

    private static RedisKey ConnectionsKey(string userId) => $"{ChannelPrefix}:chat:connections:{userId}";

    private static RedisKey ServerKey(string server) => $"{ChannelPrefix}:chat:server:{server}";

    private static string ServerOf(RedisValue field) => field.ToString().Split(':', 2)[0];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // A server that starts while Redis is away still serves its own connections, and connects when Redis is back.
        options.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
        await _redis.GetSubscriber().SubscribeAsync(MembershipEnded, (channel, value) => _ = RemoveHereAsync(value));
        _heartbeat = HeartbeatAsync(_stopping.Token);
    }

    /// <summary>Three missed beats and the others leave this server's connections out of who is online.</summary>
    private async Task HeartbeatAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(HeartbeatEvery);
        do
        {
            try
            {
                await _redis!.GetDatabase().StringSetAsync(ServerKey(_server), "1", HeartbeatEvery * 3);
            }
            catch (RedisException e)
            {
                logger.LogWarning(e, "The chat's heartbeat could not be written to Redis");
            }
        } while (await timer.WaitForNextTickAsync(ct).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    public async Task ArrivedAsync(int communityId, ChatConnections.Person person)
    {
        try
        {
            await _redis!.GetDatabase().HashSetAsync(PresenceKey(communityId), $"{_server}:{person.UserId}", person.Name);
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Presence could not be written to Redis");
        }
    }

    public async Task GoneAsync(int communityId, string userId)
    {
        try
        {
            await _redis!.GetDatabase().HashDeleteAsync(PresenceKey(communityId), $"{_server}:{userId}");
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Presence could not be removed from Redis");
        }
    }

    /// <summary>This server's people (<paramref name="here"/>, known for certain) and those of every other server that is alive.</summary>
    public async Task<IReadOnlyList<ChatConnections.Person>> OnlineAsync(int communityId, IReadOnlyList<ChatConnections.Person> here)
    {
        try
        {
            var elsewhere = (await ElsewhereAsync(PresenceKey(communityId)))
                .Select(e => new ChatConnections.Person(e.Name.ToString().Split(':', 2)[1], e.Value.ToString()));
            return here.Concat(elsewhere).DistinctBy(p => p.UserId).OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Presence could not be read from Redis; showing this server's only");
            return here;
        }
    }

    /// <summary>
    /// Records a new connection of the person unless, with <paramref name="here"/> on this server and those on the other servers,
    /// they would have more than <paramref name="max"/>. Two connections on two servers at the same moment may both get in.
    /// </summary>
    public async Task<bool> TryConnectAsync(string userId, string connectionId, int here, int max)
    {
        try
        {
            if (here + (await ElsewhereAsync(ConnectionsKey(userId))).Count > max) return false;
            await _redis!.GetDatabase().HashSetAsync(ConnectionsKey(userId), $"{_server}:{connectionId}", "1");
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "The connection limit could not be checked in Redis; this server's count only");
        }
        return true;
    }

    public async Task DisconnectedAsync(string userId, string connectionId)
    {
        try
        {
            await _redis!.GetDatabase().HashDeleteAsync(ConnectionsKey(userId), $"{_server}:{connectionId}");
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "A connection could not be removed from Redis");
        }
    }

    /// <summary>The entries of a per-server hash that other servers wrote and that are alive; those of dead servers are removed.</summary>
    private async Task<List<HashEntry>> ElsewhereAsync(RedisKey key)
    {
        var db = _redis!.GetDatabase();
        var entries = (await db.HashGetAllAsync(key)).Where(e => ServerOf(e.Name) != _server).ToList();
        var alive = new HashSet<string>();
        foreach (var server in entries.Select(e => ServerOf(e.Name)).Distinct())
            if (await db.KeyExistsAsync(ServerKey(server))) alive.Add(server);
        var gone = entries.Where(e => !alive.Contains(ServerOf(e.Name))).Select(e => e.Name).ToArray();
        if (gone.Length > 0) await db.HashDeleteAsync(key, gone, CommandFlags.FireAndForget);
        return entries.Where(e => alive.Contains(ServerOf(e.Name))).ToList();
    }

    public async Task PublishMembershipEndedAsync(int communityId, string userId)
    {
        try
        {
            if (_redis is null) throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Not started.");
            await _redis.GetSubscriber().PublishAsync(MembershipEnded, $"{communityId}:{userId}");
        }
        catch (RedisException e)
        {
            // The person's connections on other servers stay in the group until they reconnect (each call is still checked).
            logger.LogError(e, "The other chat servers could not be told that a membership ended");
        }
    }

    private async Task RemoveHereAsync(RedisValue value)
    {
        try
        {
            var text = value.ToString();
            var colon = text.IndexOf(':');
            if (colon <= 0 || !int.TryParse(text.AsSpan(0, colon), out var communityId)) return;
            await services.GetRequiredService<ChatHubEvents>().RemoveHereAsync(communityId, text[(colon + 1)..]);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Taking a former member's connections out of the chat failed");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_heartbeat is not null) await _heartbeat;
        if (_redis is null) return;
        try
        {
            // The others drop this server's connections from who is online at once, not after the heartbeat runs out.
            await _redis.GetDatabase().KeyDeleteAsync(ServerKey(_server));
        }
        catch (RedisException)
        {
        }
        await _redis.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        if (_redis is not null) await _redis.DisposeAsync();
    }
}
