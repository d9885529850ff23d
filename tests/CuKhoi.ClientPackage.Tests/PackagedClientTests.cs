using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Reports.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CuKhoi.ClientPackage.Tests;

/// <summary>
/// What the package's README shows a district system, against the real gateway (started by
/// scripts/client-package-test.sh, which names it in CUKHOI_GATEWAY_GRPC and gives the
/// bootstrap key in CUKHOI_ADMIN_KEY): typed clients from the package, the key in the
/// `authorization` metadata.
/// </summary>
public sealed class PackagedClientTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string? Address = Environment.GetEnvironmentVariable("CUKHOI_GATEWAY_GRPC");

    private static readonly string AdminKey = Environment.GetEnvironmentVariable("CUKHOI_ADMIN_KEY") ?? string.Empty;

    private GrpcChannel? _channel;

    private static Metadata Key => new() { { "authorization", $"Bearer {AdminKey}" } };

    private static DateTime Deadline => DateTime.UtcNow.Add(Timeout);

    /// <summary>The gateway's gRPC door; skipped off CI when the script did not start one, failed under CI=true.</summary>
    private GrpcChannel Channel()
    {
        var present = !string.IsNullOrEmpty(Address) && AdminKey.Length > 0;
        const string why = "CUKHOI_GATEWAY_GRPC and CUKHOI_ADMIN_KEY are not set: run scripts/client-package-test.sh";
        if (!present && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{why} (CI=true: this test must run).");
        }

        Skip.IfNot(present, why);
        return _channel ??= GrpcChannel.ForAddress(Address!);
    }

    [SkippableFact]
    public async Task An_anonymous_search_without_accents_finds_the_published_sample_article()
    {
        var articles = new ArticleService.ArticleServiceClient(Channel());

        var found = await articles.ListArticlesAsync(new ListArticlesRequest { Q = "kiem tra giam sat", PageSize = 5 }, deadline: Deadline);

        Assert.NotEmpty(found.Articles);
        Assert.All(found.Articles, a => Assert.Equal(Article.Types.Status.Published, a.Status));
        Assert.Contains(found.Articles, a => a.Title.Contains("Kiểm tra giám sát", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task With_the_key_in_the_authorization_metadata_a_draft_is_created_and_published()
    {
        var articles = new ArticleService.ArticleServiceClient(Channel());
        var requestId = Guid.NewGuid().ToString("N");
        var create = new CreateArticleRequest
        {
            Article = new Article { Title = $"Ra quân giải phóng mặt bằng {requestId[..6]}", Category = "tin-tuc", Body = "<p>Sáng nay, Đoàn Thanh niên phường ra quân.</p>" },
            RequestId = requestId,
        };

        var draft = await articles.CreateArticleAsync(create, Key, Deadline);
        var again = await articles.CreateArticleAsync(create, Key, Deadline);
        var published = await articles.PublishArticleAsync(new ChangeArticleStatusRequest { Id = draft.Id, Etag = draft.Etag }, Key, Deadline);

        Assert.Equal(Article.Types.Status.Draft, draft.Status);
        Assert.Equal(draft.Id, again.Id); // the same request_id: applied once
        Assert.Equal(Article.Types.Status.Published, published.Status);
        Assert.NotNull(published.PublishTime);
    }

    [SkippableFact]
    public async Task Without_a_key_a_write_is_unauthenticated_and_says_why_in_vietnamese()
    {
        var articles = new ArticleService.ArticleServiceClient(Channel());

        var refused = await Assert.ThrowsAsync<RpcException>(() => articles.CreateArticleAsync(
            new CreateArticleRequest { Article = new Article { Title = "Không có khóa" } }, deadline: Deadline).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        var vietnamese = refused.GetRpcStatus()?.GetDetail<Google.Rpc.LocalizedMessage>();
        Assert.Equal("vi-VN", vietnamese?.Locale);
    }

    [SkippableFact]
    public async Task The_2020_report_over_grpc_shows_the_figures_of_the_seed_document()
    {
        var reports = new ReportService.ReportServiceClient(Channel());

        var report = await reports.GetAnnualReportAsync(new GetAnnualReportRequest { Year = 2020 }, deadline: Deadline);

        var value = report.Indicators.ToDictionary(i => i.Code, i => i.Value);
        Assert.Empty(report.Unavailable);
        Assert.Equal(11, value["CONTEST_ENTRIES_SUBMITTED"]);
        Assert.Equal(1, value["CONTEST_ENTRIES_FORWARDED_CITY"]);
        Assert.Equal(1, value["DVK_MODELS_RECOGNISED_DISTRICT"]);
    }

    public void Dispose() => _channel?.Dispose();
}
