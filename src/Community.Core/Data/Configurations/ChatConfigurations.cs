using Community.Core.Chat;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Community.Core.Data.Configurations;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> b)
    {
        b.ToTable("ChatMessages");
        b.Property(m => m.Body).HasMaxLength(ChatRules.BodyMaxLength).IsRequired();
        b.Property(m => m.ClientId).HasMaxLength(ChatRules.ClientIdMaxLength).IsRequired();
        b.HasOne(m => m.Community).WithMany().HasForeignKey(m => m.CommunityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Author).WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Discussions.DiscussionThread>().WithMany().HasForeignKey(m => m.PromotedThreadId).OnDelete(DeleteBehavior.SetNull);
        // No foreign key for the lesson link: adding one to an existing table makes SQLite rebuild it outside a transaction
        // (a kill -9 then leaves a half-applied migration). The chat looks the page up when it shows the link, so a page
        // that is gone simply shows no link.
        b.HasIndex(m => m.PromotedWikiPageId);
        // Retries of one send carry the same client id: the index makes the second insert fail, and the service returns the first.
        b.HasIndex(m => new { m.AuthorId, m.ClientId }).IsUnique();
        // History and catch-up page by id within a community.
        b.HasIndex(m => new { m.CommunityId, m.Id });
    }
}

internal sealed class ChatMentionConfiguration : IEntityTypeConfiguration<ChatMention>
{
    public void Configure(EntityTypeBuilder<ChatMention> b)
    {
        b.ToTable("ChatMentions");
        b.HasKey(m => new { m.MessageId, m.UserId });
        b.HasOne(m => m.Message).WithMany().HasForeignKey(m => m.MessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class ChatReadMarkConfiguration : IEntityTypeConfiguration<ChatReadMark>
{
    public void Configure(EntityTypeBuilder<ChatReadMark> b)
    {
        b.ToTable("ChatReadMarks");
        b.HasKey(m => new { m.UserId, m.CommunityId });
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Communities.LearningCommunity>().WithMany().HasForeignKey(m => m.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}
