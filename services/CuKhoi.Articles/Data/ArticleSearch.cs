using System.Text;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Text;

namespace CuKhoi.Articles.Data;

/// <summary>
/// The one place where search differs between the databases. Both index the folded copies
/// (title, summary, body text) and both answer "every token, as a prefix", ranked:
/// SQLite with the FTS5 table and bm25(), PostgreSQL with the generated tsvector and ts_rank.
/// </summary>
public static class ArticleSearch
{
    /// <summary>Folded query tokens: "Dân Vận khéo!" → ["dan", "van", "kheo"].</summary>
    public static IReadOnlyList<string> Tokens(string? query)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in VietnameseText.Fold(query))
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

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    /// <summary>The full-text query: FTS5 `"dan"* AND "van"*`, tsquery `dan:* &amp; van:*`.</summary>
    public static string MatchExpression(Db db, IReadOnlyList<string> tokens) =>
        db.IsSqlite
            ? string.Join(" AND ", tokens.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"*"))
            : string.Join(" & ", tokens.Select(t => t.Replace("'", string.Empty, StringComparison.Ordinal) + ":*"));

    /// <summary>
    /// A CTE body yielding (id, rank) for the articles matching @match, rank higher = better.
    /// bm25() is lower-is-better, so it is negated; title weighs most in both.
    /// </summary>
    public static string Hits(Db db) =>
        db.IsSqlite
            ? """
              SELECT m.id AS id, -bm25(articles_fts, 10.0, 4.0, 1.0) AS rank
              FROM articles_fts JOIN articles m ON m.rid = articles_fts.rowid
              WHERE articles_fts MATCH @match
              """
            : """
              SELECT m.id AS id, ts_rank(m.search, to_tsquery('simple', @match))::float8 AS rank
              FROM articles m
              WHERE m.search @@ to_tsquery('simple', @match)
              """;
}
