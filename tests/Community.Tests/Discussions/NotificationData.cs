using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Tests.Discussions;

/// <summary>
/// Discussion data for the notification and feed tests, made through the real Core services (as the thread pages do),
/// so these tests do not depend on the thread pages.
/// </summary>
internal static class NotificationData
{
    private static async Task<T> WithAsync<TService, T>(AppFactory app, Func<TService, Task<T>> call) where TService : notnull
    {
        using var scope = app.Services.CreateScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static Actor As(TestUser user, bool admin = false) => new(user.Id, admin);

    public static Task<int> NewThreadAsync(this AppFactory app, string slug, TestUser author, string title, string body = "Hoe pakken jullie dit aan?",
        ThreadKind kind = ThreadKind.Discussion, bool admin = false) =>
        WithAsync<DiscussionService, int>(app, s => s.CreateThreadAsync(slug, new ThreadInput(kind, title, body, null), As(author, admin)));

    public static Task<int> NewReplyAsync(this AppFactory app, string slug, int threadId, TestUser author, string body = "Wij werken met een vast aanspreekpunt.") =>
        WithAsync<DiscussionService, int>(app, s => s.ReplyAsync(slug, threadId, body, false, As(author)));

    public static Task AcceptAnswerAsync(this AppFactory app, string slug, int threadId, int postId, TestUser asker) =>
        WithAsync<DiscussionService, bool>(app, async s => { await s.AcceptAsync(slug, threadId, postId, true, As(asker)); return true; });

    public static Task DeletePostAsync(this AppFactory app, string slug, int threadId, int postId, TestUser author) =>
        WithAsync<DiscussionService, bool>(app, async s => { await s.DeleteAsync(slug, threadId, postId, As(author)); return true; });

    public static Task<int> OpeningPostIdAsync(this AppFactory app, int threadId) =>
        app.QueryAsync(db => Task.FromResult(db.Posts.Single(p => p.ThreadId == threadId && p.IsOpening).Id));

    public static Task HidePostAsync(this AppFactory app, string slug, int threadId, int postId, TestUser admin) =>
        WithAsync<ModerationService, bool>(app, async s => { await s.HideAsync(slug, threadId, postId, true, As(admin, true)); return true; });

    public static Task WarnAuthorAsync(this AppFactory app, string slug, int threadId, int postId, TestUser reporter, TestUser admin) =>
        WithAsync<ModerationService, bool>(app, async s =>
        {
            await s.ReportAsync(slug, threadId, postId, ReportReason.Inappropriate, null, As(reporter));
            await s.ResolveAsync(slug, postId, ReportResolution.Warned, As(admin, true));
            return true;
        });

    public static Task RemoveMemberAsync(this AppFactory app, string slug, TestUser member, TestUser admin) =>
        WithAsync<CommunityService, bool>(app, async s => { await s.RemoveMemberAsync(slug, member.Id, As(admin, true)); return true; });

    public static Task<string> FeedTokenOfAsync(this AppFactory app, TestUser user, bool renew = false) =>
        WithAsync<NotificationService, string>(app, s => s.FeedTokenAsync(As(user), renew));

    public static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..6]}";
}
