using Community.Web.Infrastructure;
using System.ComponentModel.DataAnnotations;
using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Community.Web.Pages.Accounts;

public sealed class ProfileModel(ProfileService profiles, AdminService admin, IStringLocalizer<SharedResource> t,
    SignInManager<User> signIn, IOptions<SecurityOptions> security) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    public IReadOnlyList<ReferenceItem> Municipalities { get; private set; } = [];
    public string UserId => Actor.From(User).UserId!;

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Vul je naam in."), StringLength(100, ErrorMessage = "Je naam mag maximaal 100 tekens zijn.")]
        public string DisplayName { get; init; } = "";
        [StringLength(150, ErrorMessage = "Maximaal 150 tekens.")]
        public string? Organisation { get; init; }
        public int? MunicipalityId { get; init; }
        [StringLength(150, ErrorMessage = "Maximaal 150 tekens.")]
        public string? JobRole { get; init; }
        [StringLength(2000, ErrorMessage = "Maximaal 2000 tekens.")]
        public string? WorkingOn { get; init; }
        [StringLength(1000, ErrorMessage = "Maximaal 1000 tekens.")]
        public string? Tags { get; init; }
        public string Culture { get; init; } = "nl";
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var p = await profiles.GetInputAsync(Actor.From(User), ct);
        Input = new InputModel
        {
            DisplayName = p.DisplayName, Organisation = p.Organisation, MunicipalityId = p.MunicipalityId, JobRole = p.JobRole,
            WorkingOn = p.WorkingOn, Tags = p.Tags, Culture = p.Culture,
        };
        Municipalities = await admin.MunicipalitiesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Municipalities = await admin.MunicipalitiesAsync(ct);
        if (!ModelState.IsValid) return Page();
        try
        {
            await profiles.UpdateAsync(new ProfileInput(Input.DisplayName, Input.Organisation, Input.MunicipalityId, Input.JobRole,
                Input.WorkingOn, Input.Tags, Input.Culture), Actor.From(User), ct);
        }
        catch (RuleException e)
        {
            ModelState.AddModelError("Input." + (e.Field ?? ""), e.Localize(t));
            return Page();
        }
        UserCulture.SetCookie(Response, Input.Culture, security.Value.RequireHttps);
        // The language claim in the sign-in cookie must follow at once, not after the next security-stamp check.
        if (await signIn.UserManager.GetUserAsync(User) is { } user) await signIn.RefreshSignInAsync(user);
        // Confirm in the language just chosen: the next page is already in it.
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(UserCulture.Normalize(Input.Culture));
        TempData["Message"] = t["Je profiel is opgeslagen."].Value;
        return RedirectToPage();
    }
}
