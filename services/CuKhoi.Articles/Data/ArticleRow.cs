using System.Text.Json;

namespace CuKhoi.Articles.Data;

/// <summary>One row of `articles` (with its tags), as the repository reads and writes it.</summary>
public sealed class ArticleRow
{
    private List<string>? _tags;

    public string Id { get; set; } = string.Empty;

    public string Slug { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    /// <summary>The summary as given; empty means "derive it from the body" on the way out.</summary>
    public string Summary { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public string BodyText { get; set; } = string.Empty;

    public string Category { get; set; } = string.Empty;

    public string Author { get; set; } = string.Empty;

    public string Source { get; set; } = string.Empty;

    /// <summary>The proto name of the status, e.g. "PUBLISHED".</summary>
    public string Status { get; set; } = string.Empty;

    public long? PublishTime { get; set; }

    public long CreateTime { get; set; }

    public long UpdateTime { get; set; }

    public long ViewCount { get; set; }

    public long Version { get; set; }

    /// <summary>Search relevance (higher is better); only set by a search.</summary>
    public double Rank { get; set; }

    /// <summary>The tags, in order: as a write sets them, or parsed from <see cref="TagsJson"/> of a read.</summary>
    public List<string> Tags
    {
        get => _tags ??= TagsJson is null ? [] : JsonSerializer.Deserialize<List<string>>(TagsJson) ?? [];
        set => _tags = value;
    }

    /// <summary>The tags as a read returns them: a JSON array in position order (NULL for none on PostgreSQL).</summary>
    public string? TagsJson { get; set; }
}

/// <summary>An article a view can be counted for: PUBLISHED, with its stored count.</summary>
public sealed record ViewTarget(string Id, long ViewCount);

/// <summary>A category with the number of its PUBLISHED articles.</summary>
public sealed class CategoryRow
{
    public string Slug { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public long PublishedCount { get; set; }
}

/// <summary>The allow-listed orders of ListArticles, each a keyset over (key, id) descending.</summary>
public enum ArticleOrder
{
    PublishTime,
    ViewCount,
    Relevance,
}

/// <summary>What ListArticles filters on; every field optional. Status null means every status.</summary>
public sealed record ArticleQuery(
    string? Category,
    string? Status,
    string? Tag,
    IReadOnlyList<string> SearchTokens,
    long? PublishedAfter,
    long? PublishedBefore,
    ArticleOrder Order);

/// <summary>Where a page ends: the sort key of its last row (Key for times and counts, Rank for relevance) and its id.</summary>
public sealed record ListCursor(long Key, double Rank, string Id);

/// <summary>Where an export stands: the (update_time, id) of the last line sent.</summary>
public sealed record ExportCursor(long UpdateTime, string Id);

/// <summary>Articles first published in one local month, and their views.</summary>
public sealed class MonthFigures
{
    public int Month { get; set; }

    public long Published { get; set; }

    public long Views { get; set; }
}
