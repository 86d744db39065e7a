using Community.Core.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Community.Core.Data.Configurations;

internal sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> b)
    {
        b.ToTable("OutgoingMails");
        b.Property(m => m.To).HasMaxLength(320).IsRequired();
        b.Property(m => m.Subject).HasMaxLength(1000).IsRequired();
        b.Property(m => m.TextBody).IsRequired();
        b.Property(m => m.MessageId).HasMaxLength(250).IsRequired();
        b.Property(m => m.LastError).HasMaxLength(500);
        b.Property(m => m.CoalesceKey).HasMaxLength(200);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Notification).WithMany().HasForeignKey(m => m.NotificationId).OnDelete(DeleteBehavior.Cascade);
        // The sender's question: what is pending and due.
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => m.ClaimedBy);
        // Coalescing asks for a recipient's recent mail of one kind.
        b.HasIndex(m => new { m.UserId, m.CoalesceKey, m.CreatedAt });
    }
}

internal sealed class FailingAddressConfiguration : IEntityTypeConfiguration<FailingAddress>
{
    public void Configure(EntityTypeBuilder<FailingAddress> b)
    {
        b.ToTable("FailingAddresses");
        b.HasKey(f => f.Address);
        b.Property(f => f.Address).HasMaxLength(320);
        b.Property(f => f.Reason).HasMaxLength(500).IsRequired();
    }
}
