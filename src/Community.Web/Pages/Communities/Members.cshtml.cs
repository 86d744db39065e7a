using Community.Web.Infrastructure;
using System.ComponentModel.DataAnnotations;
using Community.Core.Common;
using Community.Core.Communities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Communities;

public sealed class MembersModel(CommunityService communities, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty, EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in."), StringLength(256)]
    public string? InviteEmail { get; set; }

    public CommunityHome Home { get; private set; } = null!;
    public IReadOnlyList<MemberView> Members { get; private set; } = [];
    public IReadOnlyList<MemberView> Requests { get; private set; } = [];

    public async Task OnGetAsync(string slug, CancellationToken ct) => await LoadAsync(slug, ct);

    public Task<IActionResult> OnPostApproveAsync(string slug, string userId, CancellationToken ct) =>
        ActAsync(slug, () => communities.ApproveAsync(slug, userId, Actor.From(User), ct), Texts.Key("Het verzoek is goedgekeurd; we hebben de aanvrager gemaild."), ct);

    public Task<IActionResult> OnPostDeclineAsync(string slug, string userId, CancellationToken ct) =>
        ActAsync(slug, () => communities.DeclineAsync(slug, userId, Actor.From(User), ct), Texts.Key("Het verzoek is afgewezen; we hebben de aanvrager gemaild."), ct);

    public Task<IActionResult> OnPostPromoteAsync(string slug, string userId, CancellationToken ct) =>
        ActAsync(slug, () => communities.SetRoleAsync(slug, userId, MembershipRole.Coordinator, Actor.From(User), ct), Texts.Key("Het lid is nu coördinator."), ct);

    public Task<IActionResult> OnPostDemoteAsync(string slug, string userId, CancellationToken ct) =>
        ActAsync(slug, () => communities.SetRoleAsync(slug, userId, MembershipRole.Member, Actor.From(User), ct), Texts.Key("De coördinator is nu gewoon lid."), ct);

    public Task<IActionResult> OnPostRemoveAsync(string slug, string userId, CancellationToken ct) =>
        ActAsync(slug, () => communities.RemoveMemberAsync(slug, userId, Actor.From(User), ct), Texts.Key("Het lid is verwijderd."), ct);

    public async Task<IActionResult> OnPostInviteAsync(string slug, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(InviteEmail)) ModelState.AddModelError(nameof(InviteEmail), t["Vul een e-mailadres in."]);
        if (!ModelState.IsValid)
        {
            await LoadAsync(slug, ct);
            if (!Home.Permissions.CanManage) throw new ForbiddenException("Only coordinators invite.");
            return Page();
        }
        return await ActAsync(slug, () => communities.InviteAsync(slug, InviteEmail!, Actor.From(User), ct), Texts.Key("De uitnodiging is verstuurd."), ct);
    }

    private async Task<IActionResult> ActAsync(string slug, Func<Task> action, string done, CancellationToken ct)
    {
        if (!User.Identity!.IsAuthenticated) return Challenge();
        try
        {
            await action();
            TempData["Message"] = t[done].Value;
            return Redirect($"/pilots/{slug}/leergemeenschap/leden");
        }
        catch (RuleException e)
        {
            ModelState.AddModelError(e.Field == "Email" ? nameof(InviteEmail) : "", e.Localize(t));
            await LoadAsync(slug, ct);
            return Page();
        }
    }

    private async Task LoadAsync(string slug, CancellationToken ct)
    {
        if (Q?.Length > 200) Q = Q[..200];
        (Home, Members, Requests) = await communities.GetMembersAsync(slug, Q, Actor.From(User), ct);
    }
}
