using Community.Core.Communities;
using Community.Core.Digests;
using Community.Core.Pilots;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Community.Core.Data.Configurations;

internal sealed class EmailPreferencesConfiguration : IEntityTypeConfiguration<EmailPreferences>
{
    public void Configure(EntityTypeBuilder<EmailPreferences> b)
    {
        b.HasKey(p => p.UserId);
        b.HasOne<Accounts.User>().WithOne().HasForeignKey<EmailPreferences>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("CK_EmailPreferences_DigestHour", "\"DigestHour\" BETWEEN 0 AND 23"));
    }
}

internal sealed class CommunityMuteConfiguration : IEntityTypeConfiguration<CommunityMute>
{
    public void Configure(EntityTypeBuilder<CommunityMute> b)
    {
        b.HasKey(m => new { m.UserId, m.CommunityId });
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<LearningCommunity>().WithMany().HasForeignKey(m => m.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DigestDeliveryConfiguration : IEntityTypeConfiguration<DigestDelivery>
{
    public void Configure(EntityTypeBuilder<DigestDelivery> b)
    {
        b.Property(d => d.PeriodKey).HasMaxLength(20).IsRequired();
        b.HasIndex(d => new { d.UserId, d.PeriodKey }).IsUnique();
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PilotPhaseChangeConfiguration : IEntityTypeConfiguration<PilotPhaseChange>
{
    public void Configure(EntityTypeBuilder<PilotPhaseChange> b)
    {
        b.HasOne(c => c.Pilot).WithMany().HasForeignKey(c => c.PilotId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.At);
    }
}
