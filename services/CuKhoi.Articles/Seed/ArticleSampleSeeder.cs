using System.Data.Common;
using System.Globalization;
using CuKhoi.Articles.Data;
using CuKhoi.Articles.Domain;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Text;

namespace CuKhoi.Articles.Seed;

/// <summary>
/// Sample data (config `Seed:Sample`): the ward-portal news item of the seed document,
/// exactly as published, plus invented articles marked as samples. The MigrationRunner
/// calls this once, inside its transaction, and records that it did.
/// </summary>
public sealed class ArticleSampleSeeder(ArticleRepository repository) : ISampleSeeder
{
    public const string SeedTitle = "Phường Cự Khối tổ chức Hội nghị tổng kết công tác Dân vận, Kiểm tra giám sát năm 2020";
    public const string SeedSource = "Cổng thông tin phường Cự Khối";
    private const string Resource = "CuKhoi.Articles.Seed.cu-khoi-dan-van-2020.txt";

    public async Task SeedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        foreach (var sample in All())
        {
            await repository.InsertAsync(connection, transaction, ToRow(sample), ct);
        }
    }

    /// <summary>The seed article first, then the invented ones.</summary>
    public static IReadOnlyList<SampleArticle> All() => [SeedArticle(), .. SampleArticles.All];

    /// <summary>
    /// The article as the seed document shows it: title, the "Ngày đăng 07/01/2021 | 16:49 |
    /// Lượt xem: 140" line (local time, UTC+7) and the paragraphs below it, typo included.
    /// </summary>
    public static SampleArticle SeedArticle()
    {
        using var stream = typeof(ArticleSampleSeeder).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Embedded resource {Resource} is missing.");
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n').Select(l => l.Trim()).ToList();
        var dateLine = lines.FindIndex(l => l.StartsWith("Ngày đăng", StringComparison.Ordinal));
        var title = lines.Take(dateLine).Last(l => l.Length > 0);
        if (dateLine < 0 || title != SeedTitle)
        {
            throw new InvalidOperationException("The seed document does not have the expected title and date line.");
        }

        var meta = lines[dateLine].Split('|', StringSplitOptions.TrimEntries);
        var local = DateTime.ParseExact(meta[0]["Ngày đăng".Length..].Trim() + " " + meta[1], "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
        var published = new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local)).ToUniversalTime();
        var views = long.Parse(meta[2].Split(':')[1], CultureInfo.InvariantCulture);
        var paragraphs = lines.Skip(dateLine + 1).Where(l => l.Length > 0).ToArray();
        return new SampleArticle(
            title,
            "tin-tuc",
            "PUBLISHED",
            published,
            published,
            views,
            paragraphs,
            ["dân-vận", "kiểm-tra-giám-sát", "hội-nghị"],
            string.Empty,
            SeedSource);
    }

    private static ArticleRow ToRow(SampleArticle sample)
    {
        // What the sanitiser would store for these paragraphs, without loading it at start.
        var (body, text) = ArticleHtml.FromParagraphs(sample.Paragraphs);
        var changed = sample.PublishTime ?? sample.CreateTime;
        return new ArticleRow
        {
            Id = Guid.CreateVersion7(sample.CreateTime).ToString("N"),
            Slug = ArticleRules.DeriveSlug(sample.Title),
            Title = sample.Title,
            Body = body,
            BodyText = text,
            Category = sample.Category,
            Tags = [.. sample.Tags],
            Author = sample.Author,
            Source = sample.Source,
            Status = sample.Status,
            PublishTime = sample.PublishTime is { } p ? Clock.ToMicros(p) : null,
            CreateTime = Clock.ToMicros(sample.CreateTime),
            UpdateTime = Clock.ToMicros(changed > sample.CreateTime ? changed : sample.CreateTime),
            ViewCount = sample.ViewCount,
            Version = 1,
        };
    }
}

/// <summary>One sample article, before it becomes a row.</summary>
public sealed record SampleArticle(
    string Title,
    string Category,
    string Status,
    DateTimeOffset? PublishTime,
    DateTimeOffset CreateTime,
    long ViewCount,
    string[] Paragraphs,
    string[] Tags,
    string Author,
    string Source);
