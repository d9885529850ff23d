using System.Data.Common;
using CuKhoi.ServiceDefaults.Data;
using Dapper;

namespace CuKhoi.Contests.Data;

/// <summary>The SQL of contests. Lists page by keyset over (year desc, level, id).</summary>
public sealed class ContestRepository(Db db)
{
    private const string Columns = """
        id AS Id, name AS Name, year AS Year, level AS Level, level_rank AS LevelRank,
        parent_contest_id AS ParentContestId, organiser AS Organiser, opens_on AS OpensOn,
        closes_on AS ClosesOn, max_words AS MaxWords, status AS Status, version AS Version,
        create_time AS CreateTime, update_time AS UpdateTime
        """;

    public sealed record Cursor(int Year, int LevelRank, string Id);

    public Task<ContestRow?> FindAsync(string id, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<ContestRow>($"SELECT {Columns} FROM contests WHERE id = @id", new { id }, ct);

    /// <summary>The contest as the write transaction sees it.</summary>
    public Task<ContestRow?> FindAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ContestRow>(
            new CommandDefinition($"SELECT {Columns} FROM contests WHERE id = @id", new { id }, transaction, cancellationToken: ct));

    /// <summary>
    /// The contest, locked until the write transaction ends, for a write that adds an entry to
    /// it: whether it takes one depends on its status, and the new entry has no version of its
    /// own to check. A transition of the contest waits for that write (and closing then sees
    /// the entry), or that write waits and reads the new status.
    /// </summary>
    public Task<ContestRow?> LockAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ContestRow>(
            new CommandDefinition($"SELECT {Columns} FROM contests WHERE id = @id{Dialect.ForUpdate(db)}", new { id }, transaction, cancellationToken: ct));

    public async Task<(IReadOnlyList<ContestRow> Rows, int Total)> ListAsync(int? year, string? level, Cursor? after, int limit, CancellationToken ct)
    {
        var where = new List<string>();
        if (year is not null)
        {
            where.Add("year = @year");
        }

        if (level is not null)
        {
            where.Add("level = @level");
        }

        var filter = where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where);
        var page = after is null
            ? filter
            : (filter.Length == 0 ? "WHERE " : filter + " AND ")
              + "(year < @afterYear OR (year = @afterYear AND (level_rank > @afterRank OR (level_rank = @afterRank AND id > @afterId))))";
        var parameters = new { year, level, afterYear = after?.Year, afterRank = after?.LevelRank, afterId = after?.Id, limit };
        var rows = await db.QueryAsync<ContestRow>(
            $"SELECT {Columns} FROM contests {page} ORDER BY year DESC, level_rank, id LIMIT @limit",
            parameters,
            ct);
        var total = await db.QuerySingleOrDefaultAsync<long>($"SELECT COUNT(*) FROM contests {filter}", parameters, ct);
        return (rows, (int)total);
    }

    public Task InsertAsync(DbConnection connection, DbTransaction transaction, ContestRow row, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO contests (id, name, year, level, level_rank, parent_contest_id, organiser,
                                  opens_on, closes_on, max_words, status, version, create_time, update_time)
            VALUES (@Id, @Name, @Year, @Level, @LevelRank, @ParentContestId, @Organiser,
                    @OpensOn, @ClosesOn, @MaxWords, @Status, @Version, @CreateTime, @UpdateTime)
            """,
            row,
            transaction,
            cancellationToken: ct));

    /// <summary>Moves the status; false when the row changed since it was read (version moved).</summary>
    public async Task<bool> UpdateStatusAsync(DbConnection connection, DbTransaction transaction, ContestRow row, CancellationToken ct)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE contests SET status = @Status, version = version + 1, update_time = @UpdateTime
            WHERE id = @Id AND version = @Version
            """,
            new { row.Id, row.Status, row.UpdateTime, row.Version },
            transaction,
            cancellationToken: ct));
        row.Version += updated;
        return updated == 1;
    }
}
