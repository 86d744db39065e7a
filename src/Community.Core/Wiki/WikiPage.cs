using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Communities;

namespace Community.Core.Wiki;

/// <summary>A page of a community's wiki. Its text lives in its revisions; the newest is the current one.</summary>
public class WikiPage
{
    public int Id { get; set; }
    public int CommunityId { get; set; }
    public LearningCommunity? Community { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";

    /// <summary>
    /// The number of the current revision. Also the concurrency token: a save states the revision it started from,
    /// and two saves from the same base cannot both win (the second's UPDATE matches no row).
    /// </summary>
    public int RevisionNumber { get; set; }

    /// <summary>A lesson learned (Les geleerd): a page made from the lesson template, with a theme and tags, listed under Lessen.</summary>
    public bool IsLesson { get; set; }
    public int? ThemeId { get; set; }
    public Theme? Theme { get; set; }
    public List<WikiPageTag> Tags { get; set; } = [];
    /// <summary>The question whose accepted answer this lesson was made from; cleared when the thread is deleted.</summary>
    public int? SourceThreadId { get; set; }
    public Discussions.DiscussionThread? SourceThread { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Deleted pages are hidden, not gone: a coordinator or admin restores them.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public List<WikiRevision> Revisions { get; set; } = [];
}

public class WikiRevision
{
    public int Id { get; set; }
    public int PageId { get; set; }
    public WikiPage? Page { get; set; }
    /// <summary>1, 2, 3, … per page.</summary>
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Summary { get; set; }
    public string? AuthorId { get; set; }
    public User? Author { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public class WikiPageTag
{
    public int Id { get; set; }
    public int PageId { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>A renamed page's old address, so links and bookmarks keep working.</summary>
public class WikiRedirect
{
    public int Id { get; set; }
    public int CommunityId { get; set; }
    public string Slug { get; set; } = "";
    public int PageId { get; set; }
    public WikiPage? Page { get; set; }
}

/// <summary>A [[link]] in a page's current text, by the slug of the title it names (which may not exist yet).</summary>
public class WikiLink
{
    public int Id { get; set; }
    public int FromPageId { get; set; }
    public WikiPage? FromPage { get; set; }
    public string TargetSlug { get; set; } = "";
}
