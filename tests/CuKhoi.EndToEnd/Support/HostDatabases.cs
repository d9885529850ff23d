using Npgsql;

namespace CuKhoi.EndToEnd.Support;

/// <summary>
/// Where the hosts of one system keep their data. SQLite (the default): one file per
/// database in the system's data folder. With `CUKHOI_E2E_DATABASE=postgres` (the second pass
/// of scripts/test.sh): one fresh database per name on the server that `CUKHOI_TEST_POSTGRES`
/// names, made before the hosts start and dropped when the system is disposed. Replicas of a
/// service share its one database, as they would in production.
/// </summary>
public sealed class HostDatabases : IAsyncDisposable
{
    public const string ProviderVariable = "CUKHOI_E2E_DATABASE";
    public const string PostgresVariable = "CUKHOI_TEST_POSTGRES";

    /// <summary>
    /// Each host process pools at most this many server connections: six processes of the
    /// replicated system stay well under PostgreSQL's default max_connections (100).
    /// </summary>
    private const int MaxPoolSize = 10;

    private readonly string _directory;
    private readonly string _prefix = "cukhoi_e2e_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<string> _created = [];

    private HostDatabases(string directory) => _directory = directory;

    /// <summary>"sqlite" or "postgres", from <see cref="ProviderVariable"/>.</summary>
    public static string Provider { get; } = Environment.GetEnvironmentVariable(ProviderVariable)?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => "sqlite",
        "postgres" or "postgresql" => "postgres",
        var other => throw new InvalidOperationException($"{ProviderVariable}='{other}': use 'sqlite' or 'postgres'."),
    };

    public static bool IsPostgres => Provider == "postgres";

    /// <summary>Makes the databases <paramref name="names"/> (e.g. "articles", "gateway") for hosts to use.</summary>
    public static async Task<HostDatabases> CreateAsync(string directory, IEnumerable<string> names)
    {
        var databases = new HostDatabases(directory);
        if (!IsPostgres)
        {
            return databases;
        }

        try
        {
            await using var connection = await OpenAdminAsync();
            foreach (var name in names)
            {
                await using var command = new NpgsqlCommand($"CREATE DATABASE {databases.ServerName(name)}", connection);
                await command.ExecuteNonQueryAsync().WaitAsync(Rest.Timeout);
                databases._created.Add(name);
            }

            return databases;
        }
        catch
        {
            await databases.DisposeAsync();
            throw;
        }
    }

    /// <summary>A host's `Database__Provider` and `ConnectionStrings__Default` for database <paramref name="name"/>.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings(string name) =>
    [
        new("Database__Provider", Provider),
        new("ConnectionStrings__Default", IsPostgres
            ? new NpgsqlConnectionStringBuilder(Admin) { Database = ServerName(name), MaxPoolSize = MaxPoolSize }.ConnectionString
            : $"Data Source={SqliteFile(name)}"),
    ];

    /// <summary>The SQLite file of database <paramref name="name"/>; there is none in the PostgreSQL pass.</summary>
    public string SqliteFile(string name) => IsPostgres
        ? throw new InvalidOperationException($"{name} is a PostgreSQL database in this pass, not a file.")
        : Path.Combine(_directory, name + ".db");

    /// <summary>Whether a host has made its database: the SQLite file, or a schema_version table on the server.</summary>
    public async Task<bool> HoldsDataAsync(string name)
    {
        if (!IsPostgres)
        {
            return File.Exists(SqliteFile(name));
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Admin) { Database = ServerName(name), Pooling = false }.ConnectionString);
        await connection.OpenAsync().WaitAsync(Rest.Timeout);
        await using var command = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL", connection);
        return await command.ExecuteScalarAsync().WaitAsync(Rest.Timeout) is true;
    }

    /// <summary>Drops the PostgreSQL databases (the hosts must be gone; FORCE ends any connection left).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_created.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAdminAsync();
        foreach (var name in _created)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {ServerName(name)} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync().WaitAsync(Rest.Timeout);
        }

        _created.Clear();
    }

    /// <summary>The admin connection string; a PostgreSQL pass without one is a mistake, never a silent skip.</summary>
    private static string Admin => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } admin
        ? admin
        : throw new InvalidOperationException($"{ProviderVariable}=postgres needs {PostgresVariable} (an admin connection string, e.g. 'Host=127.0.0.1;Username=postgres;Password=postgres').");

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Admin) { Pooling = false }.ConnectionString);
        await connection.OpenAsync().WaitAsync(Rest.Timeout);
        return connection;
    }

    /// <summary>"dvkmodels" → "cukhoi_e2e_1a2b3c4d5e6f_dvkmodels": unique per system, a valid unquoted identifier.</summary>
    private string ServerName(string name) => $"{_prefix}_{name}";
}
