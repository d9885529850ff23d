using CuKhoi.Articles.Data;
using CuKhoi.Articles.Grpc;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Articles.Tests;

/// <summary>
/// The export's lines and GetArticle's answer are encoded from the rows' bytes (ArticleWire),
/// not through message objects: each must be, byte for byte, what protobuf writes for the same
/// article as every other call maps it (ArticleMapping.ToProto), a line with its own resume token.
/// </summary>
public class ArticleWireTests(SmallBatchHosts hosts) : IClassFixture<SmallBatchHosts>
{
    private static readonly string[] Texts =
    [
        "Dân vận khéo", "Mô hình \"Ngõ phố văn minh\"", "đường\\dẫn/thư mục", "<b>không</b> phải thẻ", "Tổ dân phố số 7 🌸",
        "Ưu tiên\tcông việc", "ký tự ‘cong’ và — gạch dài", "Ｆｕｌｌｗｉｄｔｈ", "a", "Cự Khối, Long Biên, Hà Nội",
    ];

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_line_is_byte_for_byte_what_protobuf_writes_for_the_article_and_its_token(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var (ids, since) = await CreateVariedArticlesAsync(host, new Random(provider.Length));

        var lines = await RawExportAsync(host, new ExportArticlesRequest { Since = since });

        var repository = host.Services.GetRequiredService<ArticleRepository>();
        var exported = new List<string>();
        foreach (var bytes in lines)
        {
            var line = ExportArticlesResponse.Parser.ParseFrom(bytes);
            var row = await repository.FindAsync(line.Article.Id, CancellationToken.None);
            var expected = new ExportArticlesResponse { Article = ArticleMapping.ToProto(row!), ResumeToken = line.ResumeToken };
            Assert.Equal(expected.ToByteArray(), bytes);
            exported.Add(line.Article.Id);
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), exported.Where(ids.Contains).Order(StringComparer.Ordinal));
        Assert.Contains(lines, l => ExportArticlesResponse.Parser.ParseFrom(l).Article.ViewCount > 0);
        Assert.Contains(lines, l => ExportArticlesResponse.Parser.ParseFrom(l).Article.Tags.Count > 2);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_export_with_nothing_to_send_ends_OK_with_no_line(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var future = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(50));

        var lines = await RawExportAsync(host, new ExportArticlesRequest { Since = future });

        Assert.Empty(lines);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task GetArticle_answers_byte_for_byte_what_protobuf_writes_for_the_article(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var (ids, _) = await CreateVariedArticlesAsync(host, new Random(provider.Length + 7));
        var repository = host.Services.GetRequiredService<ArticleRepository>();
        var drafts = 0;
        foreach (var id in ids)
        {
            var row = await repository.FindAsync(id, CancellationToken.None);
            var expected = ArticleMapping.ToProto(row!).ToByteArray();

            Assert.Equal(expected, await RawGetAsync(host, id, "editor-key", "articles:write"));
            Assert.Equal(expected, await RawGetAsync(host, row!.Slug, "editor-key", "articles:write"));
            if (row.Status == "PUBLISHED")
            {
                Assert.Equal(expected, await RawGetAsync(host, id, "anonymous", string.Empty));
            }
            else
            {
                drafts++;
                var error = await Assert.ThrowsAsync<RpcException>(() => RawGetAsync(host, id, "anonymous", string.Empty));
                Assert.Equal(StatusCode.NotFound, error.StatusCode);
            }
        }

        Assert.InRange(drafts, 1, ids.Count - 1);
    }

    private static string Pick(Random random) => Texts[random.Next(Texts.Length)];

    /// <summary>24 articles of varied text, summaries, sources and tags; about half published, some with views.</summary>
    private static async Task<(List<string> Ids, Timestamp Since)> CreateVariedArticlesAsync(ArticleHost host, Random random)
    {
        var marker = Data.NewTag();
        var ids = new List<string>();
        Timestamp? since = null;
        for (var i = 0; i < 24; i++)
        {
            var article = Data.NewArticle(marker, $"{Pick(random)} {i}", body: $"<p>{Pick(random)}</p><p>{string.Join(' ', Enumerable.Repeat(Pick(random), random.Next(1, 60)))}</p>");
            article.Summary = random.Next(3) == 0 ? string.Empty : Pick(random); // empty: the preview of the body
            article.Source = random.Next(2) == 0 ? string.Empty : Pick(random);
            article.Tags.AddRange(Enumerable.Range(0, random.Next(0, 4)).Select(_ => Pick(random)));
            var created = await host.Editor.CreateArticleAsync(new CreateArticleRequest { Article = article });
            since ??= Timestamp.FromDateTimeOffset(created.CreateTime.ToDateTimeOffset().AddTicks(-10));
            ids.Add(created.Id);
            if (random.Next(2) == 0)
            {
                await host.Editor.PublishArticleAsync(new ChangeArticleStatusRequest { Id = created.Id });
                for (var v = random.Next(0, 3); v > 0; v--)
                {
                    await host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = created.Id });
                }
            }
        }

        await host.FlushViewsAsync();
        return (ids, since!);
    }

    /// <summary>GetArticle's answer as the bytes on the wire.</summary>
    private static async Task<byte[]> RawGetAsync(ArticleHost host, string idOrSlug, string principal, string scopes)
    {
        var method = WireBytes.Undecoded<GetArticleRequest>(MethodType.Unary, ArticleService.Descriptor.FullName, "GetArticle");
        return await host.Invoker(principal, scopes)
            .AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), new GetArticleRequest { Id = idOrSlug });
    }

    /// <summary>The export's messages as the bytes on the wire, not decoded and re-encoded by the client.</summary>
    private static async Task<List<byte[]>> RawExportAsync(ArticleHost host, ExportArticlesRequest request)
    {
        var method = WireBytes.Undecoded<ExportArticlesRequest>(MethodType.ServerStreaming, ArticleService.Descriptor.FullName, "ExportArticles");
        using var call = host.Invoker("editor-key", "articles:write")
            .AsyncServerStreamingCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), request);
        var lines = new List<byte[]>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            lines.Add(call.ResponseStream.Current);
        }

        return lines;
    }
}
