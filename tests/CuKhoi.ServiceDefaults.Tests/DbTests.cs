using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>The connection factory: SQLite pragmas on every connection, one SQL for both databases.</summary>
public class DbTests
{
    [Fact]
    public async Task Every_SQLite_connection_gets_the_pragmas()
    {
        await using var test = await TestDb.CreateAsync("sqlite");
        var db = test.NewDb();

        // Held open together, so each is a distinct physical connection, not one from the pool.
        var connections = new List<System.Data.Common.DbConnection>();
        for (var i = 0; i < 3; i++)
        {
            connections.Add(await db.OpenAsync(CancellationToken.None));
        }

        foreach (var connection in connections)
        {
            Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
            Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // FULL
            Assert.Equal((long)DatabaseOptions.DefaultCommandTimeout.TotalMilliseconds, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
            await connection.DisposeAsync();
        }

        // Back from the pool, the same physical connection keeps them (they are set once per connection).
        await using var reused = await db.OpenAsync(CancellationToken.None);
        Assert.Equal(1L, await reused.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(2L, await reused.ExecuteScalarAsync<long>("PRAGMA synchronous"));
    }

    [Theory]
    [InlineData("Host=db;Database=articles", "Maximum Pool Size=20", "Command Timeout=3")]
    [InlineData("Host=db;Database=articles;Max Pool Size=7;CommandTimeout=9", "Max Pool Size=7", "CommandTimeout=9")]
    public void PostgreSQL_pool_and_command_timeout_come_from_the_connection_string_else_the_defaults(string given, string pool, string timeout)
    {
        var options = DatabaseOptions.From(Config(("Database:Provider", "postgres"), ("ConnectionStrings:Default", given)), "unused.db");

        Assert.Contains(pool, options.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(timeout, options.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Database_settings_size_the_pool_and_bound_every_statement()
    {
        var options = DatabaseOptions.From(
            Config(("Database:Provider", "postgres"), ("ConnectionStrings:Default", "Host=db"), ("Database:MaxPoolSize", "12"), ("Database:CommandTimeout", "00:00:02")),
            "unused.db");
        var sqlite = DatabaseOptions.From(Config(("Database:CommandTimeout", "00:00:04")), "data/x.db");

        Assert.Contains("Maximum Pool Size=12", options.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Command Timeout=2", options.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(TimeSpan.FromSeconds(2), options.CommandTimeout);
        Assert.Contains("Default Timeout=4", sqlite.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<InvalidOperationException>(() => DatabaseOptions.From(Config(("Database:CommandTimeout", "00:00:00.5")), "x.db"));
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public async Task Foreign_keys_are_enforced_on_SQLite()
    {
        await using var test = await TestDb.CreateAsync("sqlite");
        var db = test.NewDb();
        await db.ExecuteAsync("CREATE TABLE parent (id INTEGER PRIMARY KEY)", null, CancellationToken.None);
        await db.ExecuteAsync("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id))", null, CancellationToken.None);

        var e = await Assert.ThrowsAsync<SqliteException>(() => db.ExecuteAsync("INSERT INTO child (id, parent_id) VALUES (1, 42)", null, CancellationToken.None));
        Assert.Equal(19, e.SqliteErrorCode); // SQLITE_CONSTRAINT
    }

    [Fact]
    public async Task A_missing_data_folder_is_created()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cukhoi-tests", Guid.NewGuid().ToString("N"), "data");
        try
        {
            var db = new Db(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "articles.db")};Pooling=False"));

            Assert.Equal(1L, await db.QuerySingleOrDefaultAsync<long>("SELECT 1", null, CancellationToken.None));
            Assert.True(File.Exists(Path.Combine(folder, "articles.db")));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Folded_search_and_sort_keys_work_the_same_on_both_databases(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();
        await db.ExecuteAsync($"CREATE TABLE people (name TEXT NOT NULL, name_folded TEXT NOT NULL, name_sort_key {Dialect.Binary(db)} NOT NULL)", null, CancellationToken.None);
        string[] names = ["Đức", "Ba", "An", "Ấp", "Dung", "Ân"];
        foreach (var name in names)
        {
            await db.ExecuteAsync(
                "INSERT INTO people (name, name_folded, name_sort_key) VALUES (@name, @folded, @key)",
                new { name, folded = VietnameseText.Fold(name), key = VietnameseText.SortKey(name) },
                CancellationToken.None);
        }

        var sorted = await db.QueryAsync<string>("SELECT name FROM people ORDER BY name_sort_key", null, CancellationToken.None);
        var found = await db.QueryAsync<string>(
            $"SELECT name FROM people WHERE {Dialect.Contains(db, "name_folded", "@q")} ORDER BY name_sort_key",
            new { q = VietnameseText.Fold("DU") },
            CancellationToken.None);

        Assert.Equal(["An", "Ân", "Ấp", "Ba", "Dung", "Đức"], sorted);
        Assert.Equal(["Dung", "Đức"], found);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_transaction_that_throws_is_rolled_back(string provider)
    {
        await using var test = await TestDb.CreateAsync(provider);
        var db = await test.MigratedAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync<int>(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync("INSERT INTO notes (text) VALUES ('lost')", transaction: transaction);
                throw new InvalidOperationException("boom");
            },
            CancellationToken.None));

        Assert.Equal(0, await db.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM notes WHERE text = 'lost'", null, CancellationToken.None));
    }
}
