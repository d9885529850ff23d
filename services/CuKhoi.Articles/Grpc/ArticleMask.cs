using System.Text;
using CuKhoi.Articles.Domain;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;

namespace CuKhoi.Articles.Grpc;

/// <summary>
/// Which fields an UpdateArticle writes. With a mask: exactly its paths (proto names or
/// their lowerCamelCase JSON names; "*" = every editable field). Without one: every
/// editable field the request sets. Unknown and output-only paths are refused, not ignored.
/// </summary>
internal static class ArticleMask
{
    // Carried by every PATCH body the gateway builds; they select the resource, they are not edits.
    private static readonly HashSet<string> Ignored = ["id", "etag"];

    private static readonly HashSet<string> OutputOnly = ["body_text", "status", "publish_time", "create_time", "update_time", "view_count"];

    public static IReadOnlySet<string> Resolve(FieldMask? mask, Article article)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        if (mask is null || mask.Paths.Count == 0)
        {
            AddProvided(fields, article);
            if (fields.Count == 0)
            {
                throw Problems.InvalidArgument(
                    "updateMask",
                    "Nothing to update: name the fields in updateMask or set at least one editable field.",
                    "Không có gì để cập nhật: hãy nêu các trường trong updateMask hoặc gửi ít nhất một trường có thể sửa.");
            }

            return fields;
        }

        var validation = new Validation();
        var allowed = string.Join(", ", ArticleRules.Editable.Select(ToCamel));
        foreach (var raw in mask.Paths)
        {
            var path = ToSnake(raw.Trim());
            if (path == "*")
            {
                fields.UnionWith(ArticleRules.Editable);
            }
            else if (ArticleRules.Editable.Contains(path))
            {
                fields.Add(path);
            }
            else if (OutputOnly.Contains(path))
            {
                validation.Add(
                    "updateMask",
                    $"'{raw}' is output only; status changes go through :submit, :publish, :unpublish and :archive. Editable fields: {allowed}.",
                    $"'{raw}' là trường chỉ đọc; đổi trạng thái dùng :submit, :publish, :unpublish và :archive. Các trường được sửa: {allowed}.");
            }
            else if (!Ignored.Contains(path))
            {
                validation.Add(
                    "updateMask",
                    $"'{raw}' is not a field of Article that can be updated. Editable fields: {allowed}.",
                    $"'{raw}' không phải trường có thể cập nhật của bài viết. Các trường được sửa: {allowed}.");
            }
        }

        validation.ThrowIfInvalid();
        if (fields.Count == 0)
        {
            throw Problems.InvalidArgument(
                "updateMask",
                $"updateMask names no editable field. Editable fields: {allowed}.",
                $"updateMask không nêu trường nào có thể sửa. Các trường được sửa: {allowed}.");
        }

        return fields;
    }

    private static void AddProvided(HashSet<string> fields, Article article)
    {
        void AddIf(bool provided, string field)
        {
            if (provided)
            {
                fields.Add(field);
            }
        }

        AddIf(article.Slug.Length > 0, "slug");
        AddIf(article.Title.Length > 0, "title");
        AddIf(article.Summary.Length > 0, "summary");
        AddIf(article.Body.Length > 0, "body");
        AddIf(article.Category.Length > 0, "category");
        AddIf(article.Tags.Count > 0, "tags");
        AddIf(article.Author.Length > 0, "author");
        AddIf(article.Source.Length > 0, "source");
    }

    private static string ToSnake(string path)
    {
        var snake = new StringBuilder(path.Length + 4);
        foreach (var c in path)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                snake.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                snake.Append(c);
            }
        }

        return snake.ToString();
    }

    private static string ToCamel(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
