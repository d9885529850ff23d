using CuKhoi.Protos.Articles.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CuKhoi.Articles.Tests;

/// <summary>Test data helpers: every test marks what it creates with a tag of its own.</summary>
public static class Data
{
    public static string NewTag() => "t-" + Guid.NewGuid().ToString("N")[..12];

    public static Article NewArticle(string tag, string? title = null, string category = "tin-tuc", string body = "<p>Nội dung thử nghiệm.</p>") =>
        new()
        {
            Title = title ?? "Bài viết thử " + Guid.NewGuid().ToString("N")[..8],
            Body = body,
            Category = category,
            Tags = { tag },
            Author = "Người viết thử",
        };

    public static Task<Article> CreateAsync(this ArticleService.ArticleServiceClient client, string tag, string? title = null, string category = "tin-tuc", string body = "<p>Nội dung thử nghiệm.</p>") =>
        client.CreateArticleAsync(new CreateArticleRequest { Article = NewArticle(tag, title, category, body) }).ResponseAsync;

    public static async Task<Article> CreatePublishedAsync(this ArticleService.ArticleServiceClient client, string tag, string? title = null, string category = "tin-tuc", string body = "<p>Nội dung thử nghiệm.</p>")
    {
        var article = await client.CreateAsync(tag, title, category, body);
        return await client.PublishArticleAsync(new ChangeArticleStatusRequest { Id = article.Id });
    }

    /// <summary>Every page of a listing, following nextPageToken.</summary>
    public static async Task<List<Article>> ListAllAsync(this ArticleService.ArticleServiceClient client, ListArticlesRequest request)
    {
        var all = new List<Article>();
        var page = request.Clone();
        while (true)
        {
            var response = await client.ListArticlesAsync(page);
            all.AddRange(response.Articles);
            if (response.NextPageToken.Length == 0)
            {
                return all;
            }

            page.PageToken = response.NextPageToken;
        }
    }

    public static async Task<List<ExportArticlesResponse>> ExportAsync(this ArticleService.ArticleServiceClient client, ExportArticlesRequest request, int? take = null)
    {
        var lines = new List<ExportArticlesResponse>();
        using var call = client.ExportArticles(request);
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            lines.Add(call.ResponseStream.Current);
            if (lines.Count == take)
            {
                break;
            }
        }

        return lines;
    }

    public static Timestamp Ts(int year, int month, int day, int hour = 0, int minute = 0) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero));

    /// <summary>True when the text has at least one Vietnamese letter with a diacritic (a real vi-VN message, not English).</summary>
    public static bool IsVietnamese(string? text) =>
        !string.IsNullOrEmpty(text) && text.Any(c => "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ".Contains(char.ToLowerInvariant(c)));
}
