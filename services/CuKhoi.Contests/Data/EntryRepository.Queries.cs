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
/// Lists (keyset pages over the allow-listed orders), exports (keyset batches) and the
/// per-year figures of the annual report, counted by SQL.
/// </summary>
public sealed partial class EntryRepository
{
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
    /// <param name="statuses">Only entries in these statuses (the public ones); null for every entry.</param>
    public Task<IReadOnlyList<EntryRow>> ExportBatchAsync(string? contestId, long since, (long UpdateTime, string Id)? after, int limit, IReadOnlyList<string>? statuses, CancellationToken ct)
    {
        var where = new List<string> { "e.update_time >= @since" };
        if (statuses is not null)
        {
            where.Add(Dialect.InList(db, "e.status", "@statuses"));
        }

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
            new { since, contestId, afterTime = after?.UpdateTime, afterId = after?.Id, limit, statuses = statuses?.ToArray() },
            ct);
    }

    public Task<long> CountAsync(string contestId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM entries WHERE contest_id = @contestId", new { contestId }, ct);

    // Classes with setters, not positional records: on an empty result SQLite reports
    // expression columns as BLOB, which no constructor signature matches.
    public sealed class ChainCounts
    {
        public long WardEntries { get; set; }
        public long ReachedDistrict { get; set; }
        public long ReachedCity { get; set; }
    }

    public sealed class LevelCount
    {
        public string Level { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public long Count { get; set; }
    }

    /// <summary>
    /// The exact definitions, for a year Y (the `year` of the contests, not submit times):
    /// <list type="bullet">
    /// <item>ward entries: every entry, whatever its status, of the WARD contests of year Y.
    /// Forwarded copies live in other (district, city) contests, so nothing is counted twice.</item>
    /// <item>reached district: those ward entries whose forward link (forwarded_entry_id) points
    /// at an entry of a DISTRICT contest; i.e. followed through the chain from the ward, so an
    /// entry submitted straight to the district is not counted.</item>
    /// <item>reached city: those ward entries whose district copy was itself forwarded to an
    /// entry of a CITY contest (ward → district → city).</item>
    /// </list>
    /// A parent is always one level up and of the same year, so the chain stays inside Y.
    /// </summary>
    public async Task<ChainCounts> ChainCountsAsync(int year, CancellationToken ct) =>
        (await db.QuerySingleOrDefaultAsync<ChainCounts>(
            """
            SELECT
              (SELECT COUNT(*)
                 FROM entries w JOIN contests wc ON wc.id = w.contest_id
                WHERE wc.level = 'WARD' AND wc.year = @year) AS WardEntries,
              (SELECT COUNT(*)
                 FROM entries w JOIN contests wc ON wc.id = w.contest_id
                 JOIN entries d ON d.id = w.forwarded_entry_id
                 JOIN contests dc ON dc.id = d.contest_id AND dc.level = 'DISTRICT'
                WHERE wc.level = 'WARD' AND wc.year = @year) AS ReachedDistrict,
              (SELECT COUNT(*)
                 FROM entries w JOIN contests wc ON wc.id = w.contest_id
                 JOIN entries d ON d.id = w.forwarded_entry_id
                 JOIN contests dc ON dc.id = d.contest_id AND dc.level = 'DISTRICT'
                 JOIN entries c ON c.id = d.forwarded_entry_id
                 JOIN contests cc ON cc.id = c.contest_id AND cc.level = 'CITY'
                WHERE wc.level = 'WARD' AND wc.year = @year) AS ReachedCity
            """,
            new { year },
            ct))!;

    /// <summary>Entries of the contests of year Y by level and status (every status, copies included).</summary>
    public Task<IReadOnlyList<LevelCount>> CountByLevelAndStatusAsync(int year, CancellationToken ct) =>
        db.QueryAsync<LevelCount>(
            """
            SELECT c.level AS Level, e.status AS Status, COUNT(*) AS Count
            FROM entries e JOIN contests c ON c.id = e.contest_id
            WHERE c.year = @year
            GROUP BY c.level, e.status
            """,
            new { year },
            ct);

    /// <summary>Entries of the contests of year Y by level (the sum over statuses, counted again by SQL).</summary>
    public Task<IReadOnlyList<LevelCount>> CountByLevelAsync(int year, CancellationToken ct) =>
        db.QueryAsync<LevelCount>(
            """
            SELECT c.level AS Level, COUNT(*) AS Count
            FROM entries e JOIN contests c ON c.id = e.contest_id
            WHERE c.year = @year
            GROUP BY c.level
            """,
            new { year },
            ct);
}
