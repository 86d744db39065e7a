using Community.Core.Chat;
using Community.Core.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Chat;

/// <summary>The signed-in person's chats, one per community they are a member of, with the unread count of each.</summary>
public sealed class MineModel(ChatService chat) : PageModel
{
    public IReadOnlyList<MyChat> Chats { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Chats = await chat.MyChatsAsync(Actor.From(User), ct);
}
