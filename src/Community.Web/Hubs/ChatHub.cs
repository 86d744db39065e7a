using System.Globalization;
using Community.Core.Chat;
using Community.Core.Common;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Community.Web.Hubs;

/// <summary>
/// Every hub call answers with this: the value, or the refusal in the caller's language. A refusal is an answer, not
/// an exception: SignalR logs every exception thrown by a hub method as a server error, and a non-member knocking is not one.
/// </summary>
public sealed record ChatReply<T>(bool Ok, string? Error, T? Value)
{
    public static ChatReply<T> Refused(string error) => new(false, error, default);
}

/// <summary>What a connection gets when it joins a community's chat.</summary>
public sealed record ChatJoined(int CommunityId, string UserId, bool CanSend, bool CanModerate, int EditWindowSeconds, IReadOnlyList<ChatConnections.Person> Online);

/// <summary>
/// The live side of the chat. Every call goes through <see cref="ChatService"/>, which checks the caller's membership
/// in the database each time; the pages call the same service. Messages reach the group through <see cref="ChatHubEvents"/>,
/// after they are stored.
/// </summary>
[Authorize]
public sealed class ChatHub(ChatService chat, ChatConnections connections, ChatPresence presence, IStringLocalizer<SharedResource> t, IOptions<ChatOptions> options) : Hub
{
    public static string Group(int communityId) => $"chat:{communityId}";

    public override async Task OnConnectedAsync()
    {
        var actor = Actor.From(Context.User!);
        var culture = Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? CultureInfo.CurrentUICulture;
        UseCulture(culture);
        var name = await chat.DisplayNameAsync(actor, Context.ConnectionAborted) ?? "?";
        var max = options.Value.MaxConnectionsPerUser;
        if (!await presence.TryConnectAsync(Context.ConnectionId, actor.UserId!, name, culture, max))
        {
            // Told in words, then closed: the client stops reconnecting when it hears "refused".
            await Clients.Caller.SendAsync("refused", t["Je hebt de chat al in te veel vensters open (maximaal {0}). Sluit er een en laad deze pagina opnieuw.", max].Value);
            Context.Abort();
            return;
        }
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var communityId in await presence.DisconnectAsync(Context.ConnectionId))
            await Clients.Group(Group(communityId)).SendAsync("presence", communityId, await presence.OnlineAsync(communityId));
        await base.OnDisconnectedAsync(exception);
    }

    public Task<ChatReply<ChatJoined>> Join(string slug) => RunAsync(async actor =>
    {
        var room = await chat.RoomAsync(slug ?? "", actor, Context.ConnectionAborted);
        var arrived = await presence.JoinAsync(Context.ConnectionId, room.CommunityId);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(room.CommunityId), Context.ConnectionAborted);
        // The membership may have ended between the check and the join: check again, now that the removal would find us.
        try
        {
            await chat.RoomAsync(room.CommunityId, actor, Context.ConnectionAborted);
        }
        catch (ForbiddenException)
        {
            await presence.LeaveAsync(Context.ConnectionId, room.CommunityId);
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(room.CommunityId));
            throw;
        }
        var online = await presence.OnlineAsync(room.CommunityId);
        // Only when someone new is online: a second tab of the same person changes nothing for the others.
        if (arrived) await Clients.OthersInGroup(Group(room.CommunityId)).SendAsync("presence", room.CommunityId, online);
        return new ChatJoined(room.CommunityId, actor.UserId!, room.CanSend, room.CanModerate, (int)ChatRules.EditWindow.TotalSeconds, online);
    });

    public Task<ChatReply<ChatHistory>> History(int communityId, long? before, long? after) =>
        RunAsync(actor => chat.HistoryAsync(communityId, before, after, actor, ct: Context.ConnectionAborted));

    /// <summary>Stores the message (or finds the one stored under the same client id) and answers with it: the acknowledgement.</summary>
    public Task<ChatReply<ChatMessageView>> Send(int communityId, string clientId, string body) =>
        RunAsync(async actor => (await chat.SendAsync(communityId, clientId, body, actor, Context.ConnectionAborted)).Message);

    public Task<ChatReply<ChatMessageView>> Edit(long messageId, string body) =>
        RunAsync(actor => chat.EditAsync(messageId, body, actor, Context.ConnectionAborted));

    public Task<ChatReply<ChatMessageView>> Delete(long messageId) =>
        RunAsync(actor => chat.DeleteAsync(messageId, actor, Context.ConnectionAborted));

    public Task<ChatReply<bool>> Typing(int communityId) => RunAsync(async actor =>
    {
        if (!connections.HasJoined(Context.ConnectionId, communityId)) throw new ForbiddenException("Not joined.");
        await chat.WritableRoomAsync(communityId, actor, Context.ConnectionAborted);
        var me = connections.PersonOf(Context.ConnectionId)!;
        await Clients.OthersInGroup(Group(communityId)).SendAsync("typing", communityId, me.UserId, me.Name);
        return true;
    });

    public Task<ChatReply<bool>> MarkRead(int communityId, long lastId) =>
        RunAsync(async actor => { await chat.MarkReadAsync(communityId, lastId, actor, Context.ConnectionAborted); return true; });

    public Task<ChatReply<bool>> Leave(int communityId) => RunAsync(async _ =>
    {
        var (left, gone) = await presence.LeaveAsync(Context.ConnectionId, communityId);
        if (left)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(communityId));
            if (gone) await Clients.Group(Group(communityId)).SendAsync("presence", communityId, await presence.OnlineAsync(communityId));
        }
        return true;
    });

    private async Task<ChatReply<T>> RunAsync<T>(Func<Actor, Task<T>> action)
    {
        UseCulture(connections.CultureOf(Context.ConnectionId) ?? CultureInfo.CurrentUICulture);
        try
        {
            return new ChatReply<T>(true, null, await action(Actor.From(Context.User!)));
        }
        catch (RuleException e)
        {
            return ChatReply<T>.Refused(e.Localize(t));
        }
        catch (ForbiddenException)
        {
            return ChatReply<T>.Refused(t["Je kunt hier niet chatten: alleen leden van deze leergemeenschap lezen en schrijven in de chat."].Value);
        }
        catch (NotFoundException)
        {
            return ChatReply<T>.Refused(t["Dit bericht of deze leergemeenschap bestaat niet (meer)."].Value);
        }
    }

    private static void UseCulture(CultureInfo culture)
    {
        CultureInfo.CurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
    }
}
