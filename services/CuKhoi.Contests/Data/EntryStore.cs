using System.Data.Common;
using System.Text.Json;
using CuKhoi.Contests.Domain;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CuKhoi.Contests.Data;

/// <summary>
/// The small pieces of SQL plumbing the repositories share: author JSON, the row lock
/// (the one dialect difference this service adds) and unique-index violations.
/// </summary>
public static class EntryStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToJson(IReadOnlyList<AuthorData> authors) => JsonSerializer.Serialize(authors, Json);

    public static IReadOnlyList<AuthorData> AuthorsFrom(string json) =>
        JsonSerializer.Deserialize<List<AuthorData>>(json, Json) ?? [];

    /// <summary>
    /// Appended to a SELECT inside a write transaction. PostgreSQL (READ COMMITTED) needs
    /// the row lock so two writers cannot both act on what they read; SQLite's write
    /// transactions are BEGIN IMMEDIATE, already one at a time, and have no FOR UPDATE.
    /// </summary>
    public static string ForUpdate(Db db) => db.IsSqlite ? string.Empty : " FOR UPDATE";

    /// <summary>
    /// True when <paramref name="e"/> broke the unique index <paramref name="index"/>. SQLite
    /// names the columns, not the index, so its message is matched on <paramref name="column"/>.
    /// </summary>
    public static bool IsUniqueViolation(Exception e, string index, string column) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg => pg.ConstraintName == index,
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } sqlite => sqlite.Message.Contains(column, StringComparison.Ordinal),
        _ => false,
    };

    public static RpcException Duplicate(string title) =>
        Problems.Create(
            StatusCode.AlreadyExists,
            ContestReasons.DuplicateEntry,
            $"An entry titled '{title}' by the same primary author is already in this contest.",
            $"Cuộc thi đã có bài '{title}' của cùng tác giả chính.",
            [Problems.Violation("entry.title", "Same title by the same primary author in this contest.", "Trùng tiêu đề và tác giả chính trong cuộc thi này.", ContestReasons.DuplicateEntry)]);

    public static long Now(TimeProvider time) => Clock.ToMicros(time.GetUtcNow());
}
