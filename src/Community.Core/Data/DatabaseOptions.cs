using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Community.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty means the SQLite file App_Data/community.db under the data directory.</summary>
    public string? ConnectionString { get; set; }

    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Null: seed demo content on first start in Development only.</summary>
    public bool? SeedDemoOnStartup { get; set; }
}

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where the SQLite file, mail pickup folder and search index live. Relative to the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";
}

public static class DatabaseSetup
{
    /// <summary>
    /// One case per provider, each with its own migrations assembly. Adding MySQL later is one more
    /// enum value, one more case here and one more migrations project.
    /// </summary>
    /// <remarks>
    /// Single queries by default, chosen: list projections load small collections (a pilot's municipalities and
    /// themes, a person's tags) where one round trip beats splitting; the pilot page, which loads many, asks for
    /// AsSplitQuery itself.
    /// </remarks>
    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options, string dataDirectory)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "community.db") }.ToString()
                    : options.ConnectionString;
                builder.UseSqlite(sqlite, b => b.MigrationsAssembly("Community.Migrations.Sqlite").UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));
                break;
            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                    throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is PostgreSql.");
                builder.UseNpgsql(options.ConnectionString, b => b.MigrationsAssembly("Community.Migrations.PostgreSql").UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }
    }
}
