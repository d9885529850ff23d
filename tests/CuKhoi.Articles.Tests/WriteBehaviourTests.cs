using CuKhoi.Protos.Articles.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Status = CuKhoi.Protos.Articles.V1.Article.Types.Status;

namespace CuKhoi.Articles.Tests;

/// <summary>Lifecycle, views, idempotency and etags, on SQLite and PostgreSQL.</summary>
public class WriteBehaviourTests(ArticleHosts hosts) : IClassFixture<ArticleHosts>
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_lifecycle_runs_as_DOMAIN_md_says(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var client = host.Editor;
        var article = await client.CreateAsync(Data.NewTag());
        Assert.Equal(Status.Draft, article.Status);
        Assert.Null(article.PublishTime);

        var pending = await client.SubmitArticleAsync(new ChangeArticleStatusRequest { Id = article.Id });
        var published = await client.PublishArticleAsync(new ChangeArticleStatusRequest { Id = article.Id });
        var unpublished = await client.UnpublishArticleAsync(new ChangeArticleStatusRequest { Id = article.Id });
        var republished = await client.PublishArticleAsync(new ChangeArticleStatusRequest { Id = article.Id });
        var illegal = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => client.ArchiveArticleAsync(new ChangeArticleStatusRequest { Id = article.Id }).ResponseAsync);
        await client.UnpublishArticleAsync(new ChangeArticleStatusRequest { Id = article.Id });
        var archived = await client.ArchiveArticleAsync(new ChangeArticleStatusRequest { Id = article.Id });
        var final = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => client.PublishArticleAsync(new ChangeArticleStatusRequest { Id = article.Id }).ResponseAsync);

        Assert.Equal(Status.PendingReview, pending.Status);
        Assert.Equal(Status.Published, published.Status);
        Assert.NotNull(published.PublishTime);
        Assert.Equal(Status.Unpublished, unpublished.Status);
        Assert.Equal(published.PublishTime, republished.PublishTime); // set on first publish only
        Assert.Equal("ILLEGAL_TRANSITION", illegal.Reason());
        Assert.Contains("UNPUBLISHED", illegal.Status.Detail);
        Assert.True(Data.IsVietnamese(illegal.VietnameseMessage()));
        Assert.Equal(Status.Archived, archived.Status);
        Assert.Equal("ILLEGAL_TRANSITION", final.Reason());
        Assert.Equal(["v1", "v2", "v3", "v4", "v5"], new[] { article, pending, published, unpublished, republished }.Select(a => a.Etag));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_draft_may_be_published_directly_and_drafts_cannot_be_unpublished(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var draft = await host.Editor.CreateAsync(Data.NewTag());

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => host.Editor.UnpublishArticleAsync(new ChangeArticleStatusRequest { Id = draft.Id }).ResponseAsync);
        var published = await host.Editor.PublishArticleAsync(new ChangeArticleStatusRequest { Id = draft.Slug });

        Assert.Contains("PENDING_REVIEW, PUBLISHED", e.Status.Detail);
        Assert.Equal(Status.Published, published.Status);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_hundred_concurrent_views_are_all_counted(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var article = await host.Editor.CreatePublishedAsync(Data.NewTag());

        var counts = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            (await host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = i % 2 == 0 ? article.Id : article.Slug })).ViewCount));
        await host.FlushViewsAsync();

        var stored = await host.Anonymous.GetArticleAsync(new GetArticleRequest { Id = article.Id });
        Assert.Equal(200, stored.ViewCount);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), counts.Order()); // every caller saw its own increment
        Assert.Equal(article.Etag, stored.Etag); // a view is not an edit
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Views_count_only_while_published(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var draft = await host.Editor.CreateAsync(Data.NewTag());

        var editor = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => host.Editor.RecordViewAsync(new RecordViewRequest { Id = draft.Id }).ResponseAsync);
        var anonymous = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = draft.Id }).ResponseAsync);
        var missing = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = "khong-co-bai-nay" }).ResponseAsync);

        Assert.Equal("ARTICLE_NOT_PUBLISHED", editor.Reason());
        Assert.Contains("DRAFT", editor.Status.Detail);
        Assert.True(Data.IsVietnamese(editor.VietnameseMessage()));
        Assert.Equal("NOT_FOUND", anonymous.Reason());
        Assert.Equal("NOT_FOUND", missing.Reason());
        Assert.Equal(0, (await host.Editor.GetArticleAsync(new GetArticleRequest { Id = draft.Id })).ViewCount);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_replayed_create_returns_the_first_article_and_a_reused_key_is_refused(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = Data.NewTag();
        var key = Guid.NewGuid().ToString("N");
        var request = new CreateArticleRequest { Article = Data.NewArticle(tag, "Bài gửi hai lần"), RequestId = key };

        var first = await host.Editor.CreateArticleAsync(request);
        var replay = await host.Editor.CreateArticleAsync(request);
        var reused = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.CreateArticleAsync(new CreateArticleRequest { Article = Data.NewArticle(tag, "Bài khác"), RequestId = key }).ResponseAsync);
        var listed = await host.Editor.ListArticlesAsync(new ListArticlesRequest { Tag = tag });

        Assert.Equal(first, replay);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", reused.Reason());
        Assert.Equal("requestId", Assert.Single(reused.BadRequest()!.FieldViolations).Field);
        Assert.True(Data.IsVietnamese(reused.VietnameseMessage()));
        Assert.Equal(1, listed.TotalSize);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_stale_etag_is_aborted_on_every_write(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var article = await host.Editor.CreateAsync(Data.NewTag());
        var updated = await host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Id, Title = "Tiêu đề mới", Etag = article.Etag },
            UpdateMask = new() { Paths = { "title" } },
        });

        var update = await RpcAssert.ThrowsAsync(StatusCode.Aborted, () => host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Id, Title = "Ghi đè", Etag = article.Etag },
            UpdateMask = new() { Paths = { "title" } },
        }).ResponseAsync);
        var publish = await RpcAssert.ThrowsAsync(StatusCode.Aborted, () => host.Editor.PublishArticleAsync(new ChangeArticleStatusRequest { Id = article.Id, Etag = article.Etag }).ResponseAsync);
        var delete = await RpcAssert.ThrowsAsync(StatusCode.Aborted, () => host.Editor.DeleteArticleAsync(new DeleteArticleRequest { Id = article.Id, Etag = article.Etag }).ResponseAsync);
        await host.Editor.DeleteArticleAsync(new DeleteArticleRequest { Id = article.Id, Etag = $"\"{updated.Etag}\"" });
        var gone = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Editor.GetArticleAsync(new GetArticleRequest { Id = article.Id }).ResponseAsync);

        Assert.Equal("v2", updated.Etag);
        Assert.All(new[] { update, publish, delete }, e => Assert.Equal("ETAG_MISMATCH", e.Reason()));
        Assert.True(Data.IsVietnamese(update.VietnameseMessage()));
        Assert.Equal("NOT_FOUND", gone.Reason());
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Slugs_are_unique_explicit_ones_conflict_derived_ones_get_a_suffix(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = Data.NewTag();
        var title = "Thông báo lịch tiếp dân " + tag;
        var first = await host.Editor.CreateAsync(tag, title);
        var second = await host.Editor.CreateAsync(tag, title);
        var explicitSlug = Data.NewArticle(tag);
        explicitSlug.Slug = first.Slug;

        var conflict = await RpcAssert.ThrowsAsync(StatusCode.AlreadyExists, () => host.Editor.CreateArticleAsync(new CreateArticleRequest { Article = explicitSlug }).ResponseAsync);
        var renamed = await RpcAssert.ThrowsAsync(StatusCode.AlreadyExists, () => host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = second.Id, Slug = first.Slug },
            UpdateMask = new() { Paths = { "slug" } },
        }).ResponseAsync);

        Assert.Equal($"thong-bao-lich-tiep-dan-{tag}", first.Slug);
        Assert.Equal($"thong-bao-lich-tiep-dan-{tag}-2", second.Slug);
        Assert.Equal("ALREADY_EXISTS", conflict.Reason());
        Assert.Equal("article.slug", Assert.Single(conflict.BadRequest()!.FieldViolations).Field);
        Assert.True(Data.IsVietnamese(conflict.VietnameseMessage()));
        Assert.Equal("article.slug", Assert.Single(renamed.BadRequest()!.FieldViolations).Field);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Categories_count_their_published_articles(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var before = (await host.Anonymous.ListCategoriesAsync(new ListCategoriesRequest())).Categories.ToDictionary(c => c.Slug);
        await host.Editor.CreatePublishedAsync(Data.NewTag(), category: "thong-bao");
        await host.Editor.CreateAsync(Data.NewTag(), category: "thong-bao");

        var after = (await host.Anonymous.ListCategoriesAsync(new ListCategoriesRequest())).Categories.ToDictionary(c => c.Slug);

        Assert.Equal(["tin-tuc", "dan-van", "kiem-tra-giam-sat", "thong-bao"], after.Keys);
        Assert.Equal("Dân vận", after["dan-van"].Name);
        Assert.Equal("Kiểm tra giám sát", after["kiem-tra-giam-sat"].Name);
        Assert.Equal(before["thong-bao"].PublishedCount + 1, after["thong-bao"].PublishedCount);
    }
}
