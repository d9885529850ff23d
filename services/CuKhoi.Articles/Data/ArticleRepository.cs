using System.Data.Common;
using CuKhoi.Articles.Domain;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Text;
using Dapper;

namespace CuKhoi.Articles.Data;

/// <summary>
/// The SQL of the articles service: reads, writes and the atomic view counter here; lists,
/// exports and statistics in ArticleRepository.Queries.cs. Writes take the connection and
/// transaction of <see cref="Idempotency.WriteAsync{TResponse}"/> so a write and its
/// idempotency record commit together. Folded copies of the text (for search) are written
/// with every insert and update.
/// </summary>
public sealed partial class ArticleRepository(Db db)
{
    // Two writers racing for one slug on PostgreSQL (READ COMMITTED) both pass the check;
    // the unique index stops the second, which must still get a 409, not a 500.
    private const string SlugIndex = "articles_slug_key";
    private const string SlugColumn = "articles.slug";

    /// <summary>
    /// An article's columns and, in the same statement, its tags as a JSON array in position
    /// order: one statement per read instead of one for the rows and one for their tags.
    /// </summary>
    private readonly string Columns = ColumnsOf(db);

    // The two reads of every portal page, their statements kept compiled (the repository is a
    // singleton): GetArticle's, and the one every counted view makes.
    private readonly PreparedRead _findBytes = db.Prepare(
        $"SELECT {ColumnsOf(db)} FROM articles a WHERE a.id = @key OR a.slug = @key", "@key");

    private readonly PreparedRead _findViewTarget = db.Prepare(
        "SELECT id, view_count FROM articles WHERE (id = @key OR slug = @key) AND status = 'PUBLISHED'", "@key");

    private static string ColumnsOf(Db db) => $"""
        a.id AS Id, a.slug AS Slug, a.title AS Title, a.summary AS Summary, a.body AS Body,
        a.body_text AS BodyText, a.category AS Category, a.author AS Author, a.source AS Source,
        a.status AS Status, a.publish_time AS PublishTime, a.create_time AS CreateTime,
        a.update_time AS UpdateTime, a.view_count AS ViewCount, a.version AS Version,
        (SELECT {Dialect.JsonArrayAgg(db, "t.tag", "t.position")} FROM article_tags t WHERE t.article_id = a.id) AS TagsJson
        """;

    /// <summary>One article by id or slug: GetArticle's statement, also run inside write transactions.</summary>
    private string FindSql => _findBytes.Sql;

    public async Task<ArticleRow?> FindAsync(string idOrSlug, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await FindAsync(connection, null, idOrSlug, ct);
    }

    /// <summary>By id or slug (slugs never look like ids, so at most one row matches).</summary>
    public async Task<ArticleRow?> FindAsync(DbConnection connection, DbTransaction? transaction, string idOrSlug, CancellationToken ct)
    {
        var sql = FindSql;
        using var activity = db.StartActivity(sql);
        return await connection.QuerySingleOrDefaultAsync<ArticleRow>(new CommandDefinition(sql, new { key = idOrSlug }, transaction, cancellationToken: ct));
    }

    /// <summary>The same row as <see cref="FindAsync(string, CancellationToken)"/>, as the database's bytes (GetArticle's answer is encoded from them).</summary>
    public async Task<ArticleBytes?> FindBytesAsync(string idOrSlug, CancellationToken ct) =>
        (await _findBytes.ReadAsync([idOrSlug], ArticleBytes.ReadAllAsync, ct)).SingleOrDefault();

    public async Task<bool> SlugTakenAsync(DbConnection connection, DbTransaction transaction, string slug, string? exceptId, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM articles WHERE slug = @slug AND id <> @exceptId",
            new { slug, exceptId = exceptId ?? string.Empty },
            transaction,
            cancellationToken: ct)) > 0;

    /// <summary>The slug itself when free, else the first free `slug-2`, `slug-3`… (kept within the length limit).</summary>
    public async Task<string> FreeSlugAsync(DbConnection connection, DbTransaction transaction, string slug, string? exceptId, int maxLength, CancellationToken ct)
    {
        var taken = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT slug FROM articles WHERE (slug = @slug OR slug LIKE @pattern) AND id <> @exceptId",
            new { slug, pattern = slug + "-%", exceptId = exceptId ?? string.Empty },
            transaction,
            cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        if (!taken.Contains(slug))
        {
            return slug;
        }

        for (var n = 2; ; n++)
        {
            var suffix = "-" + n;
            var candidate = slug[..Math.Min(slug.Length, maxLength - suffix.Length)].TrimEnd('-') + suffix;
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, ArticleRow row, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO articles (id, slug, title, summary, body, body_text, category, author, source, status,
                publish_time, create_time, update_time, view_count, version, title_folded, summary_folded, body_folded)
            VALUES (@Id, @Slug, @Title, @Summary, @Body, @BodyText, @Category, @Author, @Source, @Status,
                @PublishTime, @CreateTime, @UpdateTime, @ViewCount, @Version, @TitleFolded, @SummaryFolded, @BodyFolded)
            """;
        using var activity = db.StartActivity(sql);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, Parameters(row), transaction, cancellationToken: ct));
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e, SlugIndex, SlugColumn))
        {
            throw ArticleRules.SlugTaken();
        }

        await WriteTagsAsync(connection, transaction, row, ct);
    }

    /// <summary>Writes the editable fields; false when the row changed since it was read (version moved).</summary>
    public async Task<bool> UpdateContentAsync(DbConnection connection, DbTransaction transaction, ArticleRow row, CancellationToken ct)
    {
        const string sql = """
            UPDATE articles
            SET slug = @Slug, title = @Title, summary = @Summary, body = @Body, body_text = @BodyText,
                category = @Category, author = @Author, source = @Source, update_time = @UpdateTime,
                version = version + 1, title_folded = @TitleFolded, summary_folded = @SummaryFolded, body_folded = @BodyFolded
            WHERE id = @Id AND version = @Version
            """;
        using var activity = db.StartActivity(sql);
        int updated;
        try
        {
            updated = await connection.ExecuteAsync(new CommandDefinition(sql, Parameters(row), transaction, cancellationToken: ct));
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e, SlugIndex, SlugColumn))
        {
            throw ArticleRules.SlugTaken();
        }

        if (updated == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM article_tags WHERE article_id = @Id", new { row.Id }, transaction, cancellationToken: ct));
        await WriteTagsAsync(connection, transaction, row, ct);
        row.Version++;
        return true;
    }

    /// <summary>Moves the status (and publish_time); false when the row changed since it was read.</summary>
    public async Task<bool> UpdateStatusAsync(DbConnection connection, DbTransaction transaction, ArticleRow row, CancellationToken ct)
    {
        const string sql = """
            UPDATE articles
            SET status = @Status, publish_time = @PublishTime, update_time = @UpdateTime, version = version + 1
            WHERE id = @Id AND version = @Version
            """;
        using var activity = db.StartActivity(sql);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new { row.Id, row.Status, row.PublishTime, row.UpdateTime, row.Version },
            transaction,
            cancellationToken: ct));
        row.Version += updated;
        return updated == 1;
    }

    /// <summary>Deletes the row at the version read (tags go with it); false when it changed meanwhile.</summary>
    public async Task<bool> DeleteAsync(DbConnection connection, DbTransaction transaction, ArticleRow row, CancellationToken ct)
    {
        const string sql = "DELETE FROM articles WHERE id = @Id AND version = @Version";
        using var activity = db.StartActivity(sql);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { row.Id, row.Version }, transaction, cancellationToken: ct)) == 1;
    }

    /// <summary>The id and stored view count of a PUBLISHED article (by id or slug); null when there is none.</summary>
    public Task<ViewTarget?> FindViewTargetAsync(string idOrSlug, CancellationToken ct) =>
        _findViewTarget.ReadAsync<ViewTarget?>(
            [idOrSlug],
            static async (rows, ct) => await rows.ReadAsync(ct) ? new ViewTarget(rows.GetString(0), rows.GetInt64(1)) : null,
            ct);

    /// <summary>Adds counted views, one atomic increment per article, in one transaction (<see cref="ViewCounter"/>).</summary>
    public Task AddViewsAsync(IReadOnlyDictionary<string, long> views, CancellationToken ct) =>
        db.InTransactionAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                "UPDATE articles SET view_count = view_count + @Count WHERE id = @Id",
                views.Select(v => new { Id = v.Key, Count = v.Value }),
                transaction,
                cancellationToken: ct)),
            ct);

    public Task<IReadOnlyList<string>> CategorySlugsAsync(CancellationToken ct) =>
        db.QueryAsync<string>("SELECT slug FROM categories ORDER BY position", null, ct);

    private static object Parameters(ArticleRow row) => new
    {
        row.Id,
        row.Slug,
        row.Title,
        row.Summary,
        row.Body,
        row.BodyText,
        row.Category,
        row.Author,
        row.Source,
        row.Status,
        row.PublishTime,
        row.CreateTime,
        row.UpdateTime,
        row.ViewCount,
        row.Version,
        TitleFolded = VietnameseText.Fold(row.Title),
        SummaryFolded = VietnameseText.Fold(row.Summary),
        BodyFolded = VietnameseText.Fold(row.BodyText),
    };

    private static Task WriteTagsAsync(DbConnection connection, DbTransaction transaction, ArticleRow row, CancellationToken ct) =>
        row.Tags.Count == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO article_tags (article_id, position, tag) VALUES (@ArticleId, @Position, @Tag)",
                row.Tags.Select((tag, i) => new { ArticleId = row.Id, Position = i, Tag = tag }),
                transaction,
                cancellationToken: ct));
}
