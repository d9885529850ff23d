using CuKhoi.Protos.Articles.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Status = CuKhoi.Protos.Articles.V1.Article.Types.Status;

namespace CuKhoi.Articles.Tests;

/// <summary>Who sees and changes what: PUBLISHED is public, the rest needs articles:write.</summary>
public class VisibilityTests(ArticleHosts hosts) : IClassFixture<ArticleHosts>
{
    [Fact]
    public async Task Anonymous_readers_list_published_articles_only()
    {
        var host = await hosts.GetAsync("sqlite");
        var tag = Data.NewTag();
        var published = await host.Editor.CreatePublishedAsync(tag);
        await host.Editor.CreateAsync(tag);

        var anonymous = await host.Anonymous.ListArticlesAsync(new ListArticlesRequest { Tag = tag });
        var askingPublished = await host.Anonymous.ListArticlesAsync(new ListArticlesRequest { Tag = tag, Status = Status.Published });
        var editor = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag });
        var service = await host.Service.ListArticlesAsync(new ListArticlesRequest { Tag = tag });

        Assert.Equal([published.Id], anonymous.Articles.Select(a => a.Id));
        Assert.Equal(1, anonymous.TotalSize);
        Assert.Equal([published.Id], askingPublished.Articles.Select(a => a.Id));
        Assert.Equal(2, editor.TotalSize);
        Assert.Equal(2, service.TotalSize);
    }

    [Theory]
    [InlineData(Status.Draft)]
    [InlineData(Status.Unpublished)]
    [InlineData(Status.Archived)]
    public async Task Asking_for_another_status_without_the_scope_is_permission_denied(Status status)
    {
        var host = await hosts.GetAsync("sqlite");

        var e = await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => host.Reporter.ListArticlesAsync(new ListArticlesRequest { Status = status }).ResponseAsync);

        Assert.Equal("PERMISSION_DENIED", e.Reason());
        Assert.Contains("articles:write", e.Status.Detail);
        Assert.True(Data.IsVietnamese(e.VietnameseMessage()));
    }

    [Fact]
    public async Task A_draft_is_not_found_for_readers_by_id_or_slug_but_visible_to_editors()
    {
        var host = await hosts.GetAsync("sqlite");
        var draft = await host.Editor.CreateAsync(Data.NewTag());

        var byId = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Anonymous.GetArticleAsync(new GetArticleRequest { Id = draft.Id }).ResponseAsync);
        var bySlug = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Reporter.GetArticleAsync(new GetArticleRequest { Id = draft.Slug }).ResponseAsync);
        var editor = await host.Editor.GetArticleAsync(new GetArticleRequest { Id = draft.Slug });
        var admin = await host.Admin.GetArticleAsync(new GetArticleRequest { Id = draft.Id });

        Assert.Equal("NOT_FOUND", byId.Reason());
        Assert.True(Data.IsVietnamese(bySlug.VietnameseMessage()));
        Assert.Equal(draft.Id, editor.Id);
        Assert.Equal(draft.Id, admin.Id);
    }

    [Fact]
    public async Task Readers_get_published_articles_by_id_or_slug()
    {
        var host = await hosts.GetAsync("sqlite");
        var published = await host.Editor.CreatePublishedAsync(Data.NewTag());

        var bySlug = await host.Anonymous.GetArticleAsync(new GetArticleRequest { Id = published.Slug });

        Assert.Equal(published, bySlug);
    }

    [Fact]
    public async Task Writes_without_articles_write_are_permission_denied()
    {
        var host = await hosts.GetAsync("sqlite");
        var article = await host.Editor.CreateAsync(Data.NewTag());
        var clients = new[] { host.Anonymous, host.Reporter, host.Client("dvk-editor", "dvk:write contests:write") };

        foreach (var client in clients)
        {
            var calls = new Func<Task>[]
            {
                () => client.CreateArticleAsync(new CreateArticleRequest { Article = Data.NewArticle(Data.NewTag()) }).ResponseAsync,
                () => client.UpdateArticleAsync(new UpdateArticleRequest { Article = new Article { Id = article.Id, Title = "x" } }).ResponseAsync,
                () => client.SubmitArticleAsync(new ChangeArticleStatusRequest { Id = article.Id }).ResponseAsync,
                () => client.PublishArticleAsync(new ChangeArticleStatusRequest { Id = article.Id }).ResponseAsync,
                () => client.UnpublishArticleAsync(new ChangeArticleStatusRequest { Id = article.Id }).ResponseAsync,
                () => client.ArchiveArticleAsync(new ChangeArticleStatusRequest { Id = article.Id }).ResponseAsync,
                () => client.DeleteArticleAsync(new DeleteArticleRequest { Id = article.Id }).ResponseAsync,
            };
            foreach (var call in calls)
            {
                var e = await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, call);
                Assert.Equal("PERMISSION_DENIED", e.Reason());
                Assert.True(Data.IsVietnamese(e.VietnameseMessage()));
            }
        }

        Assert.Equal(Status.Draft, (await host.Editor.GetArticleAsync(new GetArticleRequest { Id = article.Id })).Status);
    }

    [Fact]
    public async Task Calls_without_the_internal_token_are_unauthenticated()
    {
        var host = await hosts.GetAsync("sqlite");

        var list = await RpcAssert.ThrowsAsync(StatusCode.Unauthenticated, () => host.NoToken.ListArticlesAsync(new ListArticlesRequest()).ResponseAsync);
        var view = await RpcAssert.ThrowsAsync(StatusCode.Unauthenticated, () => host.NoToken.RecordViewAsync(new RecordViewRequest { Id = "x" }).ResponseAsync);
        var export = await RpcAssert.ThrowsAsync(StatusCode.Unauthenticated, () => host.NoToken.ExportAsync(new ExportArticlesRequest()));

        Assert.All(new[] { list, view, export }, e => Assert.Equal("UNAUTHENTICATED", e.Reason()));
        Assert.True(Data.IsVietnamese(list.VietnameseMessage()));
    }

    [Fact]
    public async Task Anyone_may_read_categories_and_statistics()
    {
        var host = await hosts.GetAsync("sqlite");

        var categories = await host.Anonymous.ListCategoriesAsync(new ListCategoriesRequest());
        var statistics = await host.Anonymous.GetArticleStatisticsAsync(new GetArticleStatisticsRequest { Year = 2020 });

        Assert.Equal(4, categories.Categories.Count);
        Assert.Equal(12, statistics.Months.Count);
    }

    [Fact]
    public async Task Exports_need_a_scope_and_show_reporting_jobs_published_articles_only()
    {
        var host = await hosts.GetAsync("sqlite");
        var since = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-1));
        var tag = Data.NewTag();
        var published = await host.Editor.CreatePublishedAsync(tag);
        var draft = await host.Editor.CreateAsync(tag);

        var anonymous = await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => host.Anonymous.ExportAsync(new ExportArticlesRequest()));
        var reporter = await host.Reporter.ExportAsync(new ExportArticlesRequest { Since = since });
        var editor = await host.Editor.ExportAsync(new ExportArticlesRequest { Since = since });

        Assert.True(Data.IsVietnamese(anonymous.VietnameseMessage()));
        Assert.Contains(published.Id, reporter.Select(l => l.Article.Id));
        Assert.DoesNotContain(draft.Id, reporter.Select(l => l.Article.Id));
        Assert.Contains(draft.Id, editor.Select(l => l.Article.Id));
    }
}
