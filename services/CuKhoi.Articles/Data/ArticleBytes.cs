using System.Data.Common;
using System.Text;
using System.Text.Json;

namespace CuKhoi.Articles.Data;

/// <summary>
/// One row of `articles` as the export and GetArticle read it: the text columns as the
/// database's own UTF-8 bytes, never decoded into .NET strings (a 100,000-article export spent
/// a third of the service's time decoding and re-encoding them), and the tags unescaped from
/// their JSON array. Only the id is also a string: the export's cursor holds it.
/// </summary>
public sealed class ArticleBytes
{
    private static readonly byte[][] NoTags = [];

    public required string Id { get; init; }

    public required byte[] IdUtf8 { get; init; }

    public required byte[] Slug { get; init; }

    public required byte[] Title { get; init; }

    /// <summary>Empty means "derive it from the body text", as for <see cref="ArticleRow.Summary"/>.</summary>
    public required byte[] Summary { get; init; }

    public required byte[] Body { get; init; }

    public required byte[] BodyText { get; init; }

    public required byte[] Category { get; init; }

    public required byte[][] Tags { get; init; }

    public required byte[] Author { get; init; }

    public required byte[] Source { get; init; }

    /// <summary>The proto name of the status, e.g. "PUBLISHED".</summary>
    public required string Status { get; init; }

    public long? PublishTime { get; init; }

    public long CreateTime { get; init; }

    public long UpdateTime { get; init; }

    public long ViewCount { get; init; }

    public long Version { get; init; }

    /// <summary>Reads every row of a query over the repository's columns.</summary>
    public static async Task<List<ArticleBytes>> ReadAllAsync(DbDataReader reader, CancellationToken ct)
    {
        var o = new Ordinals(reader);
        var rows = new List<ArticleBytes>();
        while (await reader.ReadAsync(ct))
        {
            var id = Utf8(reader, o.Id);
            rows.Add(new ArticleBytes
            {
                Id = Encoding.UTF8.GetString(id),
                IdUtf8 = id,
                Slug = Utf8(reader, o.Slug),
                Title = Utf8(reader, o.Title),
                Summary = Utf8(reader, o.Summary),
                Body = Utf8(reader, o.Body),
                BodyText = Utf8(reader, o.BodyText),
                Category = Utf8(reader, o.Category),
                Tags = reader.IsDBNull(o.TagsJson) ? NoTags : ParseTags(Utf8(reader, o.TagsJson)),
                Author = Utf8(reader, o.Author),
                Source = Utf8(reader, o.Source),
                Status = reader.GetString(o.Status),
                PublishTime = reader.IsDBNull(o.PublishTime) ? null : reader.GetInt64(o.PublishTime),
                CreateTime = reader.GetInt64(o.CreateTime),
                UpdateTime = reader.GetInt64(o.UpdateTime),
                ViewCount = reader.GetInt64(o.ViewCount),
                Version = reader.GetInt64(o.Version),
            });
        }

        return rows;
    }

    /// <summary>The tags of a JSON array of strings, each unescaped to its UTF-8 bytes.</summary>
    public static byte[][] ParseTags(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var tags = new List<byte[]>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                tags.Add(reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan.ToArray());
            }
        }

        return tags.Count == 0 ? NoTags : [.. tags];
    }

    private static byte[] Unescape(ref Utf8JsonReader reader)
    {
        var buffer = new byte[reader.ValueSpan.Length];
        return buffer.AsSpan(0, reader.CopyString(buffer)).ToArray();
    }

    /// <summary>A TEXT (or JSON) column's bytes: SQLite hands out its stored UTF-8, Npgsql the wire's.</summary>
    private static byte[] Utf8(DbDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    private readonly struct Ordinals(DbDataReader reader)
    {
        public readonly int Id = reader.GetOrdinal(nameof(ArticleRow.Id));
        public readonly int Slug = reader.GetOrdinal(nameof(ArticleRow.Slug));
        public readonly int Title = reader.GetOrdinal(nameof(ArticleRow.Title));
        public readonly int Summary = reader.GetOrdinal(nameof(ArticleRow.Summary));
        public readonly int Body = reader.GetOrdinal(nameof(ArticleRow.Body));
        public readonly int BodyText = reader.GetOrdinal(nameof(ArticleRow.BodyText));
        public readonly int Category = reader.GetOrdinal(nameof(ArticleRow.Category));
        public readonly int Author = reader.GetOrdinal(nameof(ArticleRow.Author));
        public readonly int Source = reader.GetOrdinal(nameof(ArticleRow.Source));
        public readonly int Status = reader.GetOrdinal(nameof(ArticleRow.Status));
        public readonly int PublishTime = reader.GetOrdinal(nameof(ArticleRow.PublishTime));
        public readonly int CreateTime = reader.GetOrdinal(nameof(ArticleRow.CreateTime));
        public readonly int UpdateTime = reader.GetOrdinal(nameof(ArticleRow.UpdateTime));
        public readonly int ViewCount = reader.GetOrdinal(nameof(ArticleRow.ViewCount));
        public readonly int Version = reader.GetOrdinal(nameof(ArticleRow.Version));
        public readonly int TagsJson = reader.GetOrdinal(nameof(ArticleRow.TagsJson));
    }
}
