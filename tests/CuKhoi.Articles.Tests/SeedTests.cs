using CuKhoi.Protos.Articles.V1;
using Status = CuKhoi.Protos.Articles.V1.Article.Types.Status;

namespace CuKhoi.Articles.Tests;

/// <summary>A host started with Seed:Sample=true.</summary>
public sealed class SeededHosts : ArticleHosts
{
    public static readonly Dictionary<string, string?> SeedSettings = new() { ["Seed:Sample"] = "true" };

    protected override IDictionary<string, string?>? Settings => SeedSettings;
}

/// <summary>The sample data reproduces the seed document; these tests only read it.</summary>
public class SeedTests(SeededHosts hosts) : IClassFixture<SeededHosts>
{
    private const string SeedSlug = "phuong-cu-khoi-to-chuc-hoi-nghi-tong-ket-cong-tac-dan-van-kiem-tra-giam-sat-nam-2020";

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_seed_article_is_exactly_the_published_news_item(string provider)
    {
        var host = await hosts.GetAsync(provider);

        var article = await host.Anonymous.GetArticleAsync(new GetArticleRequest { Id = SeedSlug });

        Assert.Equal("Phường Cự Khối tổ chức Hội nghị tổng kết công tác Dân vận, Kiểm tra giám sát năm 2020", article.Title);
        Assert.Equal("tin-tuc", article.Category);
        Assert.Equal(Status.Published, article.Status);
        Assert.Equal(new DateTimeOffset(2021, 1, 7, 9, 49, 0, TimeSpan.Zero), article.PublishTime.ToDateTimeOffset());
        Assert.Equal(140, article.ViewCount);
        Assert.Equal("Cổng thông tin phường Cự Khối", article.Source);
        Assert.StartsWith("<p>Chiều ngày 07/01/2020, tại phòng họp 2, Đảng ủy phường Cự Khối", article.Body);
        Assert.Equal(6, article.Body.Split("<p>").Length - 1);
        Assert.EndsWith("trên địa bàn quận Long Biên năm 2021./.</p>", article.Body);
        Assert.Contains("Phát động viết 11 bài dự thi viết về điển hình Dân vận khéo, trong đó có 01 bài được Quận gửi dự thi cấp Thành phố.", article.BodyText);
        Assert.StartsWith("Chiều ngày 07/01/2020", article.Summary);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_invented_samples_are_marked_varied_and_in_Vietnamese(string provider)
    {
        var host = await hosts.GetAsync(provider);

        var all = await host.Editor.ListAllAsync(new ListArticlesRequest { PageSize = 100 });
        var published = await host.Anonymous.ListArticlesAsync(new ListArticlesRequest());
        var samples = all.Where(a => a.Slug != SeedSlug).ToList();

        Assert.Equal(12, all.Count);
        Assert.Equal(9, published.TotalSize);
        Assert.True(samples.Count >= 8);
        Assert.All(samples, a =>
        {
            Assert.Contains("dữ-liệu-mẫu", a.Tags);
            Assert.Equal("Dữ liệu mẫu", a.Source);
            Assert.True(Data.IsVietnamese(a.Title), a.Title);
        });
        Assert.True(samples.Select(a => a.Category).Distinct().Count() >= 2);
        Assert.Contains(samples, a => a.Status == Status.Draft);
        Assert.Contains(samples, a => a.Status == Status.Unpublished);
        Assert.True(samples.Select(a => a.ViewCount).Distinct().Count() >= 5);
        Assert.All(samples.Where(a => a.PublishTime is not null), a => Assert.InRange(a.PublishTime.ToDateTimeOffset().Year, 2020, 2021));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Searching_the_seed_words_finds_the_seed_article(string provider)
    {
        var host = await hosts.GetAsync(provider);

        var found = await host.Anonymous.ListArticlesAsync(new ListArticlesRequest { Q = "kiem tra giam sat", OrderBy = "relevance" });

        Assert.Contains(SeedSlug, found.Articles.Select(a => a.Slug));
        Assert.All(found.Articles, a => Assert.All(
            new[] { "kiem", "tra", "giam", "sat" },
            word => Assert.Contains(word, CuKhoi.ServiceDefaults.Text.VietnameseText.Fold(a.Title + " " + a.BodyText))));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Statistics_count_the_seed_article_in_2021_by_Vietnamese_time(string provider)
    {
        var host = await hosts.GetAsync(provider);

        var y2021 = await host.Anonymous.GetArticleStatisticsAsync(new GetArticleStatisticsRequest { Year = 2021 });
        var y2020 = await host.Anonymous.GetArticleStatisticsAsync(new GetArticleStatisticsRequest { Year = 2020 });

        // 2021: the seed article (140 views), the January notice (203), the Tết clean-up in
        // February (128) and the patrol at 00:30 on 1 January local time (64; still 2020 in UTC).
        Assert.Equal(2021, y2021.Year);
        Assert.Equal(4, y2021.Published);
        Assert.Equal(140 + 203 + 128 + 64, y2021.Views);
        Assert.Equal(Enumerable.Range(1, 12), y2021.Months.Select(m => m.Month_));
        Assert.Equal((3, 140 + 203 + 64), (y2021.Months[0].Published, y2021.Months[0].Views));
        Assert.Equal((1, 128), (y2021.Months[1].Published, y2021.Months[1].Views));
        Assert.All(y2021.Months.Skip(2), m => Assert.Equal((0, 0), (m.Published, m.Views)));

        // 2020: six articles, the one at 23:45 on 31 December local time in December.
        Assert.Equal(6, y2020.Published);
        Assert.Equal(86 + 57 + 312 + 95 + 41 + 77, y2020.Views);
        Assert.Equal((1, 77), (y2020.Months[11].Published, y2020.Months[11].Views));
        Assert.Equal(y2020.Published, y2020.Months.Sum(m => m.Published));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Categories_show_the_seed_counts(string provider)
    {
        var host = await hosts.GetAsync(provider);

        var categories = await host.Anonymous.ListCategoriesAsync(new ListCategoriesRequest());

        Assert.Equal(
            [("tin-tuc", "Tin tức", 5L), ("dan-van", "Dân vận", 2L), ("kiem-tra-giam-sat", "Kiểm tra giám sát", 1L), ("thong-bao", "Thông báo", 1L)],
            categories.Categories.Select(c => (c.Slug, c.Name, c.PublishedCount)));
    }
}

/// <summary>Starting twice on one database loads the samples once.</summary>
public class SeedRestartTests
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_second_start_does_not_duplicate_the_samples(string provider)
    {
        var database = await CuKhoi.Testing.TestDatabase.CreateAsync(provider);
        try
        {
            await using (var first = ArticleHost.Start(database, SeededHosts.SeedSettings))
            {
                Assert.Equal(12, (await first.Editor.ListArticlesAsync(new ListArticlesRequest())).TotalSize);
            }

            await using var second = ArticleHost.Start(database, SeededHosts.SeedSettings);
            var again = await second.Editor.ListArticlesAsync(new ListArticlesRequest());

            Assert.Equal(12, again.TotalSize);
            Assert.Equal(12, again.Articles.Select(a => a.Slug).Distinct().Count());
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
