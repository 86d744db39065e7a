using Community.Core.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Community.Core.Data.Configurations;

internal sealed class SearchOutboxConfiguration : IEntityTypeConfiguration<SearchOutboxEntry>
{
    public void Configure(EntityTypeBuilder<SearchOutboxEntry> b)
    {
        b.ToTable("SearchOutbox");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedOnAdd();
        b.Property(e => e.DocumentKey).HasMaxLength(64).IsRequired();
        // Pruning deletes by age.
        b.HasIndex(e => e.EnqueuedAt);
    }
}

internal sealed class SearchSynonymConfiguration : IEntityTypeConfiguration<SearchSynonym>
{
    public void Configure(EntityTypeBuilder<SearchSynonym> b)
    {
        b.ToTable("SearchSynonyms");
        b.Property(s => s.Terms).HasMaxLength(SearchRules.SynonymMaxLength).IsRequired();
    }
}

internal sealed class SearchMissConfiguration : IEntityTypeConfiguration<SearchMiss>
{
    public void Configure(EntityTypeBuilder<SearchMiss> b)
    {
        b.ToTable("SearchMisses");
        b.Property(m => m.Query).HasMaxLength(SearchRules.LoggedQueryMaxLength).IsRequired();
        b.HasIndex(m => m.Query).IsUnique();
        b.HasIndex(m => m.Count);
        b.HasOne<KnowledgeQuestions.KnowledgeQuestion>().WithMany().HasForeignKey(m => m.KnowledgeQuestionId).OnDelete(DeleteBehavior.SetNull);
    }
}
