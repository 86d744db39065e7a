using Community.Web.Infrastructure;
using System.ComponentModel.DataAnnotations;
using Community.Core.Chat;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Discussions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Communities;

public sealed class HomeModel(CommunityService communities, DiscussionService discussions, ModerationService moderation, ChatService chat, IStringLocalizer<SharedResource> t) : PageModel
{
    public CommunityHome Home { get; private set; } = null!;
    public ThreadListPage? Discussions { get; private set; }
    /// <summary>Unread chat messages, for members; null when the visitor may not read the chat.</summary>
    public int? ChatUnread { get; private set; }

    /// <summary>Reported posts waiting for a coordinator (0 for everyone else).</summary>
    public int OpenReports { get; private set; }

    [BindProperty, StringLength(1000, ErrorMessage = "Je bericht is te lang (maximaal 1000 tekens).")]
    public string? Message { get; set; }

    public async Task OnGetAsync(string slug, CancellationToken ct) => await LoadAsync(slug, ct);

    public async Task<IActionResult> OnPostJoinAsync(string slug, CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        if (ModelState.IsValid)
        {
            try
            {
                var status = await communities.JoinAsync(slug, Message, Actor.From(User), ct);
                TempData["Message"] = status == MembershipStatus.Active
                    ? t["Welkom! Je bent nu lid van de leergemeenschap."].Value
                    : t["Je verzoek is verstuurd. Een coördinator beoordeelt het; je krijgt bericht per e-mail."].Value;
                return Redirect($"/pilots/{slug}/leergemeenschap");
            }
            catch (RuleException e)
            {
                ModelState.AddModelError(nameof(Message), e.Localize(t));
            }
        }
        await LoadAsync(slug, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLeaveAsync(string slug, CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        try
        {
            await communities.LeaveAsync(slug, Actor.From(User), ct);
            TempData["Message"] = t["Je bent geen lid meer van deze leergemeenschap."].Value;
            return Redirect($"/pilots/{slug}/leergemeenschap");
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("", e.Localize(t));
            await LoadAsync(slug, ct);
            return Page();
        }
    }

    private async Task LoadAsync(string slug, CancellationToken ct)
    {
        Home = await communities.GetHomeAsync(slug, Actor.From(User), ct);
        // A closed community shows a non-member only how to request access, with 403: never its content.
        if (!Home.Permissions.CanRead) Response.StatusCode = StatusCodes.Status403Forbidden;
        else Discussions = await discussions.ListAsync(slug, new ThreadFilter(), Actor.From(User), ct);
        if (Home.Permissions.CanManage) OpenReports = await moderation.OpenReportCountAsync(slug, Actor.From(User), ct);
        if (Home.Permissions.IsMember || Home.Permissions.IsAdmin)
            ChatUnread = (await chat.UnreadAsync(Actor.From(User), Home.CommunityId, ct)).GetValueOrDefault(Home.CommunityId);
    }
}
