using CuKhoi.Articles.Data;
using CuKhoi.Articles.Domain;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using Status = CuKhoi.Protos.Articles.V1.Article.Types.Status;

namespace CuKhoi.Articles.Grpc;

/// <summary>Rows to messages, and the editable fields of a request onto the row a write stores.</summary>
public static class ArticleMapping
{
    public static Article ToProto(ArticleRow row)
    {
        var article = new Article
        {
            Id = row.Id,
            Slug = row.Slug,
            Title = row.Title,
            Summary = row.Summary.Length > 0 ? row.Summary : ArticleHtml.Preview(row.BodyText),
            Body = row.Body,
            BodyText = row.BodyText,
            Category = row.Category,
            Author = row.Author,
            Source = row.Source,
            Status = EnumNames.Parse<Status>(row.Status),
            PublishTime = Clock.ToTimestamp(row.PublishTime),
            CreateTime = Clock.ToTimestamp(row.CreateTime),
            UpdateTime = Clock.ToTimestamp(row.UpdateTime),
            ViewCount = row.ViewCount,
            Etag = Etags.Of(row.Version),
        };
        article.Tags.AddRange(row.Tags);
        return article;
    }

    public static Category ToProto(CategoryRow row) => new() { Slug = row.Slug, Name = row.Name, PublishedCount = row.PublishedCount };

    public static ArticleStatistics ToProto(int year, IEnumerable<MonthFigures> months)
    {
        var statistics = new ArticleStatistics { Year = year };
        foreach (var month in months)
        {
            statistics.Months.Add(new ArticleStatistics.Types.Month { Month_ = month.Month, Published = month.Published, Views = month.Views });
            statistics.Published += month.Published;
            statistics.Views += month.Views;
        }

        return statistics;
    }

    /// <summary>Copies the named fields of the request onto the row; the body is sanitised and its text derived.</summary>
    public static void ApplyTo(ArticleRow row, Article input, IReadOnlySet<string> fields, ArticleHtml html)
    {
        if (fields.Contains("title"))
        {
            row.Title = input.Title.Trim();
        }

        if (fields.Contains("summary"))
        {
            row.Summary = input.Summary.Trim();
        }

        if (fields.Contains("body"))
        {
            row.Body = html.Sanitize(input.Body);
            row.BodyText = ArticleHtml.ToText(row.Body);
        }

        if (fields.Contains("category"))
        {
            row.Category = input.Category.Trim();
        }

        if (fields.Contains("tags"))
        {
            row.Tags = ArticleRules.CleanTags(input.Tags);
        }

        if (fields.Contains("author"))
        {
            row.Author = input.Author.Trim();
        }

        if (fields.Contains("source"))
        {
            row.Source = input.Source.Trim();
        }
    }
}
