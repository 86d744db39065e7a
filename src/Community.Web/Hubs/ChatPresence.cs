namespace Community.Web.Hubs;

/// <summary>
/// Who is online in a community's chat: this server's connections (<see cref="ChatConnections"/>), and with <c>Chat:Redis</c>
/// every other server's too, which each server records in Redis (<see cref="ChatRedis"/>).
/// </summary>
public sealed class ChatPresence(ChatConnections connections, ChatRedis? redis = null)
{
    public async Task<IReadOnlyList<ChatConnections.Person>> OnlineAsync(int communityId)
    {
        var here = connections.Online(communityId);
        return redis is null ? here : await redis.OnlineAsync(communityId, here);
    }

    public Task JoinedAsync(string connectionId, int communityId) =>
        redis is not null && connections.PersonOf(connectionId) is { } person ? redis.JoinedAsync(communityId, connectionId, person) : Task.CompletedTask;

    public Task LeftAsync(string connectionId, int communityId) => redis?.LeftAsync(communityId, connectionId) ?? Task.CompletedTask;
}
