using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Community.Core.Communities;
using Community.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace Community.Tests.Chat;

/// <summary>
/// The chat on two servers: two processes of the built app on one PostgreSQL database with <c>Chat:Redis</c> set to a real
/// redis-server. A message sent through one server reaches a member connected to the other, who is online and the connection
/// limit span both, and a member who leaves through one server stops receiving on the other.
/// </summary>
public sealed class ChatScaleOutTests(Apps apps) : AppTest(apps)
{
    /// <summary>A member signed in on one node with a hub connection to that node.</summary>
    private sealed class Member(HubConnection hub, Browser browser) : IAsyncDisposable
    {
        public HubConnection Hub { get; } = hub;
        public Browser Browser { get; } = browser;
        public Channel<(string Event, JsonElement Value)> Heard { get; } = Channel.CreateUnbounded<(string, JsonElement)>();

        public static async Task<Member> ConnectAsync(AppProcess node, TestUser user)
        {
            var (browser, cookies) = node.NewBrowser();
            await browser.SignInAsync(user.Email, user.Password);
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(node.BaseAddress, "/hubs/chat"), o => o.Cookies = cookies)
                .Build();
            var member = new Member(hub, browser);
            hub.On<JsonElement>("message", m => member.Heard.Writer.WriteAsync(("message", m)).AsTask());
            hub.On<int, JsonElement>("presence", (_, online) => member.Heard.Writer.WriteAsync(("presence", online)).AsTask());
            hub.On<string>("refused", text => member.Heard.Writer.WriteAsync(("refused", JsonSerializer.SerializeToElement(text))).AsTask());
            hub.On<int, string>("removed", (_, text) => member.Heard.Writer.WriteAsync(("removed", JsonSerializer.SerializeToElement(text))).AsTask());
            await hub.StartAsync();
            return member;
        }

        public async Task<JsonElement> CallAsync(string method, params object?[] args)
        {
            var reply = await Hub.InvokeCoreAsync<JsonElement>(method, args);
            Assert.True(reply.GetProperty("ok").GetBoolean(), reply.ToString());
            return reply.GetProperty("value");
        }

        /// <summary>The next pushed event of this kind within the timeout, or null.</summary>
        public async Task<JsonElement?> NextAsync(string eventName, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                while (true)
                {
                    var (name, value) = await Heard.Reader.ReadAsync(cts.Token);
                    if (name == eventName) return value;
                }
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        /// <summary>Whether a presence update arrives within the timeout that names exactly these people.</summary>
        public async Task<bool> SeesOnlineAsync(TimeSpan timeout, params string[] names)
        {
            var until = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < until)
            {
                var online = await NextAsync("presence", until - DateTime.UtcNow);
                if (online is { } list && Names(list).SequenceEqual(names.Order())) return true;
            }
            return false;
        }

        public static IEnumerable<string> Names(JsonElement online) => online.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).Order();

        /// <summary>Whether a message with this text arrives within the timeout (others, such as one's own, are passed over).</summary>
        public async Task<bool> HearsAsync(string body, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < until)
            {
                var m = await NextAsync("message", until - DateTime.UtcNow);
                if (m?.GetProperty("body").GetString() == body) return true;
            }
            return false;
        }

        public async ValueTask DisposeAsync()
        {
            await Hub.DisposeAsync();
            Browser.Dispose();
        }
    }

    [RedisFact]
    public async Task A_message_sent_through_one_server_reaches_the_other_presence_and_the_connection_limit_span_both_and_a_member_who_leaves_stops_receiving_on_both()
    {
        // The in-memory app makes the database and the people; the two servers are separate processes on that database.
        var app = await App(Db.PostgreSql);
        var owner = await app.CreateUserAsync(admin: true, name: "Coördinator Cor");
        var slug = await app.CreatePilotAsync(owner, visibility: CommunityVisibility.Closed);
        var anna = await app.CreateUserAsync(name: "Anna Appel");
        var bert = await app.CreateUserAsync(name: "Bert Boom");
        await app.AddMemberAsync(slug, anna, owner);
        await app.AddMemberAsync(slug, bert, owner);
        var connectionString = await app.QueryAsync(d => Task.FromResult(d.Database.GetConnectionString()!));

        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = connectionString,
            ["Chat:Redis"] = redis.ConnectionString,
            ["Chat:MaxConnectionsPerUser"] = "2",
        };
        var started = await Task.WhenAll(AppProcess.StartAsync(settings), AppProcess.StartAsync(settings));
        await using var nodeA = started[0];
        await using var nodeB = started[1];

        await using var annaOnA = await Member.ConnectAsync(nodeA, anna);
        await using var bertOnB = await Member.ConnectAsync(nodeB, bert);
        var communityId = (await annaOnA.CallAsync("Join", slug)).GetProperty("communityId").GetInt32();
        // Who is online spans both servers: Bert, joining on B, sees Anna on A, and Anna hears that Bert arrived.
        var bertJoined = await bertOnB.CallAsync("Join", slug);
        Assert.Equal(new[] { "Anna Appel", "Bert Boom" }, Member.Names(bertJoined.GetProperty("online")));
        Assert.True(await annaOnA.SeesOnlineAsync(TimeSpan.FromSeconds(10), "Anna Appel", "Bert Boom"));

        // Through A to B, and through B to A.
        await annaOnA.CallAsync("Send", communityId, Guid.NewGuid().ToString("N"), "Goedemorgen vanaf server A");
        Assert.True(await bertOnB.HearsAsync("Goedemorgen vanaf server A", TimeSpan.FromSeconds(10)), "B did not hear A's message.\nA:\n" + nodeA.Log + "\nB:\n" + nodeB.Log);
        await bertOnB.CallAsync("Send", communityId, Guid.NewGuid().ToString("N"), "Goedemorgen terug vanaf server B");
        Assert.True(await annaOnA.HearsAsync("Goedemorgen terug vanaf server B", TimeSpan.FromSeconds(10)));

        // Bert leaves through server A; his connection on server B is told and hears nothing more.
        var (bertOnA, _) = nodeA.NewBrowser();
        using (bertOnA)
        {
            await bertOnA.SignInAsync(bert.Email, bert.Password);
            var community = await bertOnA.GetAsync($"/pilots/{slug}/leergemeenschap");
            (await bertOnA.SubmitAsync(community, community.FormForHandler("Leave"))).AssertRedirect();
        }
        Assert.NotNull(await bertOnB.NextAsync("removed", TimeSpan.FromSeconds(10)));
        Assert.True(await annaOnA.SeesOnlineAsync(TimeSpan.FromSeconds(10), "Anna Appel"));
        await annaOnA.CallAsync("Send", communityId, Guid.NewGuid().ToString("N"), "Na het vertrek van Bert");
        Assert.True(await annaOnA.HearsAsync("Na het vertrek van Bert", TimeSpan.FromSeconds(10)));
        Assert.False(await bertOnB.HearsAsync("Na het vertrek van Bert", TimeSpan.FromSeconds(2)));

        // The connection limit (2 here) counts a person's connections on every server.
        await using var annaOnB = await Member.ConnectAsync(nodeB, anna);
        Assert.Null(await annaOnB.NextAsync("refused", TimeSpan.FromSeconds(2)));
        await using var annaOnAAgain = await Member.ConnectAsync(nodeA, anna);
        Assert.Contains("te veel vensters", (await annaOnAAgain.NextAsync("refused", TimeSpan.FromSeconds(10)))?.GetString());

        Assert.Empty(nodeA.Errors);
        Assert.Empty(nodeB.Errors);
    }
}
