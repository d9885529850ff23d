namespace CuKhoi.ServiceDefaults.Data;

/// <summary>Which database a host uses: `Database:Provider` and `ConnectionStrings:Default`.</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
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

        return new DatabaseOptions(provider, connectionString);
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
