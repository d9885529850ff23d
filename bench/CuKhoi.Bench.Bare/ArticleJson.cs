using System.Text.Json;
using System.Text.Json.Serialization;

namespace CuKhoi.Bench.Bare;

/// <summary>The article as the gateway's REST answer carries it (proto3 JSON: int64 as a string, UTC times).</summary>
public sealed record ArticleJson(
    string Id,
    string Slug,
    string Title,
    string Summary,
    string Body,
    string BodyText,
    string Category,
    string[] Tags,
    string Author,
    string Source,
    string Status,
    DateTime? PublishTime,
    DateTime CreateTime,
    DateTime UpdateTime,
    string ViewCount,
    string Etag);

/// <summary>One page of a search, as ListArticles answers it.</summary>
public sealed record SearchJson(IReadOnlyList<ArticleJson> Articles, int TotalSize);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ArticleJson))]
[JsonSerializable(typeof(SearchJson))]
internal sealed partial class BareJson : JsonSerializerContext;
