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

    public Task<ContestRow?> GetAsync(string id, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<ContestRow>($"SELECT {Columns} FROM contests WHERE id = @id", new { id }, ct);

    /// <summary>Reads a contest inside a write transaction, locking it on PostgreSQL.</summary>
    public Task<ContestRow?> GetAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ContestRow>(
            new CommandDefinition($"SELECT {Columns} FROM contests WHERE id = @id{EntryStore.ForUpdate(db)}", new { id }, transaction, cancellationToken: ct));

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

    public Task SetStatusAsync(DbConnection connection, DbTransaction transaction, string id, string status, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE contests SET status = @status, version = version + 1, update_time = @now WHERE id = @id",
            new { id, status, now },
            transaction,
            cancellationToken: ct));
}
