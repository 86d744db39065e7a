using Community.Core.Common;
using Community.Core.Discussions;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Support;

/// <summary>Threads and replies made through the real DiscussionService, for tests about what comes after.</summary>
public static class DiscussionSetup
{
    public static async Task<int> CreateThreadAsync(this AppFactory app, string slug, TestUser author, string? title = null, string body = "Hoe pakken jullie dit aan?",
        ThreadKind kind = ThreadKind.Question, string? tags = null)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DiscussionService>()
            .CreateThreadAsync(slug, new ThreadInput(kind, title ?? "Vraag " + Guid.NewGuid().ToString("N")[..8], body, tags), new Actor(author.Id, false));
    }

    public static async Task<int> ReplyAsync(this AppFactory app, string slug, int threadId, TestUser author, string body = "Wij doen het zo.")
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DiscussionService>().ReplyAsync(slug, threadId, body, false, new Actor(author.Id, false));
    }
}
