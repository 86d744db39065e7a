using Community.Core.Accounts;
using Community.Core.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Accounts;

public sealed class PersonModel(ProfileService profiles) : PageModel
{
    public ProfileView Person { get; private set; } = null!;

    public async Task OnGetAsync(string id, CancellationToken ct) => Person = await profiles.GetAsync(id, Actor.From(User), ct);
}
