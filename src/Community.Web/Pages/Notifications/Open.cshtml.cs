using Community.Core.Common;
using Community.Core.Discussions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Notifications;

/// <summary>Opening a notification marks it read and goes to the post it is about; gone or no longer visible: 404.</summary>
[Authorize]
public sealed class OpenModel(NotificationService notifications) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await notifications.OpenAsync(id, Actor.From(User), ct) is { } url ? Redirect(url) : NotFound();
}
