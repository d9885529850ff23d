using CuKhoi.ServiceDefaults.Data;
using Dapper;

namespace CuKhoi.Articles.Data;

/// <summary>Lists (keyset pages), exports (keyset batches), categories and statistics.</summary>
public sealed partial class ArticleRepository
{
    /// <summary>
    /// One page after <paramref name="after"/>, newest / most viewed / most relevant first.
    /// The sort key is compared as a row value (key, id), so rows inserted meanwhile never
    /// shift a page: they land before or after the cursor, never across it.
    /// </summary>
    public async Task<IReadOnlyList<ArticleRow>> ListAsync(ArticleQuery query, ListCursor? after, int limit, CancellationToken ct)
    {
        var (with, from, where, parameters) = Filter(query);
        var key = SortKey(query.Order);
        if (after is not null)
        {
            where.Add($"({key}, a.id) < (@afterKey, @afterId)");
            parameters.Add("afterKey", query.Order == ArticleOrder.Relevance ? after.Rank : after.Key);
            parameters.Add("afterId", after.Id);
        }

        parameters.Add("limit", limit);
        var rank = query.SearchTokens.Count > 0 ? ", h.rank AS Rank" : string.Empty;
        var sql = $"""
            {with}
            SELECT {Columns}{rank}
            FROM {from}
            {Where(where)}
            ORDER BY {key} DESC, a.id DESC
            LIMIT @limit
            """;
        await using var connection = await db.OpenAsync(ct);
        using var activity = db.StartActivity(sql);
        return (await connection.QueryAsync<ArticleRow>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList();
    }

    /// <summary>totalSize: the same filters, no cursor.</summary>
    public async Task<int> CountAsync(ArticleQuery query, CancellationToken ct)
    {
        var (with, from, where, parameters) = Filter(query);
        var sql = $"{with} SELECT COUNT(*) FROM {from} {Where(where)}";
        return (int)await db.QuerySingleOrDefaultAsync<long>(sql, parameters, ct);
    }

    /// <summary>The next batch of an export in (update_time, id) order, as the database's bytes.</summary>
    public async Task<List<ArticleBytes>> ExportBatchAsync(long? since, bool publishedOnly, ExportCursor? after, int limit, CancellationToken ct)
    {
        var where = new List<string>();
        var parameters = new DynamicParameters(new { limit });
        if (since is not null)
        {
            where.Add("a.update_time > @since");
            parameters.Add("since", since.Value);
        }

        if (publishedOnly)
        {
            where.Add("a.status = 'PUBLISHED'");
        }

        if (after is not null)
        {
            where.Add("(a.update_time, a.id) > (@afterTime, @afterId)");
            parameters.Add("afterTime", after.UpdateTime);
            parameters.Add("afterId", after.Id);
        }

        var sql = $"SELECT {Columns} FROM articles a {Where(where)} ORDER BY a.update_time, a.id LIMIT @limit";
        await using var connection = await db.OpenAsync(ct);
        using var activity = db.StartActivity(sql);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return await ArticleBytes.ReadAllAsync(reader, ct);
    }

    public Task<IReadOnlyList<CategoryRow>> ListCategoriesAsync(CancellationToken ct) =>
        db.QueryAsync<CategoryRow>(
            """
            SELECT c.slug AS Slug, c.name AS Name,
                (SELECT COUNT(*) FROM articles a WHERE a.category = c.slug AND a.status = 'PUBLISHED') AS PublishedCount
            FROM categories c
            ORDER BY c.position
            """,
            null,
            ct);

    /// <summary>
    /// Articles whose publish_time falls in each month, and the sum of their views, counted
    /// in SQL. The month boundaries are UTC instants computed by the caller (local months in
    /// Asia/Ho_Chi_Minh start at 17:00 UTC the day before), so no time-zone maths runs in SQL.
    /// </summary>
    public Task<IReadOnlyList<MonthFigures>> MonthlyFiguresAsync(IReadOnlyList<(long Start, long End)> months, CancellationToken ct)
    {
        var parameters = new DynamicParameters();
        var values = new List<string>();
        for (var i = 0; i < months.Count; i++)
        {
            values.Add($"({i + 1}, @start{i}, @end{i})");
            parameters.Add($"start{i}", months[i].Start);
            parameters.Add($"end{i}", months[i].End);
        }

        return db.QueryAsync<MonthFigures>(
            $"""
            WITH months (month, start_time, end_time) AS (VALUES {string.Join(", ", values)})
            SELECT m.month AS Month, COUNT(a.id) AS Published, CAST(COALESCE(SUM(a.view_count), 0) AS BIGINT) AS Views
            FROM months m
            LEFT JOIN articles a ON a.publish_time >= m.start_time AND a.publish_time < m.end_time
            GROUP BY m.month
            ORDER BY m.month
            """,
            parameters,
            ct);
    }

    // The sort keys come from this allow-list only, never from the caller.
    private static string SortKey(ArticleOrder order) => order switch
    {
        ArticleOrder.ViewCount => "a.view_count",
        ArticleOrder.Relevance => "h.rank",
        _ => "COALESCE(a.publish_time, a.create_time)",
    };

    private (string With, string From, List<string> Where, DynamicParameters Parameters) Filter(ArticleQuery query)
    {
        var where = new List<string>();
        var parameters = new DynamicParameters();
        if (query.Category is not null)
        {
            where.Add("a.category = @category");
            parameters.Add("category", query.Category);
        }

        if (query.Status is not null)
        {
            where.Add("a.status = @status");
            parameters.Add("status", query.Status);
        }

        if (query.Tag is not null)
        {
            where.Add("EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag = @tag)");
            parameters.Add("tag", query.Tag);
        }

        if (query.PublishedAfter is not null)
        {
            where.Add("a.publish_time >= @publishedAfter");
            parameters.Add("publishedAfter", query.PublishedAfter.Value);
        }

        if (query.PublishedBefore is not null)
        {
            where.Add("a.publish_time < @publishedBefore");
            parameters.Add("publishedBefore", query.PublishedBefore.Value);
        }

        if (query.SearchTokens.Count == 0)
        {
            return (string.Empty, "articles a", where, parameters);
        }

        parameters.Add("match", ArticleSearch.MatchExpression(db, query.SearchTokens));
        return ($"WITH hits AS MATERIALIZED ({ArticleSearch.Hits(db)})", "articles a JOIN hits h ON h.id = a.id", where, parameters);
    }

    private static string Where(List<string> conditions) =>
        conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions);
}
