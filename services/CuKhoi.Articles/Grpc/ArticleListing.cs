using CuKhoi.Articles.Data;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;
using Status = CuKhoi.Protos.Articles.V1.Article.Types.Status;

namespace CuKhoi.Articles.Grpc;

/// <summary>
/// Turns a ListArticlesRequest into an <see cref="ArticleQuery"/>: the orderBy allow-list,
/// search tokens, the visibility rule and the fingerprint its page tokens are bound to.
/// </summary>
internal static class ArticleListing
{
    public const int QueryMax = 200;

    private static readonly Dictionary<string, ArticleOrder> Orders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["publishTime desc"] = ArticleOrder.PublishTime,
        ["publish_time desc"] = ArticleOrder.PublishTime,
        ["viewCount desc"] = ArticleOrder.ViewCount,
        ["view_count desc"] = ArticleOrder.ViewCount,
        ["relevance"] = ArticleOrder.Relevance,
    };

    private const string AllowedOrders = "publishTime desc, viewCount desc, relevance";

    /// <summary>
    /// Callers without articles:write see PUBLISHED only: their status filter is forced, and
    /// asking for another status is 403 rather than an empty page that hides the reason.
    /// </summary>
    public static (ArticleQuery Query, string Fingerprint) Parse(ListArticlesRequest request, bool seesEveryStatus, IReadOnlyList<string> categories)
    {
        var validation = new Validation()
            .KnownEnum("status", request.Status, "status", "Trạng thái")
            .MaxLength("q", request.Q, QueryMax, "q", "Từ khóa tìm kiếm (q)");
        var order = ParseOrder(request.OrderBy, validation);
        var tokens = ArticleSearch.Tokens(request.Q);
        if (!string.IsNullOrWhiteSpace(request.Q) && tokens.Count == 0)
        {
            validation.Add("q", "q has no letters or digits to search for.", "Từ khóa tìm kiếm (q) không có chữ hoặc số nào để tìm.");
        }

        if (order == ArticleOrder.Relevance && string.IsNullOrWhiteSpace(request.Q))
        {
            validation.Add("orderBy", "orderBy=relevance needs a search query q.", "Sắp xếp theo mức độ liên quan (relevance) cần có từ khóa tìm kiếm q.");
        }

        var category = Optional(request.Category);
        if (category is not null && !categories.Contains(category, StringComparer.Ordinal))
        {
            validation.Add(
                "category",
                $"Unknown category '{category}'; allowed: {string.Join(", ", categories)}.",
                $"Chuyên mục '{category}' không tồn tại; các chuyên mục hợp lệ: {string.Join(", ", categories)}.");
        }

        var after = Instant(request.PublishedAfter);
        var before = Instant(request.PublishedBefore);
        if (after is not null && before is not null && after >= before)
        {
            validation.Add("publishedBefore", "publishedBefore must be later than publishedAfter.", "publishedBefore phải sau publishedAfter.");
        }

        validation.ThrowIfInvalid();

        var status = request.Status == Status.Unspecified ? null : EnumNames.Of(request.Status);
        if (!seesEveryStatus)
        {
            if (status is not null && request.Status != Status.Published)
            {
                throw Problems.PermissionDenied(
                    $"Listing {status} articles needs the articles:write scope; without it only PUBLISHED articles are visible.",
                    $"Cần quyền articles:write để xem bài viết ở trạng thái {status}; nếu không chỉ xem được bài đã xuất bản (PUBLISHED).");
            }

            status = EnumNames.Of(Status.Published);
        }

        var query = new ArticleQuery(category, status, Optional(request.Tag), tokens, after, before, order);
        var fingerprint = string.Join('\u001f', category, status, query.Tag, string.Join(' ', tokens), after, before, order);
        return (query, fingerprint);
    }

    public static ListCursor CursorOf(ArticleRow row, ArticleOrder order) => order switch
    {
        ArticleOrder.ViewCount => new ListCursor(row.ViewCount, 0, row.Id),
        ArticleOrder.Relevance => new ListCursor(0, row.Rank, row.Id),
        _ => new ListCursor(row.PublishTime ?? row.CreateTime, 0, row.Id),
    };

    private static ArticleOrder ParseOrder(string orderBy, Validation validation)
    {
        var normalised = string.Join(' ', orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (normalised.Length == 0)
        {
            return ArticleOrder.PublishTime;
        }

        if (Orders.TryGetValue(normalised, out var order))
        {
            return order;
        }

        validation.Add("orderBy", $"orderBy must be one of: {AllowedOrders}.", $"orderBy phải là một trong các giá trị: {AllowedOrders}.");
        return ArticleOrder.PublishTime;
    }

    /// <summary>An instant filter; its range was checked at the boundary (InputInterceptor).</summary>
    private static long? Instant(Timestamp? timestamp) => timestamp is null ? null : Clock.ToMicros(timestamp);

    private static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
