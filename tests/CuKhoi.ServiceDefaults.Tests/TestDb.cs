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

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
