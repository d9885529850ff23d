using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Dapper;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CuKhoi.ServiceDefaults.Data;

/// <summary>
/// The connection factory: one connection per operation (pooled), SQLite pragmas set once on
/// every physical connection, and a trace span around each statement so a trace reaches the
/// database. The few SQLite/PostgreSQL differences live in <see cref="Dialect"/>.
/// </summary>
public sealed class Db : IDisposable
{
    public static readonly ActivitySource ActivitySource = new("CuKhoi.Data");

    /// <summary>Left before a caller's deadline, a write is not committed: the caller would be told it failed.</summary>
    public static readonly TimeSpan CommitMargin = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The physical SQLite connections (sqlite3 handles) already set up. The pool hands the
    /// same handle out again and pragmas stay set on it, so running them on every open (four
    /// statements parsed and run per query) would only cost time.
    /// </summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _prepared = [];

    private readonly DatabaseOptions _options;

    private readonly ConcurrentBag<PreparedRead> _preparedReads = [];

    // Typed as the ADO.NET base class, and made in a method of its own, so a SQLite host never
    // loads Npgsql's assembly (its JIT would, compiling a method that names an Npgsql type).
    private readonly DbDataSource? _postgres;

    // WAL for concurrent readers; busy_timeout so writers queue instead of failing (no longer
    // than a command may take); foreign keys are off by default in SQLite; FULL so a commit
    // survives power loss.
    private readonly string _sqlitePragmas;

    public Db(DatabaseOptions options)
    {
        _options = options;
        _sqlitePragmas = $"""
            PRAGMA journal_mode = WAL;
            PRAGMA busy_timeout = {(int)options.CommandTimeout.TotalMilliseconds};
            PRAGMA foreign_keys = ON;
            PRAGMA synchronous = FULL;
            """;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        else
        {
            _postgres = CreatePostgres(options.ConnectionString);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DbDataSource CreatePostgres(string connectionString) => NpgsqlDataSource.Create(connectionString);

    public DatabaseProvider Provider => _options.Provider;

    public bool IsSqlite => _options.Provider == DatabaseProvider.Sqlite;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }

        var connection = new SqliteConnection(_options.ConnectionString);
        await connection.OpenAsync(ct);
        var handle = connection.Handle!;
        if (!_prepared.TryGetValue(handle, out _))
        {
            await connection.ExecuteAsync(_sqlitePragmas);
            _prepared.TryAdd(handle, this);
        }

        return connection;
    }

    /// <summary>A read whose statement stays compiled (SQLite), for a hot path; its parameters are named in the order <see cref="PreparedRead.ReadAsync"/> takes their values.</summary>
    public PreparedRead Prepare(string sql, params string[] parameters)
    {
        var read = new PreparedRead(this, sql, parameters);
        _preparedReads.Add(read);
        return read;
    }

    /// <summary>Closes the connections the prepared reads keep.</summary>
    public void Dispose()
    {
        foreach (var read in _preparedReads)
        {
            read.Dispose();
        }
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken ct)
    {
        using var activity = StartActivity(sql);
        await using var connection = await OpenAsync(ct);
        return (await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList();
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken ct)
    {
        using var activity = StartActivity(sql);
        await using var connection = await OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken ct)
    {
        using var activity = StartActivity(sql);
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it. On SQLite the
    /// transaction is BEGIN IMMEDIATE, so concurrent writers queue on busy_timeout instead
    /// of deadlocking on a read-to-write upgrade. With a caller's <paramref name="deadline"/>,
    /// a write that would commit within <see cref="CommitMargin"/> of it is rolled back and
    /// answered DEADLINE_EXCEEDED: committed-but-reported-failed cannot happen that way.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct, DateTime? deadline = null)
    {
        using var activity = ActivitySource.StartActivity("db.transaction", ActivityKind.Client);
        activity?.SetTag("db.system", IsSqlite ? "sqlite" : "postgresql");
        await using var connection = await OpenAsync(ct);
        await using var transaction = IsSqlite
            ? ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false)
            : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        var result = await work(connection, transaction);
        if (deadline is { } due && due != DateTime.MaxValue && due - DateTime.UtcNow < CommitMargin)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "The deadline is too close to commit the write; nothing was changed."));
        }

        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>A client span for one statement; the SQL text is recorded, never the parameters.</summary>
    public Activity? StartActivity(string sql)
    {
        var activity = ActivitySource.StartActivity("db.query", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("db.system", IsSqlite ? "sqlite" : "postgresql");
            activity.SetTag("db.statement", sql.Length > 2000 ? sql[..2000] : sql);
        }

        return activity;
    }
}
