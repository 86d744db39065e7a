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

    /// <summary>Records the join; true when the person was not yet online in the community here (presence changed).</summary>
    public async Task<bool> JoinAsync(string connectionId, int communityId)
    {
        var arrived = connections.Join(connectionId, communityId);
        // One entry per person and server, not per connection: the hash stays as small as the community.
        if (arrived && redis is not null && connections.PersonOf(connectionId) is { } person) await redis.ArrivedAsync(communityId, person);
        return arrived;
    }

    /// <summary>Records the leave; Left: the connection had joined; Gone: it was the person's last one here.</summary>
    public async Task<(bool Left, bool Gone)> LeaveAsync(string connectionId, int communityId)
    {
        var person = connections.PersonOf(connectionId);
        var left = connections.Leave(connectionId, communityId, out var gone);
        if (gone && redis is not null && person is not null) await redis.GoneAsync(communityId, person.UserId);
        return (left, gone);
    }

    /// <summary>Forgets the connection; gives the communities where the person is no longer online here.</summary>
    public async Task<IReadOnlyList<int>> DisconnectAsync(string connectionId)
    {
        var person = connections.PersonOf(connectionId);
        var gone = connections.Remove(connectionId);
        if (redis is not null && person is not null)
        {
            await redis.DisconnectedAsync(person.UserId, connectionId);
            foreach (var communityId in gone) await redis.GoneAsync(communityId, person.UserId);
        }
        return gone;
    }
}
