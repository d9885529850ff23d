using System.Text;
using System.Text.RegularExpressions;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Text;
using Grpc.Core;

namespace CuKhoi.Articles.Domain;

/// <summary>The limits of an article's editable fields, with field violations a person can act on.</summary>
public static partial class ArticleRules
{
    public const int TitleMax = 300;
    public const int SummaryMax = 1000;
    public const int BodyMaxBytes = 1_048_576;
    public const int TagsMax = 20;
    public const int TagMax = 50;
    public const int PersonMax = 200;
    public const int SlugMax = 120;

    /// <summary>The fields a caller may write, by proto name (the update_mask paths).</summary>
    public static readonly IReadOnlySet<string> Editable = new HashSet<string>(StringComparer.Ordinal)
    {
        "slug", "title", "summary", "body", "category", "tags", "author", "source",
    };

    /// <summary>Adds a violation for every named field of <paramref name="article"/> that breaks a limit.</summary>
    public static Validation Check(Validation validation, Article article, IReadOnlySet<string> fields)
    {
        if (fields.Contains("title"))
        {
            validation.Required("article.title", article.Title, "Title", "Tiêu đề")
                .MaxLength("article.title", article.Title, TitleMax, "Title", "Tiêu đề");
        }

        if (fields.Contains("summary"))
        {
            validation.MaxLength("article.summary", article.Summary, SummaryMax, "Summary", "Tóm tắt");
        }

        if (fields.Contains("body") && Encoding.UTF8.GetByteCount(article.Body) > BodyMaxBytes)
        {
            validation.Add(
                "article.body",
                $"Body must be at most {BodyMaxBytes} bytes (1 MB) of UTF-8.",
                $"Nội dung bài viết không được vượt quá {BodyMaxBytes} byte (1 MB).");
        }

        if (fields.Contains("category"))
        {
            validation.Required("article.category", article.Category, "Category", "Chuyên mục");
        }

        if (fields.Contains("author"))
        {
            validation.MaxLength("article.author", article.Author, PersonMax, "Author", "Tác giả");
        }

        if (fields.Contains("source"))
        {
            validation.MaxLength("article.source", article.Source, PersonMax, "Source", "Nguồn");
        }

        if (fields.Contains("tags"))
        {
            CheckTags(validation, article.Tags);
        }

        if (fields.Contains("slug") && article.Slug.Length > 0)
        {
            CheckSlug(validation, article.Slug);
        }

        return validation;
    }

    /// <summary>The slug is taken (the unique index on articles.slug): 409 ALREADY_EXISTS.</summary>
    public static RpcException SlugTaken() =>
        Problems.AlreadyExists(
            "article.slug",
            "Another article already uses this slug; choose another one.",
            "Đường dẫn (slug) này đã được bài viết khác sử dụng; hãy chọn đường dẫn khác.");

    /// <summary>Tags trimmed, blanks dropped, duplicates kept once, order kept.</summary>
    public static List<string> CleanTags(IEnumerable<string> tags) =>
        tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A slug from the title, within the limit, never empty and never shaped like an id.</summary>
    public static string DeriveSlug(string title)
    {
        var slug = VietnameseText.Slugify(title);
        if (slug.Length > SlugMax)
        {
            var cut = slug.LastIndexOf('-', SlugMax);
            slug = slug[..(cut > SlugMax / 2 ? cut : SlugMax)].TrimEnd('-');
        }

        if (slug.Length == 0)
        {
            return "bai-viet";
        }

        return LooksLikeId(slug) ? "bai-viet-" + slug : slug;
    }

    private static void CheckTags(Validation validation, IReadOnlyList<string> tags)
    {
        if (tags.Count > TagsMax)
        {
            validation.Add("article.tags", $"An article has at most {TagsMax} tags.", $"Mỗi bài viết có tối đa {TagsMax} thẻ.");
        }

        for (var i = 0; i < tags.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(tags[i]))
            {
                validation.Add($"article.tags[{i}]", "A tag must not be empty.", "Thẻ không được để trống.");
            }

            validation.MaxLength($"article.tags[{i}]", tags[i], TagMax, "A tag", "Thẻ");
        }
    }

    private static void CheckSlug(Validation validation, string slug)
    {
        validation.MaxLength("article.slug", slug, SlugMax, "Slug", "Đường dẫn (slug)");
        if (!SlugPattern().IsMatch(slug))
        {
            validation.Add(
                "article.slug",
                "Slug may contain only lower-case letters a-z, digits 0-9 and hyphens.",
                "Đường dẫn (slug) chỉ được gồm chữ thường a-z, chữ số 0-9 và dấu gạch ngang.");
        }
        else if (LooksLikeId(slug))
        {
            // GET /articles/{id} takes an id or a slug: a slug shaped like an id would be ambiguous.
            validation.Add(
                "article.slug",
                "Slug must not be 32 hexadecimal characters (the shape of an article id).",
                "Đường dẫn (slug) không được gồm đúng 32 ký tự thập lục phân (dạng mã bài viết).");
        }
    }

    private static bool LooksLikeId(string slug) => IdPattern().IsMatch(slug);

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
