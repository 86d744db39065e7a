using Community.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Community.Migrations.Design;

/// <summary>Builds the context for one provider, chosen with <c>-- --provider Sqlite|PostgreSql</c>.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CommunityDbContext>
{
    public CommunityDbContext CreateDbContext(string[] args)
    {
        var index = Array.IndexOf(args, "--provider");
        var provider = index >= 0 && index + 1 < args.Length ? Enum.Parse<DatabaseProvider>(args[index + 1], ignoreCase: true) : DatabaseProvider.Sqlite;
        var builder = new DbContextOptionsBuilder<CommunityDbContext>();
        var connection = provider == DatabaseProvider.PostgreSql ? "Host=localhost;Database=design_time" : "Data Source=design-time.db";
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = provider, ConnectionString = connection }, ".");
        return new CommunityDbContext(builder.Options);
    }
}

internal static class Program
{
    private static void Main() => Console.WriteLine("Design-time host for 'dotnet ef'; see migrations/add-migration.sh.");
}
