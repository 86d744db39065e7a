using Community.Core.Accounts;
using Community.Core.Communities;

namespace Community.Core.Discussions;

public enum ThreadKind
{
    Discussion = 0,
    Question = 1,
}

/// <summary>
/// A discussion or question in one community. Its opening text is its first <see cref="Post"/>, so editing,
/// revisions, votes, reports and hiding work the same for the opening text as for every reply.
/// The counters are kept up to date by <see cref="DiscussionService"/> so the list never counts rows per thread.
/// </summary>
public class DiscussionThread
{
    public int Id { get; set; }
    public int CommunityId { get; set; }
    public LearningCommunity? Community { get; set; }
    public ThreadKind Kind { get; set; }
    public string Title { get; set; } = "";
    public string? AuthorId { get; set; }
    public User? Author { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }
    public bool IsLocked { get; set; }
    public bool IsPinned { get; set; }
    /// <summary>Hidden by a coordinator as a whole (its opening post was hidden): only coordinators see it.</summary>
    public bool IsHidden { get; set; }
    public int? AcceptedPostId { get; set; }
    /// <summary>When the current accepted answer was chosen (the digest reports answers accepted in its period).</summary>
    public DateTimeOffset? AcceptedAt { get; set; }
    /// <summary>Visible replies (not hidden, not deleted).</summary>
    public int ReplyCount { get; set; }
    /// <summary>"Nuttig" votes on the opening post, for sorting by votes.</summary>
    public int UsefulCount { get; set; }
    public List<ThreadTag> Tags { get; set; } = [];
    public List<Post> Posts { get; set; } = [];
}

public class ThreadTag
{
    public int Id { get; set; }
    public int ThreadId { get; set; }
    public string Name { get; set; } = "";
}

public class Post
{
    public int Id { get; set; }
    public int ThreadId { get; set; }
    public DiscussionThread? Thread { get; set; }
    public bool IsOpening { get; set; }
    public string? AuthorId { get; set; }
    public User? Author { get; set; }
    public string Body { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    /// <summary>Deleted by its author: the thread shows a placeholder, the text stays for moderators' history.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
    public DateTimeOffset? HiddenAt { get; set; }
    public string? HiddenById { get; set; }
    public int UsefulCount { get; set; }
    public List<PostRevision> Revisions { get; set; } = [];

    public bool IsVisible => DeletedAt is null && HiddenAt is null;
}

/// <summary>One version of a post as it was saved: the first is the original, each edit adds one.</summary>
public class PostRevision
{
    public int Id { get; set; }
    public int PostId { get; set; }
    public string? EditorId { get; set; }
    public User? Editor { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The thread title at this version, for opening posts.</summary>
    public string? Title { get; set; }
    public string Body { get; set; } = "";
}

/// <summary>"Nuttig": one per member per post; the unique key makes a double click or a race one vote.</summary>
public class PostVote
{
    public int PostId { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

public enum ReportReason
{
    PersonalData = 0,
    Inappropriate = 1,
    Spam = 2,
    Other = 3,
}

public enum ReportResolution
{
    Hidden = 0,
    Kept = 1,
    Warned = 2,
}

public class PostReport
{
    public int Id { get; set; }
    public int PostId { get; set; }
    public Post? Post { get; set; }
    public string? ReporterId { get; set; }
    public User? Reporter { get; set; }
    public ReportReason Reason { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedById { get; set; }
    public ReportResolution? Resolution { get; set; }
}

public class ThreadFollow
{
    public int ThreadId { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset Since { get; set; }
}

public enum NotificationKind
{
    Reply = 0,
    Mention = 1,
    AcceptedAnswer = 2,
    Warning = 3,
    /// <summary>Named with @Name in a community's chat: the notification points at a chat message, not a thread.</summary>
    ChatMention = 4,
}

/// <summary>
/// An in-app notification. It names a post (or, for <see cref="NotificationKind.ChatMention"/>, a chat message), never copies
/// its text: what is shown is read at display time, under the reader's current rights. Exactly one of
/// <see cref="ThreadId"/> and <see cref="ChatMessageId"/> is set.
/// </summary>
public class Notification
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public NotificationKind Kind { get; set; }
    public int? ThreadId { get; set; }
    public DiscussionThread? Thread { get; set; }
    public int? PostId { get; set; }
    public long? ChatMessageId { get; set; }
    public Chat.ChatMessage? ChatMessage { get; set; }
    public string? ActorId { get; set; }
    public User? Actor { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
