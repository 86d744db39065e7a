using System.IO.Compression;
using System.Text;
using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Communities;
using Community.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Wiki;

/// <summary>The community a wiki belongs to, and what the actor may do there.</summary>
public sealed record WikiContext(int CommunityId, int PilotId, string PilotSlug, string PilotTitle, CommunityPermissions Permissions)
{
    /// <summary>Members write; coordinators and admins too (admins moderate without joining).</summary>
    public bool CanEdit => Permissions.CanWrite || Permissions.CanManage;
    public bool CanManage => Permissions.CanManage;
    public string Url(string pageSlug) => $"/pilots/{PilotSlug}/wiki/{pageSlug}";
}

public sealed record WikiPageInput
{
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public string? Summary { get; init; }
    public bool IsLesson { get; init; }
    public int? ThemeId { get; init; }
    public string? Tags { get; init; }
    /// <summary>The revision the editor started from; 0 for a new page.</summary>
    public int BaseRevision { get; init; }
    /// <summary>The question a new lesson is made from (its accepted answer); only a coordinator or admin of its community sets it.</summary>
    public int? SourceThreadId { get; init; }
}

/// <summary>The question a lesson was made from, as a link.</summary>
public sealed record LessonSource(string Url, string Title);

public sealed record WikiPageListItem(string Slug, string Title, bool IsLesson, DateTimeOffset UpdatedAt, int Revisions, DateTimeOffset? DeletedAt);

public sealed record WikiIndex(WikiContext Context, IReadOnlyList<WikiPageListItem> Pages, IReadOnlyList<WikiPageListItem> Deleted);

public sealed record WikiRevisionView(int Number, string Title, string Body, string? Summary, string? AuthorName, DateTimeOffset CreatedAt);

public sealed record WikiPageView(
    WikiContext Context, int PageId, string Slug, string Title, bool IsLesson, string? Theme, IReadOnlyList<string> Tags,
    DateTimeOffset? DeletedAt, WikiRevisionView Current, WikiHtml Html, IReadOnlyList<(string Slug, string Title)> LinksHere)
{
    /// <summary>The question this lesson was made from, when the reader may read it.</summary>
    public LessonSource? Source { get; init; }
}

/// <summary>Either the page or, for an old address of a renamed page, where it lives now.</summary>
public sealed record WikiLookup(WikiPageView? Page, string? RedirectTo);

public sealed record WikiHistoryItem(int Number, string Title, string? Summary, string? AuthorName, DateTimeOffset CreatedAt, int Length);

public sealed record WikiHistory(WikiContext Context, string Slug, string Title, int Current, IReadOnlyList<WikiHistoryItem> Revisions);

public sealed record WikiDiff(WikiContext Context, string Slug, string Title, WikiRevisionView From, WikiRevisionView To,
    IReadOnlyList<DiffSegment> TitleDiff, IReadOnlyList<DiffSegment> BodyDiff);

public sealed record LessonFilter(int? ThemeId = null, int? MunicipalityId = null, string? PilotSlug = null, string? Tag = null);

public sealed record LessonListItem(string PilotSlug, string PilotTitle, string Slug, string Title, string? Theme, IReadOnlyList<string> Tags,
    string Excerpt, DateTimeOffset UpdatedAt, CommunityVisibility Visibility);

/// <summary>The page changed since the editor opened it; <see cref="Current"/> is what is there now.</summary>
public sealed class EditConflictException(WikiRevisionView current) : Exception("The page was changed by someone else.")
{
    public WikiRevisionView Current { get; } = current;
}

public sealed record ImportResult(int Created, int Updated, int Skipped);

public sealed class WikiService(CommunityDbContext db, TimeProvider clock)
{
    public const int MaxBodyLength = 200_000;
    public const int MaxTags = 10;
    public const int HistoryPageSize = 100;

    /// <summary>URL segments of the wiki's own pages; a page cannot take them as its address.</summary>
    private static readonly string[] ReservedSlugs = ["nieuw", "export"];

    /// <summary>The body a new lesson starts with: the method's template for a lesson learned.</summary>
    public const string LessonTemplate = "## Context\n\n\n\n## Wat we deden\n\n\n\n## Wat we leerden\n\n\n\n## Advies voor de volgende pilot\n\n";

    public static string SlugFor(string title)
    {
        var slug = Slugs.From(title);
        if (slug == "pilot" && !title.Contains("pilot", StringComparison.OrdinalIgnoreCase)) slug = "pagina";
        return ReservedSlugs.Contains(slug) ? slug + "-pagina" : slug;
    }

    public async Task<WikiContext> ContextAsync(string pilotSlug, Actor actor, CancellationToken ct = default)
    {
        var row = await db.Communities.AsNoTracking().Where(c => c.Pilot!.Slug == pilotSlug)
            .Select(c => new { c.Id, c.PilotId, c.Visibility, c.Pilot!.Title }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("pilot");
        var permissions = await CommunityPermissions.ForAsync(db, row.Id, row.Visibility, actor, ct);
        // A Closed community's wiki: nothing of it for outsiders (sign in, or 403 when signed in).
        if (!permissions.CanRead) throw new ForbiddenException("Closed community.");
        return new WikiContext(row.Id, row.PilotId, pilotSlug, row.Title, permissions);
    }

    private async Task<WikiContext> EditContextAsync(string pilotSlug, Actor actor, CancellationToken ct)
    {
        var context = await ContextAsync(pilotSlug, actor, ct);
        if (!context.CanEdit) throw new ForbiddenException("Only members write in the wiki.");
        return context;
    }

    private async Task<WikiContext> ManageContextAsync(string pilotSlug, Actor actor, CancellationToken ct)
    {
        var context = await ContextAsync(pilotSlug, actor, ct);
        if (!context.CanManage) throw new ForbiddenException("Only coordinators and admins delete and restore pages.");
        return context;
    }

    public async Task<WikiIndex> IndexAsync(string pilotSlug, Actor actor, CancellationToken ct = default)
    {
        var context = await ContextAsync(pilotSlug, actor, ct);
        var pages = await db.WikiPages.AsNoTracking().Where(p => p.CommunityId == context.CommunityId)
            .OrderBy(p => p.Title)
            .Select(p => new WikiPageListItem(p.Slug, p.Title, p.IsLesson, p.UpdatedAt, p.RevisionNumber, p.DeletedAt))
            .ToListAsync(ct);
        return new WikiIndex(context, pages.Where(p => p.DeletedAt is null).ToList(),
            context.CanManage ? pages.Where(p => p.DeletedAt is not null).ToList() : []);
    }

    public async Task<WikiLookup> GetAsync(string pilotSlug, string pageSlug, Actor actor, string missingText, CancellationToken ct = default)
    {
        var context = await ContextAsync(pilotSlug, actor, ct);
        var page = await db.WikiPages.AsNoTracking().Include(p => p.Tags).Include(p => p.Theme)
            .FirstOrDefaultAsync(p => p.CommunityId == context.CommunityId && p.Slug == pageSlug, ct);
        if (page is null)
        {
            var redirect = await db.WikiRedirects.AsNoTracking()
                .Where(r => r.CommunityId == context.CommunityId && r.Slug == pageSlug && r.Page!.DeletedAt == null)
                .Select(r => r.Page!.Slug).FirstOrDefaultAsync(ct);
            return redirect is null ? throw new NotFoundException("wiki page") : new WikiLookup(null, context.Url(redirect));
        }
        if (page.DeletedAt is not null && !context.CanManage) throw new NotFoundException("wiki page");
        var current = await RevisionViewAsync(page.Id, page.RevisionNumber, ct);
        var resolver = await ResolverAsync(context, ct);
        var html = Markdown.ToWikiHtml(current.Body, resolver, missingText);
        var slugs = await db.WikiRedirects.AsNoTracking().Where(r => r.PageId == page.Id).Select(r => r.Slug).ToListAsync(ct);
        slugs.Add(page.Slug);
        var linksHere = (await db.WikiLinks.AsNoTracking()
            .Where(l => slugs.Contains(l.TargetSlug) && l.FromPage!.CommunityId == context.CommunityId && l.FromPage.DeletedAt == null && l.FromPageId != page.Id)
            .Select(l => new { l.FromPage!.Slug, l.FromPage.Title }).Distinct().ToListAsync(ct))
            .OrderBy(l => l.Title).Select(l => (l.Slug, l.Title)).ToList();
        return new WikiLookup(new WikiPageView(context, page.Id, page.Slug, page.Title, page.IsLesson, page.Theme?.Name,
            page.Tags.Select(t => t.Name).Order().ToList(), page.DeletedAt, current, html, linksHere)
        {
            Source = page.SourceThreadId is int threadId ? await ReadableSourceAsync(context, threadId, actor, ct) : null,
        }, null);
    }

    /// <summary>
    /// The source question as a link, if the reader may read it. A moved thread can live in another community than the lesson,
    /// so its own community's rights decide.
    /// </summary>
    private async Task<LessonSource?> ReadableSourceAsync(WikiContext context, int threadId, Actor actor, CancellationToken ct)
    {
        var t = await db.Threads.AsNoTracking().Where(t => t.Id == threadId)
            .Select(t => new { t.Title, t.IsHidden, t.CommunityId, t.Community!.Visibility, PilotSlug = t.Community.Pilot!.Slug })
            .FirstOrDefaultAsync(ct);
        if (t is null) return null;
        var permissions = t.CommunityId == context.CommunityId
            ? context.Permissions
            : await CommunityPermissions.ForAsync(db, t.CommunityId, t.Visibility, actor, ct);
        if (!permissions.CanRead || (t.IsHidden && !permissions.CanManage)) return null;
        return new LessonSource(Discussions.DiscussionUrls.Thread(t.PilotSlug, threadId, t.Title), t.Title);
    }

    /// <summary>
    /// A new lesson filled in from a question and its accepted answer, for a coordinator or admin of the question's community.
    /// Null when the actor may not use it or there is nothing to make a lesson of, so no text of the thread leaves it.
    /// </summary>
    public async Task<WikiPageInput?> LessonDraftAsync(WikiContext context, int threadId, CancellationToken ct = default)
    {
        if (!context.CanManage) return null;
        var t = await db.Threads.AsNoTracking()
            .Where(t => t.Id == threadId && t.CommunityId == context.CommunityId && t.Kind == Discussions.ThreadKind.Question
                && !t.IsHidden && t.AcceptedPostId != null)
            .Select(t => new
            {
                t.Title, Tags = t.Tags.OrderBy(x => x.Name).Select(x => x.Name).ToList(),
                Question = t.Posts.Where(p => p.IsOpening && p.DeletedAt == null && p.HiddenAt == null).Select(p => p.Body).FirstOrDefault(),
                Answer = t.Posts.Where(p => p.Id == t.AcceptedPostId && p.DeletedAt == null && p.HiddenAt == null)
                    .Select(p => new { p.Body, AuthorName = p.Author == null ? null : p.Author.DisplayName }).FirstOrDefault(),
            }).FirstOrDefaultAsync(ct);
        if (t?.Answer is null) return null;
        var url = Discussions.DiscussionUrls.Thread(context.PilotSlug, threadId, t.Title);
        var title = ("Les: " + t.Title.Replace('[', '(').Replace(']', ')').Replace('|', '/')).Trim();
        var body = "## Context\n\n" + (t.Question ?? "").Trim() + "\n\n## Wat we deden\n\n\n\n## Wat we leerden\n\n" + t.Answer.Body.Trim()
            + "\n\n*Antwoord van " + MarkdownText(t.Answer.AuthorName ?? "een oud-lid") + ", uit de vraag [" + MarkdownText(t.Title) + "](" + url + ").*"
            + "\n\n## Advies voor de volgende pilot\n\n";
        return new WikiPageInput
        {
            Title = title.Length > 200 ? title[..200] : title, Body = body, IsLesson = true, Tags = string.Join(", ", t.Tags), SourceThreadId = threadId,
        };
    }

    /// <summary>Text that Markdown shows as it is (names and titles inside emphasis and link labels).</summary>
    private static string MarkdownText(string s) =>
        System.Text.RegularExpressions.Regex.Replace(s, @"[\\`*_{}\[\]<>()#+!|~-]", @"\$0");

    /// <summary>The current values of a page as editor input, with the revision they belong to.</summary>
    public async Task<(WikiContext Context, WikiPageInput Input)> GetInputAsync(string pilotSlug, string pageSlug, Actor actor, CancellationToken ct = default)
    {
        var context = await EditContextAsync(pilotSlug, actor, ct);
        var page = await LivePageAsync(context, pageSlug, tracking: false, ct);
        var current = await RevisionViewAsync(page.Id, page.RevisionNumber, ct);
        return (context, new WikiPageInput
        {
            Title = page.Title, Body = current.Body, IsLesson = page.IsLesson, ThemeId = page.ThemeId,
            Tags = string.Join(", ", page.Tags.Select(t => t.Name).Order()), BaseRevision = page.RevisionNumber,
        });
    }

    /// <summary>Checks that the actor may create a page here (for showing the form).</summary>
    public Task<WikiContext> CanCreateAsync(string pilotSlug, Actor actor, CancellationToken ct = default) => EditContextAsync(pilotSlug, actor, ct);

    public async Task<string> CreateAsync(string pilotSlug, WikiPageInput input, Actor actor, CancellationToken ct = default) =>
        await CreateInContextAsync(await EditContextAsync(pilotSlug, actor, ct), input, actor, ct);

    /// <summary>
    /// Saves a new revision. When the page changed since <see cref="WikiPageInput.BaseRevision"/>, nothing is saved and
    /// <see cref="EditConflictException"/> carries the text that is there now, so the editor can merge and try again.
    /// </summary>
    public async Task<string> UpdateAsync(string pilotSlug, string pageSlug, WikiPageInput input, Actor actor, CancellationToken ct = default)
    {
        var context = await EditContextAsync(pilotSlug, actor, ct);
        return await SaveRevisionAsync(context, pageSlug, input, actor, ct);
    }

    private async Task<string> SaveRevisionAsync(WikiContext context, string pageSlug, WikiPageInput input, Actor actor, CancellationToken ct)
    {
        var page = await LivePageAsync(context, pageSlug, tracking: true, ct);
        if (input.BaseRevision != page.RevisionNumber)
            throw new EditConflictException(await RevisionViewAsync(page.Id, page.RevisionNumber, ct));
        var (title, body, tags) = Validate(input);
        if (input.ThemeId is int themeId && !await db.Themes.AnyAsync(t => t.Id == themeId, ct))
            throw new RuleException("Een gekozen thema bestaat niet (meer).", nameof(WikiPageInput.ThemeId));
        var newSlug = SlugFor(title);
        var renamed = newSlug != page.Slug;
        if (renamed)
        {
            if (await db.WikiPages.AnyAsync(p => p.CommunityId == context.CommunityId && p.Slug == newSlug && p.Id != page.Id, ct))
                throw new RuleException("Er is al een pagina met de titel {0}.", nameof(WikiPageInput.Title), title);
            db.WikiRedirects.RemoveRange(db.WikiRedirects.Where(r => r.CommunityId == context.CommunityId && r.Slug == newSlug));
            if (!await db.WikiRedirects.AnyAsync(r => r.CommunityId == context.CommunityId && r.Slug == page.Slug, ct))
                db.WikiRedirects.Add(new WikiRedirect { CommunityId = context.CommunityId, Slug = page.Slug, PageId = page.Id });
            page.Slug = newSlug;
        }
        var now = clock.GetUtcNow();
        page.Title = title;
        page.RevisionNumber++;
        page.UpdatedAt = now;
        if (page.IsLesson)
        {
            page.ThemeId = input.ThemeId;
            page.Tags.RemoveAll(t => !tags.Contains(t.Name));
            foreach (var tag in tags.Where(t => page.Tags.All(x => x.Name != t))) page.Tags.Add(new WikiPageTag { Name = tag });
        }
        db.WikiRevisions.Add(new WikiRevision
        {
            PageId = page.Id, Number = page.RevisionNumber, Title = title, Body = body, Summary = Clean(input.Summary),
            AuthorId = actor.UserId, CreatedAt = now,
        });
        db.WikiLinks.RemoveRange(db.WikiLinks.Where(l => l.FromPageId == page.Id));
        SetLinks(page, body);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Someone saved between our check and our write: the revision-number token (or the unique revision number) stopped us.
            db.ChangeTracker.Clear();
            var fresh = await db.WikiPages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == page.Id, ct);
            if (fresh is not null && fresh.RevisionNumber == input.BaseRevision && renamed)
                throw new RuleException("Er is al een pagina met de titel {0}.", nameof(WikiPageInput.Title), title);
            if (fresh is null || fresh.RevisionNumber == input.BaseRevision) throw new InvalidOperationException("Saving a wiki revision failed.", e);
            throw new EditConflictException(await RevisionViewAsync(page.Id, fresh.RevisionNumber, ct));
        }
        return page.Slug;
    }

    public async Task<WikiHistory> HistoryAsync(string pilotSlug, string pageSlug, Actor actor, CancellationToken ct = default)
    {
        var context = await ContextAsync(pilotSlug, actor, ct);
        var page = await LivePageAsync(context, pageSlug, tracking: false, ct);
        var revisions = await db.WikiRevisions.AsNoTracking().Where(r => r.PageId == page.Id)
            .OrderByDescending(r => r.Number)
            .Select(r => new WikiHistoryItem(r.Number, r.Title, r.Summary, r.Author == null ? null : r.Author.DisplayName, r.CreatedAt, r.Body.Length))
            .ToListAsync(ct);
        return new WikiHistory(context, page.Slug, page.Title, page.RevisionNumber, revisions);
    }

    public async Task<(WikiContext Context, string Slug, WikiRevisionView Revision, int Current)> RevisionAsync(
        string pilotSlug, string pageSlug, int number, Actor actor, CancellationToken ct = default)
    {
        var context = await ContextAsync(pilotSlug, actor, ct);
        var page = await LivePageAsync(context, pageSlug, tracking: false, ct);
        if (number < 1 || number > page.RevisionNumber) throw new NotFoundException("revision");
        return (context, page.Slug, await RevisionViewAsync(page.Id, number, ct), page.RevisionNumber);
    }

    public async Task<WikiDiff> DiffAsync(string pilotSlug, string pageSlug, int from, int to, Actor actor, CancellationToken ct = default)
    {
        var context = await ContextAsync(pilotSlug, actor, ct);
        var page = await LivePageAsync(context, pageSlug, tracking: false, ct);
        if (from < 1 || to < 1 || from > page.RevisionNumber || to > page.RevisionNumber) throw new NotFoundException("revision");
        if (from > to) (from, to) = (to, from);
        var a = await RevisionViewAsync(page.Id, from, ct);
        var b = await RevisionViewAsync(page.Id, to, ct);
        return new WikiDiff(context, page.Slug, page.Title, a, b, WordDiff.Compute(a.Title, b.Title), WordDiff.Compute(a.Body, b.Body));
    }

    /// <summary>Makes an old revision's text the newest revision; the history keeps everything in between.</summary>
    public async Task<string> RestoreRevisionAsync(string pilotSlug, string pageSlug, int number, Actor actor, CancellationToken ct = default)
    {
        var context = await EditContextAsync(pilotSlug, actor, ct);
        var page = await LivePageAsync(context, pageSlug, tracking: false, ct);
        if (number < 1 || number > page.RevisionNumber) throw new NotFoundException("revision");
        var old = await RevisionViewAsync(page.Id, number, ct);
        return await SaveRevisionAsync(context, pageSlug, new WikiPageInput
        {
            Title = old.Title, Body = old.Body, Summary = $"Versie {number} teruggezet", IsLesson = page.IsLesson, ThemeId = page.ThemeId,
            Tags = string.Join(",", page.Tags.Select(t => t.Name)), BaseRevision = page.RevisionNumber,
        }, actor, ct);
    }

    public async Task DeleteAsync(string pilotSlug, string pageSlug, Actor actor, CancellationToken ct = default)
    {
        var context = await ManageContextAsync(pilotSlug, actor, ct);
        var page = await LivePageAsync(context, pageSlug, tracking: true, ct);
        page.DeletedAt = clock.GetUtcNow();
        AuditLog.Record(db, clock, actor, "wiki.delete", $"pilot:{pilotSlug}", page.Slug);
        await db.SaveChangesAsync(ct);
    }

    public async Task UndeleteAsync(string pilotSlug, string pageSlug, Actor actor, CancellationToken ct = default)
    {
        var context = await ManageContextAsync(pilotSlug, actor, ct);
        var page = await db.WikiPages.FirstOrDefaultAsync(p => p.CommunityId == context.CommunityId && p.Slug == pageSlug && p.DeletedAt != null, ct)
            ?? throw new NotFoundException("wiki page");
        page.DeletedAt = null;
        AuditLog.Record(db, clock, actor, "wiki.restore", $"pilot:{pilotSlug}", page.Slug);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The lessons the actor may read, across all pilots: Closed communities only for their members and admins.</summary>
    public async Task<IReadOnlyList<LessonListItem>> LessonsAsync(LessonFilter filter, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.UserId;
        var query = db.WikiPages.AsNoTracking().Where(p => p.IsLesson && p.DeletedAt == null);
        if (!actor.IsAdmin)
            query = query.Where(p => p.Community!.Visibility == CommunityVisibility.Open
                || (userId != null && p.Community.Memberships.Any(m => m.UserId == userId && m.Status == MembershipStatus.Active)));
        if (filter.ThemeId is int themeId) query = query.Where(p => p.ThemeId == themeId);
        if (filter.MunicipalityId is int municipalityId) query = query.Where(p => p.Community!.Pilot!.Municipalities.Any(m => m.Id == municipalityId));
        if (!string.IsNullOrWhiteSpace(filter.PilotSlug)) query = query.Where(p => p.Community!.Pilot!.Slug == filter.PilotSlug);
        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            var tag = filter.Tag.Trim().TrimStart('#').ToLowerInvariant();
            query = query.Where(p => p.Tags.Any(t => t.Name == tag));
        }
        var rows = await query.OrderByDescending(p => p.UpdatedAt).Take(200).Select(p => new
        {
            PilotSlug = p.Community!.Pilot!.Slug, PilotTitle = p.Community.Pilot.Title, p.Slug, p.Title, Theme = p.Theme == null ? null : p.Theme.Name,
            Tags = p.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList(), p.UpdatedAt, p.Community.Visibility,
            Body = db.WikiRevisions.Where(r => r.PageId == p.Id && r.Number == p.RevisionNumber).Select(r => r.Body).FirstOrDefault(),
        }).ToListAsync(ct);
        return rows.Select(r => new LessonListItem(r.PilotSlug, r.PilotTitle, r.Slug, r.Title, r.Theme, r.Tags, Excerpt(r.Body), r.UpdatedAt, r.Visibility)).ToList();
    }

    /// <summary>The tags used on lessons the actor may read, for the overview's filter.</summary>
    public async Task<IReadOnlyList<string>> LessonTagsAsync(Actor actor, CancellationToken ct = default)
    {
        var userId = actor.UserId;
        var query = db.WikiPageTags.AsNoTracking().Where(t => db.WikiPages.Any(p => p.Id == t.PageId && p.IsLesson && p.DeletedAt == null
            && (actor.IsAdmin || p.Community!.Visibility == CommunityVisibility.Open
                || (userId != null && p.Community.Memberships.Any(m => m.UserId == userId && m.Status == MembershipStatus.Active)))));
        return await query.Select(t => t.Name).Distinct().OrderBy(t => t).ToListAsync(ct);
    }

    /// <summary>The wiki as a zip of Markdown files with front matter, for readers of the community only.</summary>
    public async Task<(string FileName, byte[] Zip)> ExportAsync(string pilotSlug, Actor actor, CancellationToken ct = default)
    {
        var context = await ContextAsync(pilotSlug, actor, ct);
        var pages = await db.WikiPages.AsNoTracking().Where(p => p.CommunityId == context.CommunityId && p.DeletedAt == null)
            .OrderBy(p => p.Slug)
            .Select(p => new
            {
                p.Slug, p.Title, p.IsLesson, Theme = p.Theme == null ? null : p.Theme.Name, Tags = p.Tags.Select(t => t.Name).ToList(), p.UpdatedAt,
                Body = db.WikiRevisions.Where(r => r.PageId == p.Id && r.Number == p.RevisionNumber).Select(r => r.Body).FirstOrDefault(),
            }).ToListAsync(ct);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var p in pages)
            {
                var entry = zip.CreateEntry($"{p.Slug}.md", CompressionLevel.Optimal);
                entry.LastWriteTime = p.UpdatedAt;
                await using var writer = new StreamWriter(await entry.OpenAsync(ct), new UTF8Encoding(false));
                var sb = new StringBuilder("---\n");
                sb.Append("title: ").Append(Yaml(p.Title)).Append('\n');
                if (p.IsLesson)
                {
                    sb.Append("lesson: true\n");
                    if (p.Theme is not null) sb.Append("theme: ").Append(Yaml(p.Theme)).Append('\n');
                    if (p.Tags.Count > 0) sb.Append("tags: [").Append(string.Join(", ", p.Tags.Order().Select(Yaml))).Append("]\n");
                }
                sb.Append("---\n\n").Append(p.Body);
                await writer.WriteAsync(sb.ToString());
            }
        }
        return ($"wiki-{pilotSlug}.zip", buffer.ToArray());
    }

    /// <summary>
    /// The operator's import (CLI): every Markdown file becomes a page of the pilot's wiki, or a new revision of the page
    /// with that title. No actor: whoever runs the CLI has the database anyway.
    /// </summary>
    public async Task<ImportResult> ImportAsync(string pilotSlug, IReadOnlyList<(string FileName, string Content)> files,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var community = await db.Communities.AsNoTracking().Where(c => c.Pilot!.Slug == pilotSlug).Select(c => new { c.Id })
            .FirstOrDefaultAsync(ct) ?? throw new RuleException("Er is geen pilot met de slug {0}.", null, pilotSlug);
        var context = new WikiContext(community.Id, 0, pilotSlug, "", new CommunityPermissions(CommunityVisibility.Open, true, null, null));
        var system = new Actor(null, true);
        int created = 0, updated = 0, skipped = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var (fileName, content) = files[i];
            var (title, body, isLesson, tags) = ParseMarkdownFile(fileName, content);
            var slug = SlugFor(title);
            var existing = await db.WikiPages.AsNoTracking().Include(p => p.Tags)
                .FirstOrDefaultAsync(p => p.CommunityId == community.Id && p.Slug == slug && p.DeletedAt == null, ct);
            var input = new WikiPageInput { Title = title, Body = body, IsLesson = isLesson, Tags = tags, Summary = $"Geïmporteerd uit {fileName}" };
            try
            {
                if (existing is null)
                {
                    await CreateInContextAsync(context, input, system, ct);
                    created++;
                    progress?.Report($"[{i + 1}/{files.Count}] {fileName}: nieuwe pagina '{title}'");
                }
                else if ((await RevisionViewAsync(existing.Id, existing.RevisionNumber, ct)).Body == body.Trim())
                {
                    skipped++;
                    progress?.Report($"[{i + 1}/{files.Count}] {fileName}: '{title}' is al gelijk, overgeslagen");
                }
                else
                {
                    await SaveRevisionAsync(context, slug, input with { BaseRevision = existing.RevisionNumber, IsLesson = existing.IsLesson, ThemeId = existing.ThemeId }, system, ct);
                    updated++;
                    progress?.Report($"[{i + 1}/{files.Count}] {fileName}: nieuwe versie van '{title}'");
                }
            }
            catch (RuleException e)
            {
                skipped++;
                progress?.Report($"[{i + 1}/{files.Count}] {fileName}: overgeslagen: {e.Message}");
            }
        }
        return new ImportResult(created, updated, skipped);
    }

    private async Task<string> CreateInContextAsync(WikiContext context, WikiPageInput input, Actor actor, CancellationToken ct)
    {
        var (title, body, tags) = Validate(input);
        var slug = SlugFor(title);
        var taken = await db.WikiPages.Where(p => p.CommunityId == context.CommunityId && p.Slug == slug).Select(p => new { p.DeletedAt }).FirstOrDefaultAsync(ct);
        if (taken is { DeletedAt: not null })
            throw new RuleException("Er is een verwijderde pagina met de titel {0}; een coördinator of beheerder kan haar terugzetten.", nameof(WikiPageInput.Title), title);
        if (taken is not null) throw new RuleException("Er is al een pagina met de titel {0}.", nameof(WikiPageInput.Title), title);
        if (input.ThemeId is int themeId && !await db.Themes.AnyAsync(t => t.Id == themeId, ct))
            throw new RuleException("Een gekozen thema bestaat niet (meer).", nameof(WikiPageInput.ThemeId));
        // The source is checked again on save: a posted number from someone who may not use that thread is ignored.
        int? sourceThreadId = input.IsLesson && input.SourceThreadId is int threadId && await LessonDraftAsync(context, threadId, ct) is not null
            ? threadId : null;
        var now = clock.GetUtcNow();
        var page = new WikiPage
        {
            CommunityId = context.CommunityId, Slug = slug, Title = title, RevisionNumber = 1, IsLesson = input.IsLesson,
            ThemeId = input.IsLesson ? input.ThemeId : null, CreatedAt = now, UpdatedAt = now, SourceThreadId = sourceThreadId,
            Tags = input.IsLesson ? tags.Select(t => new WikiPageTag { Name = t }).ToList() : [],
        };
        page.Revisions.Add(new WikiRevision { Number = 1, Title = title, Body = body, Summary = Clean(input.Summary), AuthorId = actor.UserId, CreatedAt = now });
        db.WikiPages.Add(page);
        // A new page takes over an old address that a renamed page left behind.
        db.WikiRedirects.RemoveRange(db.WikiRedirects.Where(r => r.CommunityId == context.CommunityId && r.Slug == slug));
        SetLinks(page, body);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two people created the same title at once: the unique (community, slug) index let one through.
            db.ChangeTracker.Clear();
            throw new RuleException("Er is al een pagina met de titel {0}.", nameof(WikiPageInput.Title), title);
        }
        return slug;
    }

    /// <summary>Title from front matter ("title:"), else the first "# " heading (taken out of the body), else the file name.</summary>
    public static (string Title, string Body, bool IsLesson, string? Tags) ParseMarkdownFile(string fileName, string content)
    {
        var text = content.Replace("\r\n", "\n").TrimStart('\uFEFF');
        string? title = null, tags = null;
        var isLesson = false;
        if (text.StartsWith("---\n", StringComparison.Ordinal))
        {
            var end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
            if (end > 0)
            {
                foreach (var line in text[4..end].Split('\n'))
                {
                    var colon = line.IndexOf(':');
                    if (colon <= 0) continue;
                    var key = line[..colon].Trim().ToLowerInvariant();
                    var value = line[(colon + 1)..].Trim().Trim('"', '\'');
                    switch (key)
                    {
                        case "title": title = value; break;
                        case "tags": tags = value.Trim('[', ']'); break;
                        case "lesson": isLesson = value.Equals("true", StringComparison.OrdinalIgnoreCase); break;
                    }
                }
                var after = text.IndexOf('\n', end + 4);
                text = after < 0 ? "" : text[(after + 1)..];
            }
        }
        if (string.IsNullOrWhiteSpace(title))
        {
            var lines = text.Split('\n').ToList();
            var heading = lines.FindIndex(l => l.StartsWith("# ", StringComparison.Ordinal));
            if (heading >= 0 && lines.Take(heading).All(string.IsNullOrWhiteSpace))
            {
                title = lines[heading][2..].Trim().TrimEnd('#').Trim();
                lines.RemoveAt(heading);
                text = string.Join('\n', lines);
            }
        }
        if (string.IsNullOrWhiteSpace(title)) title = Path.GetFileNameWithoutExtension(fileName).Replace('-', ' ').Replace('_', ' ').Trim();
        if (title.Length > 200) title = title[..200];
        return (title, text.Trim(), isLesson, tags);
    }

    private static string Yaml(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Excerpt(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "";
        // The point of a lesson is what was learnt: show that section when the template was used.
        var learnt = body.IndexOf("## Wat we leerden", StringComparison.Ordinal);
        var text = body;
        if (learnt >= 0)
        {
            var rest = body[(learnt + "## Wat we leerden".Length)..];
            var next = rest.IndexOf("\n#", StringComparison.Ordinal);
            var section = (next < 0 ? rest : rest[..next]).Trim();
            if (section.Length > 0) text = section;
        }
        var plain = System.Text.RegularExpressions.Regex.Replace(Markdown.ToPlainText(text), @"\s+", " ").Trim();
        return plain.Length <= 240 ? plain : plain[..240].TrimEnd() + "…";
    }

    private async Task<Func<string, WikiLinkTarget>> ResolverAsync(WikiContext context, CancellationToken ct)
    {
        var live = (await db.WikiPages.AsNoTracking().Where(p => p.CommunityId == context.CommunityId && p.DeletedAt == null)
            .Select(p => p.Slug).ToListAsync(ct)).ToHashSet();
        var redirects = await db.WikiRedirects.AsNoTracking().Where(r => r.CommunityId == context.CommunityId && r.Page!.DeletedAt == null)
            .Select(r => new { r.Slug, Target = r.Page!.Slug }).ToDictionaryAsync(r => r.Slug, r => r.Target, ct);
        return title =>
        {
            var slug = SlugFor(title);
            if (live.Contains(slug)) return new WikiLinkTarget(context.Url(slug), true);
            if (redirects.TryGetValue(slug, out var target)) return new WikiLinkTarget(context.Url(target), true);
            return new WikiLinkTarget($"/pilots/{context.PilotSlug}/wiki/nieuw?titel={Uri.EscapeDataString(title)}", false);
        };
    }

    private void SetLinks(WikiPage page, string body)
    {
        foreach (var slug in Markdown.WikiLinkTitles(body).Select(SlugFor).Distinct())
            db.WikiLinks.Add(new WikiLink { FromPage = page, TargetSlug = slug });
    }

    private async Task<WikiPage> LivePageAsync(WikiContext context, string pageSlug, bool tracking, CancellationToken ct)
    {
        var query = db.WikiPages.Include(p => p.Tags).AsQueryable();
        if (!tracking) query = query.AsNoTracking();
        return await query.FirstOrDefaultAsync(p => p.CommunityId == context.CommunityId && p.Slug == pageSlug && p.DeletedAt == null, ct)
            ?? throw new NotFoundException("wiki page");
    }

    private async Task<WikiRevisionView> RevisionViewAsync(int pageId, int number, CancellationToken ct) =>
        await db.WikiRevisions.AsNoTracking().Where(r => r.PageId == pageId && r.Number == number)
            .Select(r => new WikiRevisionView(r.Number, r.Title, r.Body, r.Summary, r.Author == null ? null : r.Author.DisplayName, r.CreatedAt))
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("revision");

    private static (string Title, string Body, List<string> Tags) Validate(WikiPageInput input)
    {
        var title = (input.Title ?? "").Trim();
        if (title.Length == 0) throw new RuleException("Geef de pagina een titel.", nameof(WikiPageInput.Title));
        if (title.Length > 200) throw new RuleException("Een titel is maximaal {0} tekens.", nameof(WikiPageInput.Title), 200);
        if (title.IndexOfAny(['[', ']', '|']) >= 0) throw new RuleException("Een titel mag geen [, ] of | bevatten.", nameof(WikiPageInput.Title));
        var body = (input.Body ?? "").Trim();
        if (body.Length > MaxBodyLength) throw new RuleException("De tekst is te lang (maximaal {0} tekens).", nameof(WikiPageInput.Body), MaxBodyLength);
        if ((input.Summary?.Trim().Length ?? 0) > 300) throw new RuleException("Een samenvatting van de wijziging is maximaal {0} tekens.", nameof(WikiPageInput.Summary), 300);
        var tags = ProfileService.ParseTags(input.Tags);
        if (tags.Count > MaxTags) throw new RuleException("Gebruik maximaal {0} trefwoorden.", nameof(WikiPageInput.Tags), MaxTags);
        if (tags.Any(t => t.Length > 50)) throw new RuleException("Een trefwoord is maximaal 50 tekens.", nameof(WikiPageInput.Tags));
        return (title, body, tags);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
