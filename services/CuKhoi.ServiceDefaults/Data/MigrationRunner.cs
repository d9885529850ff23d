using System.Data.Common;
using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

namespace CuKhoi.ServiceDefaults.Data;

/// <summary>
/// Applies ordered SQL scripts embedded as `Data/Migrations/{sqlite|postgres}/NNNN_name.sql`
/// and records each in `schema_version`. Everything runs in one transaction under a
/// database-wide lock (SQLite BEGIN IMMEDIATE, PostgreSQL advisory lock), so two
/// instances starting at once apply each script exactly once. Sample data is loaded in
/// the same transaction, once, marked as the pseudo-migration `sample`.
/// </summary>
public sealed class MigrationRunner(Db db, IEnumerable<IMigrationSource> sources, IEnumerable<ISampleSeeder> seeders, ILogger<MigrationRunner> logger)
{
    private const long PostgresLockKey = 0x43754B686F69; // "CuKhoi"

    public async Task RunAsync(bool seedSample, CancellationToken ct)
    {
        await db.InTransactionAsync(
            async (connection, transaction) =>
            {
                if (!db.IsSqlite)
                {
                    await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresLockKey }, transaction);
                }

                await connection.ExecuteAsync(
                    """
                    CREATE TABLE IF NOT EXISTS schema_version (
                        component  TEXT   NOT NULL,
                        version    INTEGER NOT NULL,
                        name       TEXT   NOT NULL,
                        apply_time BIGINT NOT NULL,
                        PRIMARY KEY (component, version)
                    )
                    """,
                    transaction: transaction);

                foreach (var source in sources)
                {
                    await ApplyAsync(connection, transaction, source, ct);
                }

                if (seedSample)
                {
                    await SeedAsync(connection, transaction, ct);
                }

                return 0;
            },
            ct);
    }

    private async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IMigrationSource source, CancellationToken ct)
    {
        var applied = (await connection.QueryAsync<int>(
            new CommandDefinition("SELECT version FROM schema_version WHERE component = @component", new { component = source.Component }, transaction, cancellationToken: ct)))
            .ToHashSet();

        foreach (var script in source.Scripts(db.Provider).Where(s => !applied.Contains(s.Version)))
        {
            logger.LogInformation("Applying migration {Component} {Version} {Name}", source.Component, script.Version, script.Name);
            await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(
                new CommandDefinition(
                    "INSERT INTO schema_version (component, version, name, apply_time) VALUES (@component, @version, @name, @now)",
                    new { component = source.Component, version = script.Version, name = script.Name, now = Clock.ToMicros(DateTimeOffset.UtcNow) },
                    transaction,
                    cancellationToken: ct));
        }
    }

    private async Task SeedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var seeded = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition("SELECT COUNT(*) FROM schema_version WHERE component = 'sample'", transaction: transaction, cancellationToken: ct));
        if (seeded > 0)
        {
            return;
        }

        foreach (var seeder in seeders)
        {
            logger.LogInformation("Loading sample data with {Seeder}", seeder.GetType().Name);
            await seeder.SeedAsync(connection, transaction, ct);
        }

        await connection.ExecuteAsync(
            new CommandDefinition(
                "INSERT INTO schema_version (component, version, name, apply_time) VALUES ('sample', 1, 'sample data', @now)",
                new { now = Clock.ToMicros(DateTimeOffset.UtcNow) },
                transaction,
                cancellationToken: ct));
    }
}

/// <summary>Loads a service's sample data (config `Seed:Sample`), inside the migration transaction.</summary>
public interface ISampleSeeder
{
    Task SeedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);
}

/// <summary>A set of ordered migration scripts, one set per component.</summary>
public interface IMigrationSource
{
    string Component { get; }

    IEnumerable<MigrationScript> Scripts(DatabaseProvider provider);
}

public sealed record MigrationScript(int Version, string Name, string Sql);

/// <summary>Scripts embedded in an assembly under `Data/Migrations/{sqlite|postgres}/NNNN_name.sql`.</summary>
public sealed class EmbeddedMigrations(string component, Assembly assembly) : IMigrationSource
{
    public string Component => component;

    public IEnumerable<MigrationScript> Scripts(DatabaseProvider provider)
    {
        var folder = provider == DatabaseProvider.Sqlite ? ".Data.Migrations.sqlite." : ".Data.Migrations.postgres.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.Contains(folder, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var fileName = resource[(resource.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..^".sql".Length];
            var separator = fileName.IndexOf('_');
            if (separator <= 0 || !int.TryParse(fileName[..separator], out var version))
            {
                throw new InvalidOperationException($"Migration '{resource}' must be named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return new MigrationScript(version, fileName[(separator + 1)..], reader.ReadToEnd());
        }
    }
}
