using Community.Core.Common;
using Community.Core.Discussions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Discussions;

public sealed class HistoryModel(DiscussionService discussions) : PageModel
{
    public PostHistory History { get; private set; } = null!;

    public async Task OnGetAsync(string slug, int id, int postId, CancellationToken ct) =>
        History = await discussions.HistoryAsync(slug, id, postId, Actor.From(User), ct);
}
