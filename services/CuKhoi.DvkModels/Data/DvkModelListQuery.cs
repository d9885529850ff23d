using CuKhoi.ServiceDefaults.Errors;

namespace CuKhoi.DvkModels.Data;

/// <summary>
/// The filters of ListDvkModels, validated and folded; enum values by proto name, null
/// when not filtered. <see cref="SearchTokens"/> are the folded words of `q`.
/// </summary>
public sealed record DvkModelFilter(
    int? Year,
    string? Field,
    string? Status,
    string? Level,
    string? OwnerUnitFolded,
    IReadOnlyList<string> SearchTokens)
{
    public bool HasSearch => SearchTokens.Count > 0;

    /// <summary>What a page token is bound to: another filter or order makes it invalid.</summary>
    public string Fingerprint(DvkOrder order) =>
        string.Join('|', "list", Year, Field, Status, Level, OwnerUnitFolded, string.Join(' ', SearchTokens), order.Name);
}

/// <summary>The cursor of a list page: the sort values of the last row sent (keyset paging).</summary>
public sealed record DvkListCursor(long? UpdateTime, long? Year, string? NameKey, double? Score, string Id);

/// <summary>
/// The orderBy allow-list. Each order is a list of (SQL expression, descending, cursor
/// parameter) keys ending in the id, so every order is total and pages never overlap.
/// Only these fixed strings ever reach the SQL; the caller's text only selects one.
/// </summary>
public sealed class DvkOrder
{
    public const string UpdateTimeDesc = "updateTime desc";
    public const string ByName = "name";
    public const string YearDesc = "year desc";
    public const string Relevance = "relevance";

    private static readonly string[] Allowed = [UpdateTimeDesc, ByName, YearDesc, Relevance];

    private DvkOrder(string name, bool usesScore, params (string Expression, bool Descending, string Parameter)[] keys)
    {
        Name = name;
        UsesScore = usesScore;
        Keys = keys;
    }

    public string Name { get; }

    public bool UsesScore { get; }

    public IReadOnlyList<(string Expression, bool Descending, string Parameter)> Keys { get; }

    /// <summary>Parses `orderBy` (case and spacing forgiven, "asc" optional); unknown → 400 listing the allowed values.</summary>
    public static DvkOrder Parse(string? orderBy, bool hasSearch, string scoreExpression)
    {
        var text = string.Join(' ', (orderBy ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        var order = text switch
        {
            "" or "updatetime desc" or "update_time desc" => new DvkOrder(UpdateTimeDesc, false, ("m.update_time", true, "@cUpdateTime"), ("m.id", true, "@cId")),
            "name" or "name asc" => new DvkOrder(ByName, false, ("m.name_sort_key", false, "@cNameKey"), ("m.id", false, "@cId")),
            "year desc" => new DvkOrder(YearDesc, false, ("m.year", true, "@cYear"), ("m.name_sort_key", false, "@cNameKey"), ("m.id", false, "@cId")),
            "relevance" => new DvkOrder(Relevance, true, (scoreExpression, false, "@cScore"), ("m.id", false, "@cId")),
            _ => throw Problems.InvalidArgument(
                "orderBy",
                $"orderBy must be one of: {string.Join(", ", Allowed.Select(a => $"\"{a}\""))}.",
                $"orderBy phải là một trong các giá trị: {string.Join(", ", Allowed.Select(a => $"\"{a}\""))}."),
        };
        if (order.UsesScore && !hasSearch)
        {
            throw Problems.InvalidArgument(
                "orderBy",
                "orderBy \"relevance\" needs a search text in q.",
                "Sắp xếp theo \"relevance\" cần có từ khóa tìm kiếm q.");
        }

        return order;
    }

    /// <summary>ORDER BY clause of the allow-listed keys.</summary>
    public string OrderByClause() => string.Join(", ", Keys.Select(k => k.Descending ? $"{k.Expression} DESC" : k.Expression));

    /// <summary>
    /// Rows strictly after the cursor in this order, for any mix of directions:
    /// (k1 after c1) OR (k1 = c1 AND k2 after c2) OR ...
    /// </summary>
    public string AfterCursorClause()
    {
        var alternatives = new List<string>();
        for (var i = 0; i < Keys.Count; i++)
        {
            var equal = Keys.Take(i).Select(k => $"{k.Expression} = {k.Parameter}");
            var after = $"{Keys[i].Expression} {(Keys[i].Descending ? "<" : ">")} {Keys[i].Parameter}";
            alternatives.Add("(" + string.Join(" AND ", equal.Append(after)) + ")");
        }

        return "(" + string.Join(" OR ", alternatives) + ")";
    }
}
