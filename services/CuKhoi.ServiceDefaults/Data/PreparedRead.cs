using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CuKhoi.ServiceDefaults.Data;

/// <summary>
/// One read a service runs on every call of a hot path (the articles service's GetArticle),
/// whose statement stays compiled. Microsoft.Data.Sqlite compiles a command's SQL again on
/// every new command, and closing a connection finalizes its statements, so a read on a
/// pooled connection parses and plans its SQL each time (kept compiled, a GetArticle costs the
/// service half the CPU, bench/RESULTS.md "Fourteenth pass"). On SQLite this keeps up to
/// <see cref="MaxIdle"/> open connections for the read, each with the command prepared once;
/// a call takes one (or opens another when all are busy), binds its values, reads, and gives
/// it back. Each execution is its own read transaction, so it sees every commit before it,
/// as a pooled connection would. A read that fails drops its connection. On PostgreSQL it is
/// an ordinary command on a pooled connection (Npgsql prepares on its own when asked to).
/// Made once per read (a field of the repository), disposed with <see cref="Db"/>.
/// </summary>
public sealed class PreparedRead : IDisposable
{
    /// <summary>Idle connections kept; more calls at once than this open and close their own.</summary>
    public const int MaxIdle = 8;

    private readonly Db _db;
    private readonly string[] _parameters;
    private readonly ConcurrentBag<Entry> _idle = [];
    private int _idleCount;
    private int _prepared;
    private bool _disposed;

    internal PreparedRead(Db db, string sql, string[] parameters)
    {
        _db = db;
        Sql = sql;
        _parameters = parameters;
    }

    public string Sql { get; }

    /// <summary>How many times its statement was compiled (SQLite): once per connection it keeps, not once per call.</summary>
    internal int Prepared => Volatile.Read(ref _prepared);

    /// <summary>Runs the read with these values for its parameters, in order, and maps its rows with <paramref name="read"/>.</summary>
    public async Task<T> ReadAsync<T>(object?[] values, Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, _parameters.Length);
        using var activity = _db.StartActivity(Sql);
        if (!_db.IsSqlite)
        {
            await using var connection = await _db.OpenAsync(ct);
            await using var command = Command(connection, values);
            await using var rows = await command.ExecuteReaderAsync(ct);
            return await read(rows, ct);
        }

        var entry = Take() ?? await OpenAsync(ct);
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                entry.Command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            T result;
            await using (var rows = await entry.Command.ExecuteReaderAsync(ct))
            {
                result = await read(rows, ct);
            }

            Give(entry);
            entry = null;
            return result;
        }
        finally
        {
            entry?.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var entry))
        {
            entry.Dispose();
        }
    }

    private DbCommand Command(DbConnection connection, object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = Sql; // its timeout is the connection string's (DatabaseOptions)
        for (var i = 0; i < _parameters.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = _parameters[i];
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private Entry? Take()
    {
        if (_idle.TryTake(out var entry))
        {
            Interlocked.Decrement(ref _idleCount);
            return entry;
        }

        return null;
    }

    private void Give(Entry entry)
    {
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= MaxIdle)
        {
            _idle.Add(entry);
            if (_disposed)
            {
                Dispose();
            }

            return;
        }

        Interlocked.Decrement(ref _idleCount);
        entry.Dispose();
    }

    private async Task<Entry> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = (SqliteConnection)await _db.OpenAsync(ct);
        var command = (SqliteCommand)Command(connection, new object?[_parameters.Length]);
        command.Prepare();
        Interlocked.Increment(ref _prepared);
        return new Entry(connection, command);
    }

    private sealed record Entry(SqliteConnection Connection, SqliteCommand Command) : IDisposable
    {
        public void Dispose()
        {
            Command.Dispose();
            Connection.Dispose();
        }
    }
}
