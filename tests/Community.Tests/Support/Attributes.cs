using System.Reflection;
using Xunit.Sdk;

namespace Community.Tests.Support;

public enum Db
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The PostgreSQL row of a theory over <see cref="Db"/>: <c>[Theory, InlineData(Db.Sqlite), PostgresData]</c>. A separate
/// attribute so that this row alone is reported as skipped, with the reason, when no PostgreSQL binaries exist and CI
/// is not set; in CI it runs and fails loudly.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute() => Skip = PostgresServer.SkipReason!;

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Db.PostgreSql]];
}

/// <summary>A fact that needs PostgreSQL: skipped with the reason without binaries, unless CI is set.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresServer.SkipReason!;
}

/// <summary>A fact that needs the aiosmtpd SMTP server: skipped with the reason without it, unless CI is set.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute() => Skip = SmtpServer.SkipReason!;
}
