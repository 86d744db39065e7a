using StackExchange.Redis;

namespace Community.Web.Hubs;

/// <summary>
/// The chat on more than one server (<c>Chat:Redis</c> set). SignalR's Redis backplane carries the group messages; this
/// carries what the backplane cannot: "this membership ended". Which connections a person has is known only on the server
/// that holds them (<see cref="ChatConnections"/>), so every server hears the news and takes its own connections of that
/// person out of the community's group.
/// </summary>
public sealed class ChatRedis(string configuration, IServiceProvider services, ILogger<ChatRedis> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>The same prefix as the backplane's channels, so several platforms can share one Redis.</summary>
    public const string ChannelPrefix = "kennisplatform";
    private static readonly RedisChannel MembershipEnded = RedisChannel.Literal(ChannelPrefix + ":chat:membership-ended");
    private ConnectionMultiplexer? _redis;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // A server that starts while Redis is away still serves its own connections, and connects when Redis is back.
        options.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
        await _redis.GetSubscriber().SubscribeAsync(MembershipEnded, (channel, value) => _ = RemoveHereAsync(value));
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
        if (_redis is not null) await _redis.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
    }
}
