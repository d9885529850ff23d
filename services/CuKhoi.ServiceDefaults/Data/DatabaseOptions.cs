using System.Data.Common;
using System.Globalization;

namespace CuKhoi.ServiceDefaults.Data;

/// <summary>
/// Which database a host uses and how patiently: `Database:Provider`, `ConnectionStrings:Default`,
/// `Database:MaxPoolSize` (PostgreSQL connections per process, default 20) and
/// `Database:CommandTimeout` (default 3 s, under the gateway's 5 s deadline, so a statement
/// gives up before the caller does). What the connection string itself says wins.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const int DefaultMaxPoolSize = 20;

    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long a statement (or, on SQLite, a wait for the write lock) may take.</summary>
    public TimeSpan CommandTimeout { get; init; } = DefaultCommandTimeout;

    public static DatabaseOptions From(IConfiguration configuration, string defaultSqliteFile)
    {
        var provider = configuration["Database:Provider"]?.ToLowerInvariant() switch
        {
            null or "" or "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException($"Database:Provider '{other}' is not supported; use 'sqlite' or 'postgres'."),
        };
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException("ConnectionStrings:Default is required with Database:Provider=postgres.");
            }

            connectionString = $"Data Source={defaultSqliteFile}";
        }

        var timeout = configuration.GetValue("Database:CommandTimeout", DefaultCommandTimeout);
        if (timeout < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException("Database:CommandTimeout must be at least 1 second.");
        }

        var seconds = ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        connectionString = provider == DatabaseProvider.Postgres
            ? WithDefaults(connectionString, ("Maximum Pool Size", configuration.GetValue("Database:MaxPoolSize", DefaultMaxPoolSize).ToString(CultureInfo.InvariantCulture), ["Maximum Pool Size", "Max Pool Size", "MaxPoolSize"]), ("Command Timeout", seconds, ["Command Timeout", "CommandTimeout"]))
            : WithDefaults(connectionString, ("Default Timeout", seconds, ["Default Timeout", "DefaultTimeout", "Command Timeout"]));
        return new DatabaseOptions(provider, connectionString) { CommandTimeout = timeout };
    }

    /// <summary>Adds each setting the connection string does not already name (under any of its spellings).</summary>
    private static string WithDefaults(string connectionString, params (string Key, string Value, string[] Names)[] settings)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var (key, value, names) in settings)
        {
            if (!names.Any(builder.ContainsKey))
            {
                builder[key] = value;
            }
        }

        return builder.ConnectionString;
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
