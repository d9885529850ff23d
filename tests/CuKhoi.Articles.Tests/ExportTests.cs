using CuKhoi.Protos.Articles.V1;
using CuKhoi.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CuKhoi.Articles.Tests;

/// <summary>Small export batches, so a handful of rows crosses several batch boundaries.</summary>
public sealed class SmallBatchHosts : ArticleHosts
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Articles:ExportBatchSize"] = "3" };
}

public class ExportTests(SmallBatchHosts hosts) : IClassFixture<SmallBatchHosts>
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_resumed_export_has_no_gaps_and_no_duplicates_wherever_it_was_cut(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var (since, created) = await CreateAsync(host, 8);

        var full = await host.Editor.ExportAsync(new ExportArticlesRequest { Since = since });

        Assert.Equal(created.Select(a => a.Id), full.Select(l => l.Article.Id));
        Assert.All(full, l => Assert.NotEmpty(l.ResumeToken));
        for (var cut = 0; cut < full.Count; cut++)
        {
            var rest = await host.Editor.ExportAsync(new ExportArticlesRequest { Since = since, ResumeToken = full[cut].ResumeToken });
            Assert.Equal(full.Skip(cut + 1).Select(l => l.Article.Id), rest.Select(l => l.Article.Id));
        }
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rows_changed_during_an_export_come_again_after_the_cut_once(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var (since, created) = await CreateAsync(host, 8);
        var head = await host.Editor.ExportAsync(new ExportArticlesRequest { Since = since }, take: 4);

        await Touch(host, created[1]); // already sent: must come again with its new content
        await Touch(host, created[6]); // not sent yet: must come once, at its new place

        var rest = await host.Editor.ExportAsync(new ExportArticlesRequest { Since = since, ResumeToken = head[^1].ResumeToken });

        Assert.Equal(new[] { created[4], created[5], created[7], created[1], created[6] }.Select(a => a.Id), rest.Select(l => l.Article.Id));
        Assert.Equal("Đã sửa", rest[^1].Article.Summary);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Since_filters_and_a_token_from_another_since_is_refused(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var (since, created) = await CreateAsync(host, 2);
        var later = Timestamp.FromDateTimeOffset(created[0].UpdateTime.ToDateTimeOffset());

        var full = await host.Editor.ExportAsync(new ExportArticlesRequest { Since = since });
        var afterFirst = await host.Editor.ExportAsync(new ExportArticlesRequest { Since = later });
        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Editor.ExportAsync(new ExportArticlesRequest { Since = later, ResumeToken = full[0].ResumeToken }));

        Assert.Equal(created.Select(a => a.Id), full.Select(l => l.Article.Id));
        Assert.Equal([created[1].Id], afterFirst.Select(l => l.Article.Id));
        Assert.Equal("resumeToken", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }

    private static async Task<(Timestamp Since, List<Article> Created)> CreateAsync(ArticleHost host, int count)
    {
        var tag = Data.NewTag();
        var created = new List<Article>();
        for (var i = 0; i < count; i++)
        {
            created.Add(await host.Editor.CreateAsync(tag, $"Bản ghi xuất {i}"));
        }

        // Just before the first row, so earlier tests' rows stay out of this export.
        return (Timestamp.FromDateTimeOffset(created[0].UpdateTime.ToDateTimeOffset().AddTicks(-10)), created);
    }

    private static Task<Article> Touch(ArticleHost host, Article article) =>
        host.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Id = article.Id, Summary = "Đã sửa" },
            UpdateMask = new FieldMask { Paths = { "summary" } },
        }).ResponseAsync;
}
