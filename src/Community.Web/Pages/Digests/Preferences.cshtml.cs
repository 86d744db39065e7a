using Community.Core.Common;
using Community.Core.Digests;
using Community.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Community.Web.Pages.Digests;

public sealed class PreferencesModel(EmailPreferenceService preferences, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    public IReadOnlyList<CommunityFollow> Communities { get; private set; } = [];

    public sealed record InputModel
    {
        public DigestFrequency Frequency { get; init; } = DigestFrequency.Weekly;
        public DayOfWeek Day { get; init; } = DayOfWeek.Monday;
        public int Hour { get; init; } = 8;
        public bool ImmediateMentions { get; init; } = true;
        public bool ImmediateAnswers { get; init; } = true;
        public List<int> Followed { get; init; } = [];
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var view = await preferences.GetAsync(Actor.From(User), ct);
        var p = view.Preferences;
        Communities = view.Communities;
        Input = new InputModel
        {
            Frequency = p.DigestFrequency, Day = p.DigestDay, Hour = p.DigestHour, ImmediateMentions = p.ImmediateMentions,
            ImmediateAnswers = p.ImmediateAnswers, Followed = view.Communities.Where(c => !c.Muted).Select(c => c.CommunityId).ToList(),
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Communities = (await preferences.GetAsync(Actor.From(User), ct)).Communities;
        if (!ModelState.IsValid) return Invalid();
        try
        {
            await preferences.SaveAsync(new EmailPreferencesInput(Input.Frequency, Input.Day, Input.Hour, Input.ImmediateMentions,
                Input.ImmediateAnswers, Input.Followed), Actor.From(User), ct);
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("Input." + (e.Field ?? ""), e.Localize(t));
            return Invalid();
        }
        TempData["Message"] = t["Je e-mailinstellingen zijn opgeslagen."].Value;
        return RedirectToPage();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
