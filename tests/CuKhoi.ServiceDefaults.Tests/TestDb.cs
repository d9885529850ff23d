using CuKhoi.ServiceDefaults.Data;
using CuKhoi.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>A throwaway database (SQLite file or PostgreSQL database) and a <see cref="Db"/> on it.</summary>
internal sealed class TestDb(TestDatabase database) : IAsyncDisposable
{
    public TestDatabase Database => database;

    public DatabaseOptions Options { get; } = new(
        database.Provider == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
        database.ConnectionString);

    public static async Task<TestDb> CreateAsync(string provider) => new(await TestDatabase.CreateAsync(provider));

    /// <summary>A fresh connection factory: a second instance behaves like a second process.</summary>
    public Db NewDb() => new(Options);

    /// <summary>The ServiceDefaults migrations plus this project's test migrations (the `notes` table).</summary>
    public static IMigrationSource[] Sources() =>
    [
        new EmbeddedMigrations("defaults", typeof(Extensions).Assembly),
        new EmbeddedMigrations("tests", typeof(TestDb).Assembly),
    ];

    public async Task<Db> MigratedAsync()
    {
        var db = NewDb();
        await Runner(db, Sources()).RunAsync(seedSample: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return db;
    }

    public static MigrationRunner Runner(Db db, IEnumerable<IMigrationSource> sources, params ISampleSeeder[] seeders) =>
        new(db, sources, seeders, NullLogger<MigrationRunner>.Instance);

    /// <summary>
    /// Until <paramref name="count"/> sessions wait on a lock in this database: how a test
    /// knows its concurrent calls really queue behind the one it holds. PostgreSQL shows it
    /// in pg_stat_activity; SQLite has no such view (a writer retries BEGIN IMMEDIATE inside
    /// the driver), so there it returns at once and the overlap rests on the calls having
    /// started while the first still holds its transaction.
    /// </summary>
    public async Task UntilWaitingOnLocksAsync(int count)
    {
        if (database.Provider != "postgres")
        {
            return;
        }

        var db = NewDb();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await db.QuerySingleOrDefaultAsync<long>(
                   "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                   null,
                   timeout.Token) < count)
        {
            await Task.Yield();
        }
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
