using Community.Core.Chat;
using Community.Core.Common;

namespace Community.Web.Infrastructure;

/// <summary>The unread chat count in the header. Never breaks a page: the error pages skip it, and a failing query shows no count.</summary>
public static class ChatNavigation
{
    public static async Task<int> UnreadAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true || http.Request.Path.StartsWithSegments("/fout")) return 0;
        try
        {
            var chat = http.RequestServices.GetRequiredService<ChatService>();
            return (await chat.UnreadAsync(Actor.From(http.User), null, http.RequestAborted)).Values.Sum();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            http.RequestServices.GetRequiredService<ILogger<ChatService>>().LogWarning(e, "The unread chat count could not be read");
            return 0;
        }
    }
}
