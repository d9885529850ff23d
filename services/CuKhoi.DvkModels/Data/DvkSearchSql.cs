using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Text;
using Dapper;

namespace CuKhoi.DvkModels.Data;

/// <summary>
/// Full-text search, the one place this service's SQL differs by database. Both index the
/// folded copies (VietnameseText.Fold), so "dan van kheo" finds "Dân vận khéo":
/// SQLite an FTS5 table ranked with bm25 (name weighted over owner unit over body);
/// PostgreSQL a 'simple' tsvector with weights A/B/C ranked with ts_rank.
/// Scores are "lower is better" on both, so one ORDER BY serves.
/// </summary>
internal static class DvkSearchSql
{
    /// <summary>A FROM-clause join (SQLite) or nothing (PostgreSQL).</summary>
    public static string Join(Db db) => db.IsSqlite
        ? """
          JOIN (SELECT model_id, bm25(dvk_models_fts, 10.0, 5.0, 1.0) AS score
                FROM dvk_models_fts WHERE dvk_models_fts MATCH @match) AS hits ON hits.model_id = m.id
          """
        : string.Empty;

    /// <summary>A WHERE condition (PostgreSQL) or null (SQLite: the join already filters).</summary>
    public static string? Where(Db db) => db.IsSqlite ? null : "m.search_vector @@ plainto_tsquery('simple', @q)";

    public static string Score(Db db) => db.IsSqlite
        ? "hits.score"
        : "(-ts_rank(m.search_vector, plainto_tsquery('simple', @q)))::float8";

    /// <summary>
    /// The query parameter. The tokens are the folded words of `q` (letters and digits
    /// only), quoted for FTS5 so no token is read as an operator; all must match.
    /// </summary>
    public static void AddParameters(Db db, DynamicParameters parameters, IReadOnlyList<string> tokens)
    {
        if (db.IsSqlite)
        {
            parameters.Add("match", string.Join(' ', tokens.Select(t => $"\"{t}\"")));
        }
        else
        {
            parameters.Add("q", string.Join(' ', tokens));
        }
    }

    /// <summary>Folded text with runs of whitespace collapsed: the form stored for search and equality.</summary>
    public static string FoldKey(string? text) =>
        string.Join(' ', VietnameseText.Fold(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Folded words of a search text: "Dân vận khéo!" → ["dan", "van", "kheo"].</summary>
    public static IReadOnlyList<string> Tokens(string? q)
    {
        var folded = FoldKey(q);
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWordChar = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                tokens.Add(folded[start..i]);
                start = -1;
            }
        }

        return tokens;
    }
}
