using System.Globalization;

namespace Community.Web.Hubs;

/// <summary>
/// Who is online in a community's chat: this server's connections (<see cref="ChatConnections"/>), and with <c>Chat:Redis</c>
/// every other server's too, which each server records in Redis (<see cref="ChatRedis"/>); and so the connection limit per person.
/// </summary>
public sealed class ChatPresence(ChatConnections connections, ChatRedis? redis = null)
{
    public async Task<IReadOnlyList<ChatConnections.Person>> OnlineAsync(int communityId)
    {
        var here = connections.Online(communityId);
        return redis is null ? here : await redis.OnlineAsync(communityId, here);
    }

    /// <summary>Registers the connection unless the person already has <paramref name="max"/> open, here or, with Redis, anywhere.</summary>
    public async Task<bool> TryConnectAsync(string connectionId, string userId, string name, CultureInfo culture, int max)
    {
        if (!connections.TryAdd(connectionId, userId, name, culture, max)) return false;
        if (redis is null || await redis.TryConnectAsync(userId, connectionId, connections.CountFor(userId), max)) return true;
        connections.Remove(connectionId);
        return false;
    }

    public async Task DisconnectedAsync(string connectionId)
    {
        if (redis is not null && connections.PersonOf(connectionId) is { } person) await redis.DisconnectedAsync(person.UserId, connectionId);
    }

    public Task JoinedAsync(string connectionId, int communityId) =>
        redis is not null && connections.PersonOf(connectionId) is { } person ? redis.JoinedAsync(communityId, connectionId, person) : Task.CompletedTask;

    public Task LeftAsync(string connectionId, int communityId) => redis?.LeftAsync(communityId, connectionId) ?? Task.CompletedTask;
}
