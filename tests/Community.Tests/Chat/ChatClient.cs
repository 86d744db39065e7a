using System.Net;
using System.Threading.Channels;
using Community.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Community.Tests.Chat;

/// <summary>The hub as a signed-in user reaches it: the real .NET SignalR client over the test server (long polling), with that user's cookie.</summary>
public sealed class ChatClient : IAsyncDisposable
{
    private ChatClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>Everything the server pushed, as (event, first argument as JSON-ish text).</summary>
    public Channel<(string Event, object?[] Args)> Received { get; } = Channel.CreateUnbounded<(string, object?[])>();

    public static async Task<ChatClient> ConnectAsync(AppFactory app, TestUser user)
    {
        var cookies = new CookieContainer();
        using (var http = app.CreateDefaultClient(new Uri("http://localhost"), new CookieHandler(cookies)))
            await new Browser(http).SignInAsync(user.Email, user.Password);
        var header = cookies.GetCookieHeader(new Uri("http://localhost"));
        var connection = new HubConnectionBuilder()
            .WithUrl("http://localhost/hubs/chat", o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["Cookie"] = header;
            })
            .Build();
        var client = new ChatClient(connection);
        foreach (var name in new[] { "message", "changed", "presence", "typing", "removed", "refused" })
        {
            var eventName = name;
            connection.On(eventName, Enumerable.Repeat(typeof(object), ArgCount(eventName)).ToArray(),
                args => client.Received.Writer.WriteAsync((eventName, args)).AsTask());
        }
        await connection.StartAsync();
        return client;
    }

    private static int ArgCount(string name) => name switch
    {
        "message" or "changed" or "refused" => 1,
        "presence" or "removed" => 2,
        _ => 3,
    };

    /// <summary>The next pushed event with this name within the timeout, or null.</summary>
    public async Task<object?[]?> NextAsync(string eventName, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            while (true)
            {
                var (name, args) = await Received.Reader.ReadAsync(cts.Token);
                if (name == eventName) return args;
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Calls a hub method that must succeed; gives its value.</summary>
    public async Task<System.Text.Json.JsonElement> CallAsync(string method, params object?[] args)
    {
        var reply = await Connection.InvokeCoreAsync<System.Text.Json.JsonElement>(method, args);
        Assert.True(reply.GetProperty("ok").GetBoolean(), $"{method} was refused: {reply.GetProperty("error")}");
        return reply.GetProperty("value");
    }

    /// <summary>Calls a hub method that must be refused; gives the refusal's text.</summary>
    public async Task<string> RefusalAsync(string method, params object?[] args)
    {
        var reply = await Connection.InvokeCoreAsync<System.Text.Json.JsonElement>(method, args);
        Assert.False(reply.GetProperty("ok").GetBoolean(), $"{method} was not refused");
        return reply.GetProperty("error").GetString()!;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private sealed class CookieHandler(CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var header = cookies.GetCookieHeader(request.RequestUri!);
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
                foreach (var v in values) cookies.SetCookies(request.RequestUri!, v);
            return response;
        }
    }
}
