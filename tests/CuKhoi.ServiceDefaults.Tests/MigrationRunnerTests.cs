using System.Data.Common;
using CuKhoi.ServiceDefaults.Data;
using Dapper;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// Migrations apply in order, once, recorded in schema_version; two instances starting
/// together (two processes on one database) apply each script and seed sample data once.
/// </summary>
public class MigrationRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Embedded_scripts_apply_in_order_and_are_recorded(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();

        var versions = await db.QueryAsync<(string Component, int Version, string Name)>(
            "SELECT component AS Component, version AS Version, name AS Name FROM schema_version ORDER BY component, version", null, CancellationToken.None);
        Assert.Equal([("defaults", 1, "idempotency"), ("defaults", 2, "idempotency_by_time"), ("tests", 1, "notes"), ("tests", 2, "first_note")], versions);
        Assert.Equal(["Dân vận khéo"], await db.QueryAsync<string>("SELECT text FROM notes", null, CancellationToken.None));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_second_start_applies_only_new_scripts(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = test.NewDb();
        var first = new ScriptSource("notes", [Script(1, "CREATE TABLE extra (id INTEGER PRIMARY KEY)")]);
        var later = new ScriptSource("notes", [.. first.All, Script(2, "INSERT INTO extra (id) VALUES (7)")]);

        await TestDb.Runner(db, [first]).RunAsync(false, CancellationToken.None).WaitAsync(Timeout);
        await TestDb.Runner(db, [first]).RunAsync(false, CancellationToken.None).WaitAsync(Timeout);
        await TestDb.Runner(db, [later]).RunAsync(false, CancellationToken.None).WaitAsync(Timeout);
        await TestDb.Runner(db, [later]).RunAsync(false, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal([7], await db.QueryAsync<int>("SELECT id FROM extra", null, CancellationToken.None));
        Assert.Equal([1, 2], await db.QueryAsync<int>("SELECT version FROM schema_version WHERE component = 'notes' ORDER BY version", null, CancellationToken.None));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_failing_script_leaves_nothing_behind(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = test.NewDb();
        var broken = new ScriptSource("broken", [Script(1, "CREATE TABLE half (id INTEGER)"), Script(2, "INSERT INTO no_such_table VALUES (1)")]);

        await Assert.ThrowsAnyAsync<DbException>(() => TestDb.Runner(db, [broken]).RunAsync(false, CancellationToken.None).WaitAsync(Timeout));

        // The whole start is one transaction: not even schema_version survives.
        var tables = db.IsSqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('half', 'schema_version')"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN ('half', 'schema_version')";
        Assert.Equal(0, await db.QuerySingleOrDefaultAsync<long>(tables, null, CancellationToken.None));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Sample_data_is_loaded_once_however_often_the_service_starts(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var seeder = new NoteSeeder();

        for (var start = 0; start < 3; start++)
        {
            await TestDb.Runner(test.NewDb(), TestDb.Sources(), seeder).RunAsync(seedSample: true, CancellationToken.None).WaitAsync(Timeout);
        }

        var db = test.NewDb();
        Assert.Equal(1, seeder.Calls);
        Assert.Equal(1, await db.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM notes WHERE text = 'sample'", null, CancellationToken.None));
        Assert.Equal(1, await db.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM schema_version WHERE component = 'sample'", null, CancellationToken.None));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Sample_data_waits_for_Seed_Sample(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var seeder = new NoteSeeder();

        await TestDb.Runner(test.NewDb(), TestDb.Sources(), seeder).RunAsync(seedSample: false, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(0, seeder.Calls);

        // A later start with Seed:Sample=true still loads it (once).
        await TestDb.Runner(test.NewDb(), TestDb.Sources(), seeder).RunAsync(seedSample: true, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(1, seeder.Calls);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_instances_starting_together_apply_each_script_and_the_sample_once(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        // The first start is held while it loads the sample, inside its transaction; the
        // second starts then and must queue behind it, not apply anything itself.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seeder = new NoteSeeder(release.Task);

        // Two Db instances: two connection pools, as two processes on one database would have.
        var first = Task.Run(() => TestDb.Runner(test.NewDb(), TestDb.Sources(), seeder).RunAsync(seedSample: true, CancellationToken.None));
        await seeder.Entered.WaitAsync(Timeout);
        var second = Task.Run(() => TestDb.Runner(test.NewDb(), TestDb.Sources(), seeder).RunAsync(seedSample: true, CancellationToken.None));
        await test.UntilWaitingOnLocksAsync(1);
        Assert.False(second.IsCompleted);
        release.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Timeout);

        var db = test.NewDb();
        Assert.Equal(1, seeder.Calls);
        Assert.Equal(["Dân vận khéo", "sample"], await db.QueryAsync<string>("SELECT text FROM notes ORDER BY id", null, CancellationToken.None));
        var counts = await db.QueryAsync<(string Component, long Count)>(
            "SELECT component AS Component, COUNT(*) AS Count FROM schema_version GROUP BY component ORDER BY component", null, CancellationToken.None);
        Assert.Equal([("defaults", 2L), ("sample", 1L), ("tests", 2L)], counts);
    }

    private static MigrationScript Script(int version, string sql) => new(version, $"step{version}", sql);

    private sealed class ScriptSource(string component, MigrationScript[] scripts) : IMigrationSource
    {
        public MigrationScript[] All => scripts;

        public string Component => component;

        public IEnumerable<MigrationScript> Scripts(DatabaseProvider provider) => scripts;
    }

    /// <summary>
    /// Counts how often sample data was loaded, across every runner that shares it; a load
    /// waits for <paramref name="hold"/> once it has begun (<see cref="Entered"/>).
    /// </summary>
    private sealed class NoteSeeder(Task? hold = null) : ISampleSeeder
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task Entered => _entered.Task;

        public async Task SeedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
        {
            Interlocked.Increment(ref _calls);
            _entered.TrySetResult();
            if (hold is not null)
            {
                await hold.WaitAsync(ct);
            }

            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO notes (text) VALUES ('sample')", transaction: transaction, cancellationToken: ct));
        }
    }
}
