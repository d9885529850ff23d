using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CuKhoi.ServiceDefaults.Data;

/// <summary>
/// The SQL that differs between SQLite and PostgreSQL, in one place. Everything else a
/// repository writes is plain SQL both accept (ON CONFLICT, RETURNING, LIMIT/OFFSET).
/// </summary>
public static class Dialect
{
    /// <summary>Case-sensitive substring test on an already-folded column.</summary>
    public static string Contains(Db db, string column, string parameter) =>
        db.IsSqlite ? $"instr({column}, {parameter}) > 0" : $"strpos({column}, {parameter}) > 0";

    /// <summary>
    /// `column` is one of the values of a list parameter. Dapper expands `IN @list` for
    /// SQLite but hands Npgsql a real array, which PostgreSQL only takes as `= ANY(@list)`.
    /// </summary>
    public static string InList(Db db, string column, string parameter) =>
        db.IsSqlite ? $"{column} IN {parameter}" : $"{column} = ANY({parameter})";

    /// <summary>
    /// A JSON array of <paramref name="value"/> over the aggregated rows, in <paramref name="orderBy"/>
    /// order: '[]' or NULL when there are none (PostgreSQL's json_agg gives NULL).
    /// </summary>
    public static string JsonArrayAgg(Db db, string value, string orderBy) =>
        db.IsSqlite ? $"json_group_array({value} ORDER BY {orderBy})" : $"json_agg({value} ORDER BY {orderBy})";

    /// <summary>Type name of a binary column (sort keys).</summary>
    public static string Binary(Db db) => db.IsSqlite ? "BLOB" : "bytea";

    /// <summary>
    /// Appended to a SELECT inside a write transaction to lock the rows it reads until the
    /// commit. Only for a rule that a version check cannot guard (a new row that depends on
    /// another row's state); a row's own changes are guarded by its version column.
    /// PostgreSQL (READ COMMITTED) needs FOR UPDATE; SQLite has none and needs none: its write
    /// transactions are BEGIN IMMEDIATE, one at a time.
    /// </summary>
    public static string ForUpdate(Db db) => db.IsSqlite ? string.Empty : " FOR UPDATE";

    /// <summary>
    /// Holds a lock named by <paramref name="key"/> until the transaction ends, so the
    /// transactions passing the same key run one at a time (a PostgreSQL advisory lock). On
    /// SQLite, BEGIN IMMEDIATE already runs writers one at a time: nothing to do.
    /// </summary>
    public static Task LockKeyAsync(Db db, DbConnection connection, DbTransaction transaction, string key, CancellationToken ct) =>
        db.IsSqlite
            ? Task.CompletedTask
            : connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
                new { key },
                transaction,
                cancellationToken: ct));

    /// <summary>
    /// True when <paramref name="e"/> broke the unique index or constraint <paramref name="index"/>.
    /// PostgreSQL names the constraint; SQLite names only the columns
    /// ("UNIQUE constraint failed: entries.contest_id, entries.title_folded"), so there the
    /// message is matched on <paramref name="column"/> (<c>table.column</c>, one column of the index).
    /// </summary>
    public static bool IsUniqueViolation(Exception e, string index, string column) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres => postgres.ConstraintName == index,
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } sqlite => sqlite.Message.Contains(column, StringComparison.Ordinal),
        _ => false,
    };
}
