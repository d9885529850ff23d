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

    /// <summary>Type name of a binary column (sort keys).</summary>
    public static string Binary(Db db) => db.IsSqlite ? "BLOB" : "bytea";
}
