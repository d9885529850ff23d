using CuKhoi.Protos.Articles.V1;
using Google.Protobuf.WellKnownTypes;

namespace CuKhoi.Articles.Tests;

/// <summary>UpdateArticle: masks, derived fields and what an edit leaves alone.</summary>
public class UpdateTests(ArticleHosts hosts) : IClassFixture<ArticleHosts>
{
    [Fact]
    public async Task A_mask_updates_exactly_its_fields()
    {
        var host = await hosts.GetAsync("sqlite");
        var article = await host.Editor.CreateAsync(Data.NewTag(), "Tiêu đề gốc");

        var updated = await host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Id, Title = "Tiêu đề mới", Author = "bỏ qua", Tags = { "mới" } },
            UpdateMask = new FieldMask { Paths = { "title", "tags" } },
        });

        Assert.Equal("Tiêu đề mới", updated.Title);
        Assert.Equal(["mới"], updated.Tags);
        Assert.Equal(article.Author, updated.Author);
        Assert.Equal(article.Slug, updated.Slug); // the URL does not move when the title is edited
        Assert.Equal(article.Body, updated.Body);
        Assert.Equal("v2", updated.Etag);
        Assert.True(updated.UpdateTime.ToDateTimeOffset() >= article.UpdateTime.ToDateTimeOffset());
        Assert.Equal(article.CreateTime, updated.CreateTime);
    }

    [Fact]
    public async Task JSON_names_in_the_mask_and_the_id_and_etag_keys_of_a_PATCH_body_are_accepted()
    {
        var host = await hosts.GetAsync("sqlite");
        var article = await host.Editor.CreateAsync(Data.NewTag());

        var updated = await host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Id, Etag = article.Etag, Source = "Cổng thông tin phường", Summary = "Tóm tắt" },
            UpdateMask = new FieldMask { Paths = { "source", "summary", "id", "etag" } },
        });

        Assert.Equal("Cổng thông tin phường", updated.Source);
        Assert.Equal("Tóm tắt", updated.Summary);
    }

    [Fact]
    public async Task Without_a_mask_the_fields_provided_are_updated()
    {
        var host = await hosts.GetAsync("sqlite");
        var article = await host.Editor.CreateAsync(Data.NewTag());

        var updated = await host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Slug, Category = "dan-van", Body = "<p>Nội dung <script>x()</script>mới</p>" },
        });

        Assert.Equal("dan-van", updated.Category);
        Assert.Equal("<p>Nội dung mới</p>", updated.Body);
        Assert.Equal("Nội dung mới", updated.BodyText);
        Assert.Equal(article.Title, updated.Title);
        Assert.Equal(article.Tags, updated.Tags);
    }

    [Fact]
    public async Task The_summary_defaults_to_the_start_of_the_body_text_and_follows_body_edits()
    {
        var host = await hosts.GetAsync("sqlite");
        var longBody = "<p>" + string.Join(' ', Enumerable.Repeat("Đảng ủy phường lãnh đạo công tác dân vận.", 20)) + "</p>";
        var article = await host.Editor.CreateAsync(Data.NewTag(), body: longBody);

        var edited = await host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Id, Body = "<p>Bản tin ngắn.</p>" },
            UpdateMask = new FieldMask { Paths = { "body" } },
        });

        Assert.True(article.Summary.Length <= 201);
        Assert.EndsWith("…", article.Summary);
        Assert.StartsWith("Đảng ủy phường lãnh đạo", article.Summary);
        Assert.Equal("Bản tin ngắn.", edited.Summary);
    }

    [Fact]
    public async Task An_emptied_slug_is_derived_again_from_the_title()
    {
        var host = await hosts.GetAsync("sqlite");
        var tag = Data.NewTag();
        var article = await host.Editor.CreateAsync(tag, "Tên cũ " + tag);

        var updated = await host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Id, Title = "Tên mới " + tag },
            UpdateMask = new FieldMask { Paths = { "title", "slug" } },
        });

        Assert.Equal($"ten-moi-{tag}", updated.Slug);
    }

    [Fact]
    public async Task Create_ignores_output_only_fields_and_starts_as_a_draft()
    {
        var host = await hosts.GetAsync("sqlite");
        var input = Data.NewArticle(Data.NewTag());
        input.Id = "chon-id";
        input.Status = Article.Types.Status.Published;
        input.ViewCount = 999;
        input.PublishTime = Data.Ts(2020, 1, 1);

        var created = await host.Editor.CreateArticleAsync(new CreateArticleRequest { Article = input });

        Assert.Equal(32, created.Id.Length);
        Assert.Equal(Article.Types.Status.Draft, created.Status);
        Assert.Equal(0, created.ViewCount);
        Assert.Null(created.PublishTime);
        Assert.Equal("v1", created.Etag);
        Assert.Equal(created.CreateTime, created.UpdateTime);
    }

    [Fact]
    public async Task Text_arrives_NFC_and_a_decomposed_query_still_finds_it()
    {
        var host = await hosts.GetAsync("sqlite");
        var tag = Data.NewTag();
        var decomposed = "Dân vận khéo".Normalize(System.Text.NormalizationForm.FormD);
        var article = await host.Editor.CreatePublishedAsync(tag, decomposed);

        var found = await host.Anonymous.ListArticlesAsync(new ListArticlesRequest { Tag = tag, Q = "dân VẬN".Normalize(System.Text.NormalizationForm.FormD) });

        Assert.Equal("Dân vận khéo", article.Title);
        Assert.True(article.Title.IsNormalized());
        Assert.Single(found.Articles);
    }
}
