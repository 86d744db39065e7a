using Community.Core.Discussions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Community.Core.Data.Configurations;

internal sealed class DiscussionThreadConfiguration : IEntityTypeConfiguration<DiscussionThread>
{
    public void Configure(EntityTypeBuilder<DiscussionThread> b)
    {
        b.ToTable("Threads");
        b.Property(t => t.Title).HasMaxLength(DiscussionRules.TitleMaxLength).IsRequired();
        b.HasOne(t => t.Community).WithMany().HasForeignKey(t => t.CommunityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(t => t.Author).WithMany().HasForeignKey(t => t.AuthorId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(t => t.Tags).WithOne().HasForeignKey(x => x.ThreadId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(t => t.Posts).WithOne(p => p.Thread).HasForeignKey(p => p.ThreadId).OnDelete(DeleteBehavior.Cascade);
        // The list pages by community in one of three orders; pinned threads first in each.
        b.HasIndex(t => new { t.CommunityId, t.IsPinned, t.LastActivityAt });
        b.HasIndex(t => new { t.CommunityId, t.IsPinned, t.CreatedAt });
        b.HasIndex(t => new { t.CommunityId, t.IsPinned, t.UsefulCount });
        b.HasIndex(t => t.AuthorId);
        // Covers the list's count for every filter (all, questions, without answer, answered) without reading the rows.
        b.HasIndex(t => new { t.CommunityId, t.IsHidden, t.Kind, t.AcceptedPostId, t.ReplyCount });
    }
}

internal sealed class ThreadTagConfiguration : IEntityTypeConfiguration<ThreadTag>
{
    public void Configure(EntityTypeBuilder<ThreadTag> b)
    {
        b.Property(t => t.Name).HasMaxLength(DiscussionRules.TagMaxLength).IsRequired();
        b.HasIndex(t => new { t.ThreadId, t.Name }).IsUnique();
        b.HasIndex(t => t.Name);
    }
}

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> b)
    {
        b.Property(p => p.Body).HasMaxLength(DiscussionRules.BodyMaxLength).IsRequired();
        b.HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(p => p.Revisions).WithOne().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.ThreadId, p.CreatedAt });
        b.HasIndex(p => p.AuthorId);
        b.Ignore(p => p.IsVisible);
    }
}

internal sealed class PostRevisionConfiguration : IEntityTypeConfiguration<PostRevision>
{
    public void Configure(EntityTypeBuilder<PostRevision> b)
    {
        b.Property(r => r.Body).HasMaxLength(DiscussionRules.BodyMaxLength).IsRequired();
        b.Property(r => r.Title).HasMaxLength(DiscussionRules.TitleMaxLength);
        b.HasOne(r => r.Editor).WithMany().HasForeignKey(r => r.EditorId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(r => new { r.PostId, r.At });
    }
}

internal sealed class PostVoteConfiguration : IEntityTypeConfiguration<PostVote>
{
    public void Configure(EntityTypeBuilder<PostVote> b)
    {
        b.HasKey(v => new { v.PostId, v.UserId });
        b.HasOne<Post>().WithMany().HasForeignKey(v => v.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(v => v.UserId);
    }
}

internal sealed class PostReportConfiguration : IEntityTypeConfiguration<PostReport>
{
    public void Configure(EntityTypeBuilder<PostReport> b)
    {
        b.Property(r => r.Note).HasMaxLength(DiscussionRules.ReportNoteMaxLength);
        b.HasOne(r => r.Post).WithMany().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.Reporter).WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(r => new { r.PostId, r.ResolvedAt });
        b.HasIndex(r => r.ResolvedAt);
    }
}

internal sealed class ThreadFollowConfiguration : IEntityTypeConfiguration<ThreadFollow>
{
    public void Configure(EntityTypeBuilder<ThreadFollow> b)
    {
        b.HasKey(f => new { f.ThreadId, f.UserId });
        b.HasOne<DiscussionThread>().WithMany().HasForeignKey(f => f.ThreadId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => f.UserId);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(n => n.Actor).WithMany().HasForeignKey(n => n.ActorId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(n => n.Thread).WithMany().HasForeignKey(n => n.ThreadId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(n => n.ChatMessage).WithMany().HasForeignKey(n => n.ChatMessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(n => new { n.UserId, n.ReadAt, n.At });
    }
}
