using System.Net;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>The ward portal's first calls: Vietnamese search typed without accents, then the article by its slug.</summary>
[Collection(SystemCollection.Name)]
public sealed class ArticleSearchTests(SystemFixture fixture)
{
    private const string SeedTitle = "Phường Cự Khối tổ chức Hội nghị tổng kết công tác Dân vận, Kiểm tra giám sát năm 2020";
    private const string SeedPublishTime = "2021-01-07T09:49:00Z";

    [Fact]
    public async Task A_search_without_accents_finds_the_seed_article_as_published()
    {
        // curl "$GW/api/v1/articles?q=kiem%20tra%20giam%20sat"
        using var response = await fixture.Http.SendAsync(HttpMethod.Get, "/api/v1/articles?q=kiem%20tra%20giam%20sat");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var articles = (await response.JsonAsync()).GetProperty("articles").EnumerateArray().ToList();
        var seed = Assert.Single(articles, a => a.GetProperty("title").GetString() == SeedTitle);
        Assert.Equal(140, seed.Int64("viewCount"));
        Assert.Equal(SeedPublishTime, seed.GetProperty("publishTime").GetString());
        Assert.Equal("PUBLISHED", seed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_seed_article_is_found_by_its_slug_with_an_etag()
    {
        using var search = await fixture.Http.SendAsync(HttpMethod.Get, "/api/v1/articles?q=kiem%20tra%20giam%20sat&orderBy=relevance");
        var found = (await search.JsonAsync()).GetProperty("articles").EnumerateArray()
            .Single(a => a.GetProperty("title").GetString() == SeedTitle);
        var slug = found.GetProperty("slug").GetString()!;

        // curl -i "$GW/api/v1/articles/<slug>"
        using var response = await fixture.Http.SendAsync(HttpMethod.Get, $"/api/v1/articles/{slug}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var article = await response.JsonAsync();
        Assert.Equal(found.GetProperty("id").GetString(), article.GetProperty("id").GetString());
        Assert.Equal(SeedTitle, article.GetProperty("title").GetString());
        Assert.Equal(SeedPublishTime, article.GetProperty("publishTime").GetString());
        Assert.Equal(140, article.Int64("viewCount"));
        Assert.Equal("phuong-cu-khoi-to-chuc-hoi-nghi-tong-ket-cong-tac-dan-van-kiem-tra-giam-sat-nam-2020", slug);
    }
}
