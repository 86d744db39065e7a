using System.Globalization;
using Community.Core.Chat;
using Community.Core.Communities;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;

namespace Community.Web.Hubs;

/// <summary>Fans stored chat changes out to the community's group, and takes people out of it when their membership ends.</summary>
public sealed class ChatHubEvents(IHubContext<ChatHub> hub, ChatConnections connections, ChatPresence presence, IStringLocalizer<SharedResource> t,
    ChatRedis? redis = null)
    : IChatEvents, IMembershipEvents
{
    public Task MessageStoredAsync(ChatMessageView message, CancellationToken ct) =>
        hub.Clients.Group(ChatHub.Group(message.CommunityId)).SendAsync("message", message, CancellationToken.None);

    public Task MessageChangedAsync(ChatMessageView message, CancellationToken ct) =>
        hub.Clients.Group(ChatHub.Group(message.CommunityId)).SendAsync("changed", message, CancellationToken.None);

    public async Task MembershipEndedAsync(int communityId, string userId, CancellationToken ct)
    {
        // This server's connections at once; with several servers, each other one hears it through Redis and does the same.
        await RemoveHereAsync(communityId, userId);
        if (redis is not null) await redis.PublishMembershipEndedAsync(communityId, userId);
    }

    /// <summary>Takes the person's connections on this server out of the community's group and tells their pages.</summary>
    public async Task RemoveHereAsync(int communityId, string userId)
    {
        var ids = connections.ConnectionsIn(userId, communityId);
        if (ids.Count == 0) return;
        foreach (var id in ids)
        {
            await presence.LeaveAsync(id, communityId);
            await hub.Groups.RemoveFromGroupAsync(id, ChatHub.Group(communityId), CancellationToken.None);
            var culture = connections.CultureOf(id) ?? CultureInfo.CurrentUICulture;
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
            var text = t["Je bent geen lid meer van deze leergemeenschap. Je ontvangt geen chatberichten meer."].Value;
            CultureInfo.CurrentUICulture = previous;
            await hub.Clients.Client(id).SendAsync("removed", communityId, text, CancellationToken.None);
        }
        await hub.Clients.Group(ChatHub.Group(communityId)).SendAsync("presence", communityId, await presence.OnlineAsync(communityId), CancellationToken.None);
    }
}
