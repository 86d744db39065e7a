using Community.Core.Accounts;
using Community.Core.Communities;

namespace Community.Core.Chat;

/// <summary>One message in a community's chat. The id orders the chat: catch-up after a reconnect asks for everything after the last id seen.</summary>
public class ChatMessage
{
    public long Id { get; set; }
    public int CommunityId { get; set; }
    public LearningCommunity? Community { get; set; }
    public string? AuthorId { get; set; }
    public User? Author { get; set; }
    /// <summary>Made by the sender's browser (or the form): a retry with the same id is the same message, never a second one.</summary>
    public string ClientId { get; set; } = "";
    /// <summary>The text as written; emptied when the message is deleted.</summary>
    public string Body { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    /// <summary>The question thread this message was promoted to, so the chat can link to it.</summary>
    public int? PromotedThreadId { get; set; }
    /// <summary>The lesson (wiki page) this message was promoted to, so the chat can link to it.</summary>
    public int? PromotedWikiPageId { get; set; }
}

/// <summary>A member mentioned with @Name in a chat message; each one also got a <see cref="Discussions.NotificationKind.ChatMention"/> notification.</summary>
public class ChatMention
{
    public long MessageId { get; set; }
    public ChatMessage? Message { get; set; }
    public string UserId { get; set; } = "";
}

/// <summary>How far a member has read a community's chat: the unread count is the messages after this id.</summary>
public class ChatReadMark
{
    public string UserId { get; set; } = "";
    public int CommunityId { get; set; }
    public long LastReadId { get; set; }
}

public static class ChatRules
{
    public const int BodyMaxLength = 4000;
    public const int ClientIdMaxLength = 64;
    public const int PageSize = 50;
    public const int MaxPromote = 30;
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(10);
}
