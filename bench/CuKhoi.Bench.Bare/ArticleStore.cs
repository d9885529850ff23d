using System.Globalization;
using System.Text;
using CuKhoi.ServiceDefaults.Text;
using Microsoft.Data.Sqlite;

namespace CuKhoi.Bench.Bare;

/// <summary>
/// The SQL of the two bare endpoints, on a pooled read-only connection per request and no
/// cache: one SELECT of every column GetArticle returns (tags folded in), and the
/// articles service's search (FTS5 over the folded copies, PUBLISHED only, its default
/// order, page of 20, and the count). Statements as in ArticleRepository and ArticleSearch.
/// </summary>
public sealed class ArticleStore(string connectionString)
{
    private const int PageSize = 20;

    private const string Columns = """
        a.id, a.slug, a.title, a.summary, a.body, a.body_text, a.category, a.author, a.source,
        a.status, a.publish_time, a.create_time, a.update_time, a.view_count, a.version,
        (SELECT group_concat(t.tag, char(31) ORDER BY t.position) FROM article_tags t WHERE t.article_id = a.id)
        """;

    private const string Hits = """
        WITH hits AS MATERIALIZED (
            SELECT m.id AS id, -bm25(articles_fts, 10.0, 4.0, 1.0) AS rank
            FROM articles_fts JOIN articles m ON m.rid = articles_fts.rowid
            WHERE articles_fts MATCH $match)
        """;

    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();

    public async Task<ArticleJson?> FindAsync(string idOrSlug, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, $"SELECT {Columns} FROM articles a WHERE a.id = $key OR a.slug = $key", ("$key", idOrSlug));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Null when q has nothing to search for (the service answers 400 then).</summary>
    public async Task<SearchJson?> SearchAsync(string q, CancellationToken ct)
    {
        var tokens = Tokens(q);
        if (tokens.Count == 0)
        {
            return null;
        }

        var match = string.Join(" AND ", tokens.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"*"));
        await using var connection = await OpenAsync(ct);
        var articles = new List<ArticleJson>(PageSize + 1);
        await using (var list = Command(
            connection,
            $"""
            {Hits}
            SELECT {Columns}, h.rank
            FROM articles a JOIN hits h ON h.id = a.id
            WHERE a.status = 'PUBLISHED'
            ORDER BY COALESCE(a.publish_time, a.create_time) DESC, a.id DESC
            LIMIT $limit
            """,
            ("$match", match),
            ("$limit", PageSize + 1)))
        {
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                articles.Add(Read(reader));
            }
        }

        await using var count = Command(
            connection,
            $"{Hits} SELECT COUNT(*) FROM articles a JOIN hits h ON h.id = a.id WHERE a.status = 'PUBLISHED'",
            ("$match", match));
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return new SearchJson(articles.Count > PageSize ? articles[..PageSize] : articles, total);
    }

    /// <summary>Folded tokens of letters and digits: "Dân Vận khéo!" → ["dan", "van", "kheo"], as ArticleSearch.Tokens.</summary>
    private static List<string> Tokens(string q)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in VietnameseText.Fold(q).Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        return tokens;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static ArticleJson Read(SqliteDataReader r) => new(
        Id: r.GetString(0),
        Slug: r.GetString(1),
        Title: r.GetString(2),
        Summary: Summary(r.GetString(3), r.GetString(5)),
        Body: r.GetString(4),
        BodyText: r.GetString(5),
        Category: r.GetString(6),
        Tags: r.IsDBNull(15) ? [] : r.GetString(15).Split('\u001f'),
        Author: r.GetString(7),
        Source: r.GetString(8),
        Status: r.GetString(9),
        PublishTime: r.IsDBNull(10) ? null : Utc(r.GetInt64(10)),
        CreateTime: Utc(r.GetInt64(11)),
        UpdateTime: Utc(r.GetInt64(12)),
        ViewCount: r.GetInt64(13).ToString(CultureInfo.InvariantCulture),
        Etag: string.Create(CultureInfo.InvariantCulture, $"v{r.GetInt64(14)}"));

    /// <summary>An empty summary is the first ~200 characters of the text, as the service answers it (ArticleHtml.Preview).</summary>
    private static string Summary(string summary, string text)
    {
        if (summary.Length > 0 || text.Length <= 200)
        {
            return summary.Length > 0 ? summary : text;
        }

        var cut = text.LastIndexOf(' ', 200);
        return string.Concat(text.AsSpan(0, cut > 100 ? cut : 200).TrimEnd(), "…");
    }

    /// <summary>Stored instants are UTC microseconds since the epoch.</summary>
    private static DateTime Utc(long micros) => new(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Utc);
}
