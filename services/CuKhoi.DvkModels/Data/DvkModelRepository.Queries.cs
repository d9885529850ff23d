using System.Runtime.CompilerServices;
using Dapper;

namespace CuKhoi.DvkModels.Data;

/// <summary>Lists (keyset pages over the allow-listed orders), exports (keyset batches) and statistics.</summary>
public sealed partial class DvkModelRepository
{
    /// <summary>The allow-listed order named by `orderBy` (400 otherwise), with this database's relevance score.</summary>
    public DvkOrder Order(string? orderBy, bool hasSearch) => DvkOrder.Parse(orderBy, hasSearch, DvkSearchSql.Score(db));

    /// <summary>
    /// One page in the given order after the cursor (keyset: inserts meanwhile never shift a
    /// page), the cursor of the next page when there is one, and the count of all matches.
    /// </summary>
    public async Task<(IReadOnlyList<DvkModelRow> Rows, DvkListCursor? Next, long TotalSize)> ListAsync(
        DvkModelFilter filter, DvkOrder order, DvkListCursor? after, int pageSize, CancellationToken ct)
    {
        var (join, where, parameters) = Filter(filter);
        var keyset = after is null ? string.Empty : "AND " + order.AfterCursorClause();
        if (after is not null)
        {
            AddCursor(parameters, order, after);
        }

        parameters.Add("limit", pageSize + 1);
        var score = order.UsesScore ? $", {DvkSearchSql.Score(db)} AS Score" : string.Empty;
        var pageSql = $"""
            SELECT m.id AS Id, m.update_time AS UpdateTime, m.year AS Year, m.name_sort_key AS NameSortKey{score}
            FROM dvk_models m
            {join}
            WHERE {where} {keyset}
            ORDER BY {order.OrderByClause()}
            LIMIT @limit
            """;
        var countSql = $"""
            SELECT COUNT(*)
            FROM dvk_models m
            {join}
            WHERE {where}
            """;

        var keys = await db.QueryAsync<PageKey>(pageSql, parameters, ct);
        var total = await db.QuerySingleOrDefaultAsync<long>(countSql, parameters, ct);
        var page = keys.Take(pageSize).ToList();
        var rows = await BatchGetAsync(page.Select(k => k.Id).ToList(), ct);
        var next = keys.Count > pageSize
            ? new DvkListCursor(page[^1].UpdateTime, page[^1].Year, Convert.ToBase64String(page[^1].NameSortKey), order.UsesScore ? page[^1].Score : null, page[^1].Id)
            : null;
        return (rows, next, total);
    }

    /// <summary>
    /// Every model (deleted ones too) changed at or after <paramref name="since"/>, in
    /// (update_time, id) order after the cursor, fetched in keyset batches so memory stays
    /// flat however many there are. Each model comes with the key it was found under: the
    /// cursor to resume after it (a model changed meanwhile is sent with its newer content
    /// and, being newer, again later; nothing is skipped).
    /// </summary>
    /// <param name="publicOnly">Only what anyone may read: RECOGNISED and not deleted.</param>
    public async IAsyncEnumerable<(DvkModelRow Row, long UpdateTime)> ExportAsync(
        long? since, (long UpdateTime, string Id)? after, int batchSize, bool publicOnly, [EnumeratorCancellation] CancellationToken ct)
    {
        var sinceClause = since is null ? string.Empty : "AND m.update_time >= @since";
        var visibility = publicOnly ? "AND m.status = 'RECOGNISED' AND m.delete_time IS NULL" : string.Empty;
        while (true)
        {
            var keyset = after is null ? string.Empty : "AND (m.update_time > @afterTime OR (m.update_time = @afterTime AND m.id > @afterId))";
            var keys = await db.QueryAsync<PageKey>(
                $"""
                SELECT m.id AS Id, m.update_time AS UpdateTime
                FROM dvk_models m
                WHERE 1 = 1 {sinceClause} {visibility} {keyset}
                ORDER BY m.update_time, m.id
                LIMIT @batchSize
                """,
                new { since, afterTime = after?.UpdateTime, afterId = after?.Id, batchSize },
                ct);
            if (keys.Count == 0)
            {
                yield break;
            }

            var rows = (await BatchGetAsync(keys.Select(k => k.Id).ToList(), ct)).ToDictionary(m => m.Id, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (rows.TryGetValue(key.Id, out var row))
                {
                    yield return (row, key.UpdateTime);
                }

                after = (key.UpdateTime, key.Id);
            }

            if (keys.Count < batchSize)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The figures of one year for the annual report, counted by the database. Soft-deleted
    /// models count nowhere. "Recognised" counts distinct models with a recognition whose
    /// year is the year asked, so a model recognised twice at one level counts once there.
    /// </summary>
    public async Task<DvkYearFigures> StatisticsAsync(int year, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        async Task<List<(string Key, long Count)>> CountsAsync(string sql) =>
            (await connection.QueryAsync<(string Key, long Count)>(new CommandDefinition(sql, new { year }, cancellationToken: ct))).AsList();

        var byStatus = await CountsAsync("""
            SELECT status AS Key, COUNT(*) AS Count
            FROM dvk_models
            WHERE year = @year AND delete_time IS NULL
            GROUP BY status
            """);
        var byField = await CountsAsync("""
            SELECT field AS Key, COUNT(*) AS Count
            FROM dvk_models
            WHERE year = @year AND delete_time IS NULL
            GROUP BY field
            """);
        var recognisedByLevel = await CountsAsync("""
            SELECT r.level AS Key, COUNT(DISTINCT r.model_id) AS Count
            FROM dvk_recognitions r
            JOIN dvk_models m ON m.id = r.model_id
            WHERE r.year = @year AND m.delete_time IS NULL
            GROUP BY r.level
            """);
        var recognisedByField = await CountsAsync("""
            SELECT m.field AS Key, COUNT(DISTINCT m.id) AS Count
            FROM dvk_models m
            JOIN dvk_recognitions r ON r.model_id = m.id
            WHERE r.year = @year AND m.delete_time IS NULL
            GROUP BY m.field
            """);
        var registered = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM dvk_models WHERE year = @year AND delete_time IS NULL",
            new { year },
            cancellationToken: ct));

        return new DvkYearFigures(registered, byStatus, byField, recognisedByLevel, recognisedByField);
    }

    private (string Join, string Where, DynamicParameters Parameters) Filter(DvkModelFilter filter)
    {
        var conditions = new List<string> { "m.delete_time IS NULL" };
        var parameters = new DynamicParameters();
        if (filter.Year is { } year)
        {
            conditions.Add("m.year = @year");
            parameters.Add("year", year);
        }

        if (filter.Field is { } field)
        {
            conditions.Add("m.field = @field");
            parameters.Add("field", field);
        }

        if (filter.Status is { } status)
        {
            conditions.Add("m.status = @status");
            parameters.Add("status", status);
        }

        if (filter.Level is { } level)
        {
            conditions.Add("EXISTS (SELECT 1 FROM dvk_recognitions r WHERE r.model_id = m.id AND r.level = @level)");
            parameters.Add("level", level);
        }

        if (filter.OwnerUnitFolded is { } ownerUnit)
        {
            conditions.Add("m.owner_unit_folded = @ownerUnit");
            parameters.Add("ownerUnit", ownerUnit);
        }

        var join = string.Empty;
        if (filter.HasSearch)
        {
            join = DvkSearchSql.Join(db);
            if (DvkSearchSql.Where(db) is { } condition)
            {
                conditions.Add(condition);
            }

            DvkSearchSql.AddParameters(db, parameters, filter.SearchTokens);
        }

        return (join, string.Join(" AND ", conditions), parameters);
    }

    private static void AddCursor(DynamicParameters parameters, DvkOrder order, DvkListCursor after)
    {
        foreach (var (_, _, parameter) in order.Keys)
        {
            object? value = parameter switch
            {
                "@cUpdateTime" => after.UpdateTime,
                "@cYear" => after.Year,
                "@cNameKey" => after.NameKey is null ? null : Convert.FromBase64String(after.NameKey),
                "@cScore" => after.Score,
                "@cId" => after.Id,
                _ => throw new InvalidOperationException($"Unknown cursor parameter {parameter}."),
            };
            parameters.Add(parameter[1..], value ?? throw new FormatException("The page token does not carry this order's keys."));
        }
    }

    private sealed class PageKey
    {
        public string Id { get; set; } = "";
        public long UpdateTime { get; set; }
        public long Year { get; set; }
        public byte[] NameSortKey { get; set; } = [];
        public double Score { get; set; }
    }
}
