using Community.Core.Communities;
using Community.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Community.Tests.Chat;

/// <summary>A fresh pilot with its community and a coordinator, and members for it: what every chat test starts from.</summary>
internal static class ChatSetup
{
    internal sealed record Setup(AppFactory App, TestUser Owner, string Slug, int CommunityId);

    internal static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..6]}";

    internal static async Task<Setup> PilotAsync(AppFactory app, CommunityVisibility visibility = CommunityVisibility.Open)
    {
        var owner = await app.CreateUserAsync(admin: true, name: Unique("Coördinator Cor"));
        var slug = await app.CreatePilotAsync(owner, visibility: visibility);
        var id = await app.QueryAsync(d => d.Communities.Where(c => c.Pilot!.Slug == slug).Select(c => c.Id).SingleAsync());
        return new Setup(app, owner, slug, id);
    }

    internal static async Task<TestUser> MemberAsync(Setup s, string name)
    {
        var user = await s.App.CreateUserAsync(name: Unique(name));
        await s.App.AddMemberAsync(s.Slug, user, s.Owner);
        return user;
    }
}
