using System.Data.Common;
using CuKhoi.ServiceDefaults.Data;
using Dapper;

namespace CuKhoi.Contests.Data;

/// <summary>How ListEntries may sort: an allow-list, never the caller's text in SQL.</summary>
public enum EntryOrder
{
    SubmitTime,
    ScoreDesc,
    Author,
}

/// <summary>
/// The SQL of entries: reads and lists here, writes in EntryRepository.Writes.cs,
/// statistics in EntryRepository.Statistics.cs. Lists page by keyset.
/// </summary>
public sealed partial class EntryRepository(Db db)
{
    private const string Columns = """
        e.id AS Id, e.contest_id AS ContestId, e.title AS Title, e.genre AS Genre, e.body AS Body,
        e.word_count AS WordCount, e.authors AS Authors, e.subject_kind AS SubjectKind,
        e.subject_name AS SubjectName, e.subject_dvk_model_id AS SubjectDvkModelId, e.status AS Status,
        e.score AS Score, e.prize AS Prize, e.forwarded_to_contest_id AS ForwardedToContestId,
        e.forwarded_entry_id AS ForwardedEntryId, e.origin_contest_id AS OriginContestId,
        e.origin_entry_id AS OriginEntryId, e.version AS Version, e.submit_time AS SubmitTime,
        e.update_time AS UpdateTime, e.primary_author_sort_key AS PrimaryAuthorSortKey
        """;

    /// <summary>
    /// The sort values of the last row of a page: submit time, score (-1 for none) or
    /// author sort key, then the id as tie-breaker.
    /// </summary>
    public sealed record Cursor(long? SubmitTime, double? Score, byte[]? AuthorKey, string Id);

    /// <summary>
    /// Filters of ListEntries. <paramref name="Statuses"/> are wire names chosen by the
    /// service, never free text; <paramref name="Terms"/> are folded query words.
    /// </summary>
    public sealed record Filter(string ContestId, IReadOnlyList<string>? Statuses, IReadOnlyList<string> Terms);

    public Task<EntryRow?> GetAsync(string contestId, string id, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<EntryRow>(
            $"SELECT {Columns} FROM entries e WHERE e.id = @id AND e.contest_id = @contestId",
            new { id, contestId },
            ct);

    /// <summary>Reads an entry inside a write transaction, locking it on PostgreSQL.</summary>
    public Task<EntryRow?> GetAsync(DbConnection connection, DbTransaction transaction, string contestId, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<EntryRow>(new CommandDefinition(
            $"SELECT {Columns} FROM entries e WHERE e.id = @id AND e.contest_id = @contestId{EntryStore.ForUpdate(db)}",
            new { id, contestId },
            transaction,
            cancellationToken: ct));

    public async Task<(IReadOnlyList<EntryRow> Rows, int Total)> ListAsync(Filter filter, EntryOrder order, Cursor? after, int limit, CancellationToken ct)
    {
        var parameters = new DynamicParameters(new { contestId = filter.ContestId, limit });
        var where = new List<string> { "e.contest_id = @contestId" };
        if (filter.Statuses is { } statuses)
        {
            // Literal wire names (from the enum), so no list parameter is needed on either database.
            where.Add($"e.status IN ({string.Join(", ", statuses.Select(s => $"'{s}'"))})");
        }

        for (var i = 0; i < filter.Terms.Count; i++)
        {
            // Every query word must be a whole word of the folded text (AND), in any order.
            where.Add(Dialect.Contains(db, "e.search_folded", $"@q{i}"));
            parameters.Add($"q{i}", $" {filter.Terms[i]} ");
        }

        var filterSql = string.Join(" AND ", where);
        var (orderBy, keyset) = order switch
        {
            EntryOrder.ScoreDesc => (
                "COALESCE(e.score, -1) DESC, e.id",
                "(COALESCE(e.score, -1) < @afterScore OR (COALESCE(e.score, -1) = @afterScore AND e.id > @afterId))"),
            EntryOrder.Author => (
                "e.primary_author_sort_key, e.id",
                "(e.primary_author_sort_key > @afterKey OR (e.primary_author_sort_key = @afterKey AND e.id > @afterId))"),
            _ => (
                "e.submit_time, e.id",
                "(e.submit_time > @afterTime OR (e.submit_time = @afterTime AND e.id > @afterId))"),
        };
        var pageSql = filterSql;
        if (after is not null)
        {
            pageSql += " AND " + keyset;
            parameters.Add("afterId", after.Id);
            parameters.Add("afterTime", after.SubmitTime ?? 0);
            parameters.Add("afterScore", after.Score ?? -1);
            parameters.Add("afterKey", after.AuthorKey ?? []);
        }

        var rows = await db.QueryAsync<EntryRow>(
            $"SELECT {Columns} FROM entries e WHERE {pageSql} ORDER BY {orderBy} LIMIT @limit",
            parameters,
            ct);
        var total = await db.QuerySingleOrDefaultAsync<long>($"SELECT COUNT(*) FROM entries e WHERE {filterSql}", parameters, ct);
        return (rows, (int)total);
    }

    /// <summary>
    /// One batch of an export, in (update_time, id) order: of one contest or of all
    /// (<paramref name="contestId"/> null), changed at or after <paramref name="since"/>,
    /// strictly after the cursor.
    /// </summary>
    public Task<IReadOnlyList<EntryRow>> ExportBatchAsync(string? contestId, long since, (long UpdateTime, string Id)? after, int limit, CancellationToken ct)
    {
        var where = new List<string> { "e.update_time >= @since" };
        if (contestId is not null)
        {
            where.Add("e.contest_id = @contestId");
        }

        if (after is not null)
        {
            where.Add("(e.update_time > @afterTime OR (e.update_time = @afterTime AND e.id > @afterId))");
        }

        return db.QueryAsync<EntryRow>(
            $"SELECT {Columns} FROM entries e WHERE {string.Join(" AND ", where)} ORDER BY e.update_time, e.id LIMIT @limit",
            new { since, contestId, afterTime = after?.UpdateTime, afterId = after?.Id, limit },
            ct);
    }

    public Task<long> CountAsync(string contestId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM entries WHERE contest_id = @contestId", new { contestId }, ct);
}
