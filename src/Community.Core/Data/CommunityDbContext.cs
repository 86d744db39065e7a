using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Chat;
using Community.Core.Communities;
using Community.Core.Discussions;
using Community.Core.KnowledgeQuestions;
using Community.Core.Pilots;
using Community.Core.Search;
using Community.Core.Wiki;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Community.Core.Data;

public class CommunityDbContext(DbContextOptions<CommunityDbContext> options) : IdentityDbContext<User>(options)
{
    public DbSet<ProfileTag> ProfileTags => Set<ProfileTag>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<Theme> Themes => Set<Theme>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Pilot> Pilots => Set<Pilot>();
    public DbSet<PilotPartner> PilotPartners => Set<PilotPartner>();
    public DbSet<PilotMilestone> PilotMilestones => Set<PilotMilestone>();
    public DbSet<ProgressUpdate> ProgressUpdates => Set<ProgressUpdate>();
    public DbSet<LearningCommunity> Communities => Set<LearningCommunity>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<DiscussionThread> Threads => Set<DiscussionThread>();
    public DbSet<ThreadTag> ThreadTags => Set<ThreadTag>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<PostRevision> PostRevisions => Set<PostRevision>();
    public DbSet<PostVote> PostVotes => Set<PostVote>();
    public DbSet<PostReport> PostReports => Set<PostReport>();
    public DbSet<ThreadFollow> ThreadFollows => Set<ThreadFollow>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<WikiPage> WikiPages => Set<WikiPage>();
    public DbSet<WikiRevision> WikiRevisions => Set<WikiRevision>();
    public DbSet<WikiPageTag> WikiPageTags => Set<WikiPageTag>();
    public DbSet<WikiRedirect> WikiRedirects => Set<WikiRedirect>();
    public DbSet<WikiLink> WikiLinks => Set<WikiLink>();
    public DbSet<Evaluation> Evaluations => Set<Evaluation>();
    public DbSet<KnowledgeQuestion> KnowledgeQuestions => Set<KnowledgeQuestion>();
    public DbSet<KnowledgeQuestionVote> KnowledgeQuestionVotes => Set<KnowledgeQuestionVote>();
    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();
    public DbSet<ChatMention> ChatMentions => Set<ChatMention>();
    public DbSet<ChatReadMark> ChatReadMarks => Set<ChatReadMark>();
    public DbSet<SearchOutboxEntry> SearchOutbox => Set<SearchOutboxEntry>();
    public DbSet<SearchSynonym> SearchSynonyms => Set<SearchSynonym>();
    public DbSet<SearchMiss> SearchMisses => Set<SearchMiss>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.AddInterceptors(SearchOutboxCommitSignal.Instance);

    /// <summary>
    /// Saves, and writes the search outbox rows for what changed in the same transaction. New rows get their ids from the
    /// first save, so the outbox rows follow in a second one; a transaction of our own holds both when the caller has none.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changes = Search.SearchOutbox.Collect(ChangeTracker);
        if (changes.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        Search.SearchOutbox.Enqueue(this, changes.SelectMany(c => c()).ToArray());
        await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (own is not null) await own.CommitAsync(cancellationToken);
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var changes = Search.SearchOutbox.Collect(ChangeTracker);
        if (changes.Count == 0) return base.SaveChanges(acceptAllChangesOnSuccess);
        using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        Search.SearchOutbox.Enqueue(this, changes.SelectMany(c => c()).ToArray());
        base.SaveChanges(acceptAllChangesOnSuccess);
        own?.Commit();
        return saved;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CommunityDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite cannot order or compare DateTimeOffset; all our times are UTC, so store them as UTC ticks.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
