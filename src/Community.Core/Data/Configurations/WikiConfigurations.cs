using Community.Core.KnowledgeQuestions;
using Community.Core.Wiki;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Community.Core.Data.Configurations;

internal sealed class WikiPageConfiguration : IEntityTypeConfiguration<WikiPage>
{
    public void Configure(EntityTypeBuilder<WikiPage> b)
    {
        b.Property(p => p.Slug).HasMaxLength(100).IsRequired();
        b.Property(p => p.Title).HasMaxLength(200).IsRequired();
        b.Property(p => p.RevisionNumber).IsConcurrencyToken();
        b.HasIndex(p => new { p.CommunityId, p.Slug }).IsUnique();
        b.HasIndex(p => new { p.IsLesson, p.UpdatedAt });
        b.HasOne(p => p.Community).WithMany().HasForeignKey(p => p.CommunityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.Theme).WithMany().HasForeignKey(p => p.ThemeId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(p => p.SourceThread).WithMany().HasForeignKey(p => p.SourceThreadId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(p => p.SourceThreadId);
        b.HasMany(p => p.Tags).WithOne().HasForeignKey(t => t.PageId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Revisions).WithOne(r => r.Page).HasForeignKey(r => r.PageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WikiRevisionConfiguration : IEntityTypeConfiguration<WikiRevision>
{
    public void Configure(EntityTypeBuilder<WikiRevision> b)
    {
        b.Property(r => r.Title).HasMaxLength(200).IsRequired();
        b.Property(r => r.Body).HasMaxLength(200_000).IsRequired();
        b.Property(r => r.Summary).HasMaxLength(300);
        b.HasIndex(r => new { r.PageId, r.Number }).IsUnique();
        b.HasOne(r => r.Author).WithMany().HasForeignKey(r => r.AuthorId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class WikiPageTagConfiguration : IEntityTypeConfiguration<WikiPageTag>
{
    public void Configure(EntityTypeBuilder<WikiPageTag> b)
    {
        b.Property(t => t.Name).HasMaxLength(50).IsRequired();
        b.HasIndex(t => new { t.PageId, t.Name }).IsUnique();
        b.HasIndex(t => t.Name);
    }
}

internal sealed class WikiRedirectConfiguration : IEntityTypeConfiguration<WikiRedirect>
{
    public void Configure(EntityTypeBuilder<WikiRedirect> b)
    {
        b.Property(r => r.Slug).HasMaxLength(100).IsRequired();
        b.HasIndex(r => new { r.CommunityId, r.Slug }).IsUnique();
        b.HasOne(r => r.Page).WithMany().HasForeignKey(r => r.PageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WikiLinkConfiguration : IEntityTypeConfiguration<WikiLink>
{
    public void Configure(EntityTypeBuilder<WikiLink> b)
    {
        b.Property(l => l.TargetSlug).HasMaxLength(100).IsRequired();
        b.HasIndex(l => l.TargetSlug);
        b.HasIndex(l => new { l.FromPageId, l.TargetSlug }).IsUnique();
        b.HasOne(l => l.FromPage).WithMany().HasForeignKey(l => l.FromPageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KnowledgeQuestionConfiguration : IEntityTypeConfiguration<KnowledgeQuestion>
{
    public void Configure(EntityTypeBuilder<KnowledgeQuestion> b)
    {
        b.Property(q => q.Text).HasMaxLength(500).IsRequired();
        b.Property(q => q.Explanation).HasMaxLength(4000);
        b.HasIndex(q => q.VoteCount);
        b.HasOne(q => q.AskedBy).WithMany().HasForeignKey(q => q.AskedById).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(q => q.SourcePilot).WithMany().HasForeignKey(q => q.SourcePilotId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(q => q.TakenUpByPilot).WithMany().HasForeignKey(q => q.TakenUpByPilotId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(q => q.Votes).WithOne().HasForeignKey(v => v.QuestionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KnowledgeQuestionVoteConfiguration : IEntityTypeConfiguration<KnowledgeQuestionVote>
{
    public void Configure(EntityTypeBuilder<KnowledgeQuestionVote> b)
    {
        b.HasIndex(v => new { v.QuestionId, v.UserId }).IsUnique();
        b.HasOne<Community.Core.Accounts.User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> b)
    {
        b.Property(e => e.Conclusions).HasMaxLength(20000).IsRequired();
        b.Property(e => e.LearningPoints).HasMaxLength(20000);
        b.Property(e => e.ImprovementPoints).HasMaxLength(20000);
        b.Property(e => e.NewKnowledgeQuestions).HasMaxLength(5000);
        b.HasIndex(e => e.PilotId).IsUnique();
        b.HasOne(e => e.Pilot).WithMany().HasForeignKey(e => e.PilotId).OnDelete(DeleteBehavior.Cascade);
    }
}
