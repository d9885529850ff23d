using CuKhoi.Protos.Articles.V1;

namespace CuKhoi.Articles.Tests;

/// <summary>Search and keyset paging, on SQLite (FTS5) and PostgreSQL (tsvector).</summary>
public class SearchAndPagingTests(ArticleHosts hosts) : IClassFixture<ArticleHosts>
{
    [SkippableTheory]
    [InlineData("sqlite", "dan van kheo")]
    [InlineData("sqlite", "DÂN VẬN")]
    [InlineData("sqlite", "Dân Vận")]
    [InlineData("sqlite", "dan va")]
    [InlineData("postgres", "dan van kheo")]
    [InlineData("postgres", "DÂN VẬN")]
    [InlineData("postgres", "Dân Vận")]
    [InlineData("postgres", "dan va")]
    public async Task Accent_insensitive_search_finds_Dan_van_kheo(string provider, string q)
    {
        var host = await hosts.GetAsync(provider);
        var tag = Data.NewTag();
        var hit = await host.Editor.CreatePublishedAsync(tag, "Mô hình Dân vận khéo ở tổ dân phố số 7");
        await host.Editor.CreatePublishedAsync(tag, "Hội nghị tổng kết công tác mặt trận");

        var found = await host.Anonymous.ListArticlesAsync(new ListArticlesRequest { Q = q, Tag = tag });

        Assert.Equal([hit.Id], found.Articles.Select(a => a.Id));
        Assert.Equal(1, found.TotalSize);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Search_covers_title_summary_and_body_and_folds_dj(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = Data.NewTag();
        var inBody = await host.Editor.CreatePublishedAsync(tag, "Tin hoạt động", body: "<p>Đảng ủy phường đã <b>chỉ đạo</b> sát sao.</p>");
        var summary = Data.NewArticle(tag, "Tin thứ hai");
        summary.Summary = "Kiểm tra, giám sát chuyên đề tại chi bộ";
        var inSummary = await host.Editor.CreateArticleAsync(new CreateArticleRequest { Article = summary });
        await host.Editor.PublishArticleAsync(new ChangeArticleStatusRequest { Id = inSummary.Id });

        var dangUy = await host.Anonymous.ListArticlesAsync(new ListArticlesRequest { Q = "dang uy", Tag = tag });
        var giamSat = await host.Anonymous.ListArticlesAsync(new ListArticlesRequest { Q = "kiem tra giam sat", Tag = tag });
        var chiDao = await host.Anonymous.ListArticlesAsync(new ListArticlesRequest { Q = "CHỈ ĐẠO", Tag = tag });

        Assert.Equal([inBody.Id], dangUy.Articles.Select(a => a.Id));
        Assert.Equal([inSummary.Id], giamSat.Articles.Select(a => a.Id));
        Assert.Equal([inBody.Id], chiDao.Articles.Select(a => a.Id));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Search_follows_edits_and_deletes(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = Data.NewTag();
        var article = await host.Editor.CreateAsync(tag, "Tin cũ về phòng cháy");

        await host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Id, Title = "Tin mới về giải phóng mặt bằng" },
            UpdateMask = new() { Paths = { "title" } },
        });
        var before = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Q = "phong chay", Tag = tag });
        var after = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Q = "giai phong mat bang", Tag = tag });
        await host.Editor.DeleteArticleAsync(new DeleteArticleRequest { Id = article.Id });
        var deleted = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Q = "giai phong", Tag = tag });

        Assert.Empty(before.Articles);
        Assert.Single(after.Articles);
        Assert.Empty(deleted.Articles);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Relevance_ranks_a_title_match_first_and_pages_without_gaps(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = Data.NewTag();
        var others = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            others.Add((await host.Editor.CreatePublishedAsync(tag, $"Tin số {i}", body: "<p>Nhắc đến an toàn giao thông một lần.</p>")).Id);
        }

        var best = await host.Editor.CreatePublishedAsync(tag, "An toàn giao thông trên địa bàn phường", body: "<p>An toàn giao thông là trọng tâm.</p>");

        var all = await host.Anonymous.ListAllAsync(new ListArticlesRequest { Q = "an toan giao thong", Tag = tag, OrderBy = "relevance", PageSize = 2 });

        Assert.Equal(best.Id, all[0].Id);
        Assert.Equal(5, all.Select(a => a.Id).Distinct().Count());
        Assert.Equal(others.Order(), all.Skip(1).Select(a => a.Id).Order());
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Pages_stay_correct_while_rows_are_inserted(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = Data.NewTag();
        var original = new List<Article>();
        for (var i = 0; i < 7; i++)
        {
            original.Add(await host.Editor.CreatePublishedAsync(tag, $"Bản tin {i}"));
        }

        var request = new ListArticlesRequest { Tag = tag, PageSize = 3 };
        var seen = new List<string>();
        var inserted = 0;
        var page = await host.Anonymous.ListArticlesAsync(request);
        seen.AddRange(page.Articles.Select(a => a.Id));
        while (page.NextPageToken.Length > 0)
        {
            // Newer articles land before the cursor: they must not shift what comes next.
            await host.Editor.CreatePublishedAsync(tag, "Chen vào giữa");
            inserted++;
            page = await host.Anonymous.ListArticlesAsync(new ListArticlesRequest(request) { PageToken = page.NextPageToken });
            seen.AddRange(page.Articles.Select(a => a.Id));
        }

        Assert.Equal(original.Select(a => a.Id).Reverse(), seen);
        Assert.True(inserted >= 2);
        Assert.Equal(7 + inserted, page.TotalSize);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ViewCount_order_pages_by_views_then_id(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = Data.NewTag();
        var articles = new List<Article>();
        for (var i = 0; i < 5; i++)
        {
            var article = await host.Editor.CreatePublishedAsync(tag, $"Tin {i}");
            for (var v = 0; v < i % 3; v++)
            {
                await host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = article.Id });
            }

            articles.Add(article);
        }

        await host.FlushViewsAsync();
        var all = await host.Anonymous.ListAllAsync(new ListArticlesRequest { Tag = tag, OrderBy = "viewCount desc", PageSize = 2 });

        var expected = articles.Select((a, i) => (a.Id, Views: i % 3)).OrderByDescending(x => x.Views).ThenByDescending(x => x.Id, StringComparer.Ordinal).Select(x => x.Id);
        Assert.Equal(expected, all.Select(a => a.Id));
        Assert.Equal(all.Select(a => a.ViewCount).OrderDescending(), all.Select(a => a.ViewCount));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Filters_combine_and_totalSize_counts_them(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = Data.NewTag();
        var news = await host.Editor.CreatePublishedAsync(tag, "Tin tức một", "tin-tuc");
        await host.Editor.CreatePublishedAsync(tag, "Dân vận một", "dan-van");
        var draft = await host.Editor.CreateAsync(tag, "Tin tức nháp", "tin-tuc");

        var published = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag, Category = "tin-tuc", Status = Article.Types.Status.Published });
        var drafts = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag, Status = Article.Types.Status.Draft });
        var window = await host.Editor.ListArticlesAsync(new ListArticlesRequest
        {
            Tag = tag,
            PublishedAfter = news.PublishTime,
            PublishedBefore = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(news.PublishTime.ToDateTimeOffset().AddHours(1)),
        });
        var none = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag, PublishedBefore = Data.Ts(2000, 1, 1) });

        Assert.Equal([news.Id], published.Articles.Select(a => a.Id));
        Assert.Equal(1, published.TotalSize);
        Assert.Equal([draft.Id], drafts.Articles.Select(a => a.Id));
        Assert.Equal(2, window.TotalSize);
        Assert.Empty(none.Articles);
    }
}
