using Community.Core.Chat;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Core.KnowledgeQuestions;
using Community.Core.Pilots;
using Community.Core.Wiki;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace Community.Core.Search;

/// <summary>
/// "This source changed": one row per change, written in the same transaction as the change, so the index can be late but
/// never miss one. The sequence number orders them; every web node follows it with its own index.
/// </summary>
public class SearchOutboxEntry
{
    public long Sequence { get; set; }
    /// <summary>A document key ("post:42") or a key that stands for many documents ("community:3"); see <see cref="SearchKeys"/>.</summary>
    public string DocumentKey { get; set; } = "";
    public DateTimeOffset EnqueuedAt { get; set; }
}

/// <summary>
/// The keys of the index. A document key names one indexed row; the "…all" and community keys name every document that shows
/// something of the row (a pilot's title and municipalities are on every post of its community), and the follower expands them.
/// </summary>
public static class SearchKeys
{
    public static string Pilot(int id) => $"pilot:{id}";
    public static string Thread(int id) => $"thread:{id}";
    public static string Post(int id) => $"post:{id}";
    public static string Wiki(int id) => $"wiki:{id}";
    public static string Evaluation(int id) => $"evaluation:{id}";
    public static string KnowledgeQuestion(int id) => $"kq:{id}";
    public static string Chat(long id) => $"chat:{id}";

    /// <summary>The pilot, its evaluation and knowledge questions, and everything in its community.</summary>
    public static string PilotAll(int id) => $"pilotall:{id}";
    /// <summary>Everything in the community (its visibility changed).</summary>
    public static string Community(int id) => $"community:{id}";
    /// <summary>The thread and all its replies (moved, or hidden as a whole).</summary>
    public static string ThreadAll(int id) => $"threadall:{id}";

    /// <summary>Not a document: an index was rebuilt through this sequence, and its followers apply the rows after it again.</summary>
    public static string Rebuilt(long through) => $"rebuilt:{through}";

    public static bool TryParse(string key, out string kind, out long id)
    {
        var colon = key.IndexOf(':');
        kind = colon > 0 ? key[..colon] : "";
        id = 0;
        return colon > 0 && long.TryParse(key.AsSpan(colon + 1), out id);
    }
}

/// <summary>Writes outbox rows for tracked changes (see <see cref="Data.CommunityDbContext"/>) and for the services' bulk UPDATEs.</summary>
public static class SearchOutbox
{
    private static TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Adds rows to the context; they are saved with its next SaveChanges, in the caller's transaction.</summary>
    public static void Enqueue(Data.CommunityDbContext db, params string[] keys)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var key in keys.Distinct()) db.SearchOutbox.Add(new SearchOutboxEntry { DocumentKey = key, EnqueuedAt = now });
    }

    /// <summary>Wakes every follower of this process, so a local change is indexed at once rather than at the next poll.</summary>
    public static void Wake() => Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next <see cref="Wake"/>; taken before reading the outbox, so a commit during the read is not missed.</summary>
    public static Task NextWake() => Volatile.Read(ref _wake).Task;

    /// <summary>
    /// Reads what the tracker is about to save. A new row has no id yet, so each change becomes a function that names its keys
    /// after the save; deleted rows are read now, while their values are still there.
    /// </summary>
    internal static List<Func<IEnumerable<string>>> Collect(ChangeTracker tracker)
    {
        var result = new List<Func<IEnumerable<string>>>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            var keys = KeysFor(entry);
            if (keys is null) continue;
            if (entry.State == EntityState.Deleted)
            {
                var now = keys().ToList();
                result.Add(() => now);
            }
            else
            {
                result.Add(keys);
            }
        }
        return result;
    }

    private static Func<IEnumerable<string>>? KeysFor(EntityEntry entry)
    {
        bool Changed(string property) => entry.State != EntityState.Modified || entry.Property(property).IsModified;
        switch (entry.Entity)
        {
            case Pilot p:
                return entry.State == EntityState.Added ? () => [SearchKeys.Pilot(p.Id)] : () => [SearchKeys.PilotAll(p.Id)];
            case ProgressUpdate u:
                return () => [SearchKeys.Pilot(u.PilotId)];
            case LearningCommunity c:
                if (entry.State == EntityState.Added || !Changed(nameof(LearningCommunity.Visibility))) return null;
                return () => [SearchKeys.Community(c.Id)];
            case DiscussionThread t:
                if (entry.State != EntityState.Modified) return () => [SearchKeys.Thread(t.Id)];
                // Moving, hiding or accepting changes the replies' documents too (community, visibility, boost).
                if (Changed(nameof(DiscussionThread.CommunityId)) || Changed(nameof(DiscussionThread.IsHidden)) || Changed(nameof(DiscussionThread.AcceptedPostId)))
                    return () => [SearchKeys.ThreadAll(t.Id)];
                return Changed(nameof(DiscussionThread.Title)) || Changed(nameof(DiscussionThread.Kind)) ? () => [SearchKeys.Thread(t.Id)] : null;
            case ThreadTag tag:
                return () => [SearchKeys.Thread(tag.ThreadId)];
            case Post post:
                if (entry.State == EntityState.Modified && !Changed(nameof(Post.Body)) && !Changed(nameof(Post.DeletedAt)) && !Changed(nameof(Post.HiddenAt)))
                    return null;
                return () => [post.IsOpening ? SearchKeys.Thread(post.ThreadId) : SearchKeys.Post(post.Id)];
            case WikiPage page:
                return () => [SearchKeys.Wiki(page.Id)];
            case WikiRevision revision:
                return () => [SearchKeys.Wiki(revision.PageId)];
            case WikiPageTag wikiTag:
                return () => [SearchKeys.Wiki(wikiTag.PageId)];
            case Evaluation evaluation:
                return () => [SearchKeys.Evaluation(evaluation.Id)];
            case KnowledgeQuestion question:
                if (entry.State == EntityState.Modified && !Changed(nameof(KnowledgeQuestion.Text)) && !Changed(nameof(KnowledgeQuestion.Explanation))
                    && !Changed(nameof(KnowledgeQuestion.SourcePilotId)) && !Changed(nameof(KnowledgeQuestion.TakenUpByPilotId)))
                    return null;
                return () => [SearchKeys.KnowledgeQuestion(question.Id)];
            case ChatMessage message:
                return () => [SearchKeys.Chat(message.Id)];
            case Dictionary<string, object> join when entry.Metadata.Name is "PilotMunicipalities" or "PilotThemes":
                return () => [SearchKeys.PilotAll((int)join["PilotId"])];
            default:
                return null;
        }
    }
}

/// <summary>Wakes the followers when a transaction commits; a row saved inside one is not readable before.</summary>
internal sealed class SearchOutboxCommitSignal : DbTransactionInterceptor
{
    public static readonly SearchOutboxCommitSignal Instance = new();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => SearchOutbox.Wake();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SearchOutbox.Wake();
        return Task.CompletedTask;
    }
}
