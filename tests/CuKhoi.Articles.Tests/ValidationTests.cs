using CuKhoi.Protos.Articles.V1;
using CuKhoi.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CuKhoi.Articles.Tests;

/// <summary>Every bad input: the right code, ErrorInfo reason, field violation and a vi-VN message.</summary>
public class ValidationTests(ArticleHosts hosts) : IClassFixture<ArticleHosts>
{
    public static TheoryData<string, string, string> BadArticles() => new()
    {
        // case, field, a word the English message must contain
        { "no title", "article.title", "required" },
        { "blank title", "article.title", "required" },
        { "long title", "article.title", "300" },
        { "long summary", "article.summary", "1000" },
        { "huge body", "article.body", "1048576" },
        { "too many tags", "article.tags", "20" },
        { "long tag", "article.tags[0]", "50" },
        { "empty tag", "article.tags[1]", "empty" },
        { "long author", "article.author", "200" },
        { "long source", "article.source", "200" },
        { "long slug", "article.slug", "120" },
        { "bad slug", "article.slug", "a-z" },
        { "id-shaped slug", "article.slug", "hexadecimal" },
        { "no category", "article.category", "required" },
        { "unknown category", "article.category", "tin-tuc, dan-van, kiem-tra-giam-sat, thong-bao" },
    };

    [Theory]
    [MemberData(nameof(BadArticles))]
    public async Task A_bad_article_is_refused_with_its_field(string @case, string field, string word)
    {
        var host = await hosts.GetAsync("sqlite");
        var article = Data.NewArticle(Data.NewTag());
        switch (@case)
        {
            case "no title": article.Title = string.Empty; break;
            case "blank title": article.Title = "   "; break;
            case "long title": article.Title = new string('ă', 301); break;
            case "long summary": article.Summary = new string('ê', 1001); break;
            // 350,000 characters, but 'ệ' is 3 bytes of UTF-8: the limit is on bytes.
            case "huge body": article.Body = new string('ệ', 350_000); break;
            case "too many tags": article.Tags.Clear(); article.Tags.AddRange(Enumerable.Range(0, 21).Select(i => $"the-{i}")); break;
            case "long tag": article.Tags.Clear(); article.Tags.Add(new string('đ', 51)); break;
            case "empty tag": article.Tags.Add(" "); break;
            case "long author": article.Author = new string('ơ', 201); break;
            case "long source": article.Source = new string('ư', 201); break;
            case "long slug": article.Slug = new string('a', 121); break;
            case "bad slug": article.Slug = "Dân-vận khéo"; break;
            case "id-shaped slug": article.Slug = "0123456789abcdef0123456789abcdef"; break;
            case "no category": article.Category = string.Empty; break;
            case "unknown category": article.Category = "the-thao"; break;
        }

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.CreateArticleAsync(new CreateArticleRequest { Article = article }).ResponseAsync);

        Assert.Equal("INVALID_ARGUMENT", e.Reason());
        var violation = Assert.Single(e.BadRequest()!.FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.Contains(word, violation.Description);
        Assert.True(Data.IsVietnamese(e.VietnameseMessage()), e.VietnameseMessage());
        Assert.True(Data.IsVietnamese(violation.LocalizedMessage.Message));
    }

    [Fact]
    public async Task Limits_are_inclusive_a_title_of_300_and_a_body_of_exactly_1_MB_are_accepted()
    {
        var host = await hosts.GetAsync("sqlite");
        var article = Data.NewArticle(Data.NewTag(), new string('ă', 300));
        article.Body = "<p>" + new string('a', 1_048_576 - 7) + "</p>";

        var created = await host.Editor.CreateArticleAsync(new CreateArticleRequest { Article = article });

        Assert.Equal(300, created.Title.Length);
        Assert.Equal(1_048_576 - 7, created.BodyText.Length);
    }

    [Fact]
    public async Task Several_bad_fields_are_reported_at_once()
    {
        var host = await hosts.GetAsync("sqlite");
        var article = new Article { Title = string.Empty, Category = string.Empty, Slug = "SAI" };

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.CreateArticleAsync(new CreateArticleRequest { Article = article }).ResponseAsync);

        Assert.Equal(["article.category", "article.slug", "article.title"], e.BadRequest()!.FieldViolations.Select(v => v.Field).Order());
        Assert.Contains("3", e.VietnameseMessage());
    }

    public static TheoryData<string, string, string, string> BadLists() => new()
    {
        // case, field, reason, a word of the message
        { "negative pageSize", "pageSize", "INVALID_ARGUMENT", "negative" },
        { "unknown orderBy", "orderBy", "INVALID_ARGUMENT", "publishTime desc, viewCount desc, relevance" },
        { "relevance without q", "orderBy", "INVALID_ARGUMENT", "q" },
        { "q without tokens", "q", "INVALID_ARGUMENT", "letters" },
        { "unknown status", "status", "INVALID_ARGUMENT", "DRAFT, PENDING_REVIEW, PUBLISHED, UNPUBLISHED, ARCHIVED" },
        { "unknown category", "category", "INVALID_ARGUMENT", "tin-tuc, dan-van" },
        { "garbage token", "pageToken", "INVALID_PAGE_TOKEN", "pageToken" },
        { "inverted window", "publishedBefore", "INVALID_ARGUMENT", "later" },
        { "long q", "q", "INVALID_ARGUMENT", "200" },
    };

    [Theory]
    [MemberData(nameof(BadLists))]
    public async Task A_bad_list_request_is_refused_with_its_field(string @case, string field, string reason, string word)
    {
        var host = await hosts.GetAsync("sqlite");
        var request = @case switch
        {
            "negative pageSize" => new ListArticlesRequest { PageSize = -1 },
            "unknown orderBy" => new ListArticlesRequest { OrderBy = "title asc" },
            "relevance without q" => new ListArticlesRequest { OrderBy = "relevance" },
            "q without tokens" => new ListArticlesRequest { Q = "!!! ???" },
            "unknown status" => new ListArticlesRequest { Status = (Article.Types.Status)99 },
            "unknown category" => new ListArticlesRequest { Category = "the-thao" },
            "garbage token" => new ListArticlesRequest { PageToken = "rác" },
            "inverted window" => new ListArticlesRequest { PublishedAfter = Data.Ts(2021, 1, 2), PublishedBefore = Data.Ts(2021, 1, 1) },
            _ => new ListArticlesRequest { Q = new string('a', 201) },
        };

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ListArticlesAsync(request).ResponseAsync);

        Assert.Equal(reason, e.Reason());
        var violation = Assert.Single(e.BadRequest()!.FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.Contains(word, violation.Description);
        Assert.True(Data.IsVietnamese(e.VietnameseMessage()), e.VietnameseMessage());
    }

    [Fact]
    public async Task A_forged_token_or_one_made_for_other_filters_is_refused()
    {
        var host = await hosts.GetAsync("sqlite");
        var tag = Data.NewTag();
        for (var i = 0; i < 3; i++)
        {
            await host.Editor.CreateAsync(tag);
        }

        var token = (await host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag, PageSize = 1 })).NextPageToken;
        var payload = token.Split('.')[0];
        var forged = (payload[..^2] + (payload[^2] == 'A' ? "B" : "A") + payload[^1]) + "." + token.Split('.')[1];

        var tampered = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag, PageSize = 1, PageToken = forged }).ResponseAsync);
        var otherFilter = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = Data.NewTag(), PageSize = 1, PageToken = token }).ResponseAsync);
        var otherOrder = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag, OrderBy = "viewCount desc", PageToken = token }).ResponseAsync);
        var fine = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag, PageSize = 5, PageToken = token });

        Assert.All(new[] { tampered, otherFilter, otherOrder }, e => Assert.Equal("INVALID_PAGE_TOKEN", e.Reason()));
        Assert.Equal(2, fine.Articles.Count); // the page size may change between pages
    }

    [Fact]
    public async Task Page_size_zero_means_20_and_more_than_100_is_clamped()
    {
        var host = await hosts.GetAsync("sqlite");
        var tag = Data.NewTag();
        await Task.WhenAll(Enumerable.Range(0, 101).Select(_ => host.Editor.CreateAsync(tag)));

        var byDefault = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag });
        var clamped = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag, PageSize = 1000 });

        Assert.Equal(20, byDefault.Articles.Count);
        Assert.Equal(100, clamped.Articles.Count);
        Assert.NotEmpty(clamped.NextPageToken);
        Assert.Equal(101, clamped.TotalSize);
    }

    [Theory]
    [InlineData("status", "output only")]
    [InlineData("viewCount", "output only")]
    [InlineData("body_text", "output only")]
    [InlineData("colour", "Editable fields: slug")]
    public async Task An_update_mask_naming_no_editable_field_is_refused(string path, string word)
    {
        var host = await hosts.GetAsync("sqlite");
        var article = await host.Editor.CreateAsync(Data.NewTag());

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Id, Title = "x" },
            UpdateMask = new FieldMask { Paths = { "title", path } },
        }).ResponseAsync);

        var violation = Assert.Single(e.BadRequest()!.FieldViolations);
        Assert.Equal("updateMask", violation.Field);
        Assert.Contains(word, violation.Description);
        Assert.True(Data.IsVietnamese(e.VietnameseMessage()));
    }

    [Fact]
    public async Task An_update_with_no_mask_and_no_field_is_refused_and_a_masked_blank_title_too()
    {
        var host = await hosts.GetAsync("sqlite");
        var article = await host.Editor.CreateAsync(Data.NewTag());

        var nothing = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.UpdateArticleAsync(new UpdateArticleRequest { Article = new Article { Id = article.Id } }).ResponseAsync);
        var blank = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Id },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }).ResponseAsync);
        var noId = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.UpdateArticleAsync(new UpdateArticleRequest { Article = new Article { Title = "x" } }).ResponseAsync);

        Assert.Equal("updateMask", Assert.Single(nothing.BadRequest()!.FieldViolations).Field);
        Assert.Equal("article.title", Assert.Single(blank.BadRequest()!.FieldViolations).Field);
        Assert.Equal("article.id", Assert.Single(noId.BadRequest()!.FieldViolations).Field);
    }

    [Fact]
    public async Task Other_bad_inputs_name_their_field()
    {
        var host = await hosts.GetAsync("sqlite");

        var noId = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.GetArticleAsync(new GetArticleRequest()).ResponseAsync);
        var longKey = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.CreateArticleAsync(new CreateArticleRequest { Article = Data.NewArticle(Data.NewTag()), RequestId = new string('k', 65) }).ResponseAsync);
        var year = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.GetArticleStatisticsAsync(new GetArticleStatisticsRequest()).ResponseAsync);
        var token = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ExportAsync(new ExportArticlesRequest { ResumeToken = "rác" }));
        var missing = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Editor.GetArticleAsync(new GetArticleRequest { Id = "khong-ton-tai" }).ResponseAsync);

        Assert.Equal("id", Assert.Single(noId.BadRequest()!.FieldViolations).Field);
        Assert.Equal("requestId", Assert.Single(longKey.BadRequest()!.FieldViolations).Field);
        Assert.Equal("year", Assert.Single(year.BadRequest()!.FieldViolations).Field);
        Assert.Equal("resumeToken", Assert.Single(token.BadRequest()!.FieldViolations).Field);
        Assert.Equal("INVALID_PAGE_TOKEN", token.Reason());
        Assert.Equal("NOT_FOUND", missing.Reason());
        Assert.All(new[] { noId, longKey, year, token, missing }, e => Assert.True(Data.IsVietnamese(e.VietnameseMessage()), e.VietnameseMessage()));
    }
}
