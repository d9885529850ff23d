using Npgsql;
using Xunit;

namespace CuKhoi.Testing;

/// <summary>
/// A database of its own for one test host: a temp SQLite file, or a fresh PostgreSQL
/// database created on the server named by `CUKHOI_TEST_POSTGRES` (an admin connection
/// string; .ci/run sets it) and dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CUKHOI_TEST_POSTGRES";

    private readonly string? _directory;
    private readonly string? _postgresName;

    private TestDatabase(string provider, string connectionString, string? directory, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        _postgresName = postgresName;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The PostgreSQL admin connection string, or null when none is configured.</summary>
    public static string? PostgresAdmin => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static TestDatabase Sqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cukhoi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new TestDatabase("sqlite", $"Data Source={Path.Combine(directory, "test.db")}", directory, null);
    }

    /// <summary>
    /// A fresh PostgreSQL database. Without `CUKHOI_TEST_POSTGRES` the test is skipped on a
    /// developer machine (use [SkippableFact]/[SkippableTheory]) and fails under CI=true.
    /// </summary>
    public static async Task<TestDatabase> PostgresAsync()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(PostgresAdmin is null && !ci, $"{PostgresVariable} is not set: PostgreSQL tests skipped (bash .ci/run sets it).");
        var admin = PostgresAdmin ?? throw new PostgresUnavailableException();
        var name = "cukhoi_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false };
        return new TestDatabase("postgres", builder.ConnectionString, null, name);
    }

    public static Task<TestDatabase> CreateAsync(string provider) =>
        provider == "postgres" ? PostgresAsync() : Task.FromResult(Sqlite());

    /// <summary>Configuration for a host: `Database:Provider` and `ConnectionStrings:Default`.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Database:Provider", Provider),
        new("ConnectionStrings:Default", ConnectionString),
    ];

    /// <summary>
    /// The connection string with a bounded pool on PostgreSQL, so many concurrent test
    /// callers queue instead of opening a server connection each (SQLite: unchanged).
    /// </summary>
    public string PooledConnectionString(int maxPoolSize) =>
        Provider == "postgres"
            ? new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = true, MaxPoolSize = maxPoolSize }.ConnectionString
            : ConnectionString;

    public async ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A host still closing its file; the temp folder is cleaned by the OS.
            }
        }

        if (_postgresName is not null && PostgresAdmin is { } admin)
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>No PostgreSQL is configured for this test run.</summary>
public sealed class PostgresUnavailableException()
    : Exception($"Set {TestDatabase.PostgresVariable} to an admin connection string (bash .ci/run does) to run the PostgreSQL tests.");
