using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Communities;
using Community.Core.Pilots;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Community.Core.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
        b.Property(u => u.Organisation).HasMaxLength(150);
        b.Property(u => u.JobRole).HasMaxLength(150);
        b.Property(u => u.WorkingOn).HasMaxLength(2000);
        b.Property(u => u.PreferredCulture).HasMaxLength(10);
        b.HasMany(u => u.Tags).WithOne().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(u => u.Municipality).WithMany().HasForeignKey(u => u.MunicipalityId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(u => u.DisplayName);
        b.Property(u => u.FeedToken).HasMaxLength(64);
        b.HasIndex(u => u.FeedToken).IsUnique();
    }
}

internal sealed class ProfileTagConfiguration : IEntityTypeConfiguration<ProfileTag>
{
    public void Configure(EntityTypeBuilder<ProfileTag> b)
    {
        b.Property(t => t.Name).HasMaxLength(50).IsRequired();
        b.HasIndex(t => new { t.UserId, t.Name }).IsUnique();
        b.HasIndex(t => t.Name);
    }
}

internal sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> b)
    {
        b.Property(m => m.Name).HasMaxLength(100).IsRequired();
        b.Property(m => m.Slug).HasMaxLength(100).IsRequired();
        b.HasIndex(m => m.Slug).IsUnique();
        b.HasIndex(m => m.Name).IsUnique();
    }
}

internal sealed class ThemeConfiguration : IEntityTypeConfiguration<Theme>
{
    public void Configure(EntityTypeBuilder<Theme> b)
    {
        b.Property(m => m.Name).HasMaxLength(100).IsRequired();
        b.Property(m => m.Slug).HasMaxLength(100).IsRequired();
        b.HasIndex(m => m.Slug).IsUnique();
        b.HasIndex(m => m.Name).IsUnique();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Action).HasMaxLength(100).IsRequired();
        b.Property(a => a.Target).HasMaxLength(200).IsRequired();
        b.Property(a => a.Details).HasMaxLength(2000);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.CommunityId, a.At });
    }
}

internal sealed class PilotConfiguration : IEntityTypeConfiguration<Pilot>
{
    public void Configure(EntityTypeBuilder<Pilot> b)
    {
        b.Property(p => p.Slug).HasMaxLength(100).IsRequired();
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.Title).HasMaxLength(200).IsRequired();
        b.Property(p => p.Summary).HasMaxLength(2000).IsRequired();
        b.Property(p => p.KnowledgeQuestion).HasMaxLength(1000).IsRequired();
        b.Property(p => p.Programme).HasMaxLength(4000);
        b.Property(p => p.LearningGoals).HasMaxLength(4000);
        b.Property(p => p.Costs).HasMaxLength(1000);
        b.Property(p => p.CostsCoveredBy).HasMaxLength(500);
        b.Property(p => p.ContactName).HasMaxLength(150);
        b.Property(p => p.ContactEmail).HasMaxLength(256);
        b.HasIndex(p => p.Phase);
        b.HasIndex(p => p.UpdatedAt);
        b.HasMany(p => p.Municipalities).WithMany().UsingEntity("PilotMunicipalities");
        b.HasMany(p => p.Themes).WithMany().UsingEntity("PilotThemes");
        b.HasMany(p => p.BuildsOn).WithMany(p => p.BuiltOnBy).UsingEntity("PilotPredecessors",
            r => r.HasOne(typeof(Pilot)).WithMany().HasForeignKey("PredecessorId").OnDelete(DeleteBehavior.Cascade),
            l => l.HasOne(typeof(Pilot)).WithMany().HasForeignKey("PilotId").OnDelete(DeleteBehavior.Cascade));
        b.HasMany(p => p.Partners).WithOne().HasForeignKey(x => x.PilotId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Milestones).WithOne().HasForeignKey(x => x.PilotId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.ProgressUpdates).WithOne(u => u.Pilot).HasForeignKey(x => x.PilotId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.Community).WithOne(c => c.Pilot).HasForeignKey<LearningCommunity>(c => c.PilotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PilotPartnerConfiguration : IEntityTypeConfiguration<PilotPartner>
{
    public void Configure(EntityTypeBuilder<PilotPartner> b)
    {
        b.Property(p => p.Organisation).HasMaxLength(200).IsRequired();
        b.Property(p => p.Role).HasMaxLength(300);
    }
}

internal sealed class PilotMilestoneConfiguration : IEntityTypeConfiguration<PilotMilestone>
{
    public void Configure(EntityTypeBuilder<PilotMilestone> b) => b.Property(p => p.Title).HasMaxLength(300).IsRequired();
}

internal sealed class ProgressUpdateConfiguration : IEntityTypeConfiguration<ProgressUpdate>
{
    public void Configure(EntityTypeBuilder<ProgressUpdate> b)
    {
        b.Property(p => p.Title).HasMaxLength(200).IsRequired();
        b.Property(p => p.Body).HasMaxLength(20000).IsRequired();
        b.HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(p => new { p.PilotId, p.Date });
    }
}

internal sealed class LearningCommunityConfiguration : IEntityTypeConfiguration<LearningCommunity>
{
    public void Configure(EntityTypeBuilder<LearningCommunity> b)
    {
        b.ToTable("Communities");
        b.Property(c => c.Welcome).HasMaxLength(4000);
        b.HasIndex(c => c.PilotId).IsUnique();
        b.HasMany(c => c.Memberships).WithOne(m => m.Community).HasForeignKey(m => m.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.HasIndex(m => new { m.CommunityId, m.UserId }).IsUnique();
        b.HasIndex(m => m.UserId);
        b.Property(m => m.RequestMessage).HasMaxLength(1000);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.Property(i => i.Email).HasMaxLength(256).IsRequired();
        b.Property(i => i.TokenHash).HasMaxLength(64).IsRequired();
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasOne(i => i.Community).WithMany().HasForeignKey(i => i.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}
