using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Protos.Reports.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace CuKhoi.Gateway.Tests;

/// <summary>The same front door over gRPC (:8081): metadata `authorization`, the same rules and rich errors.</summary>
public sealed class GrpcGatewayTests(GatewayWithArticles fixture) : IClassFixture<GatewayWithArticles>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.Gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = fixture.Gateway.Server.CreateHandler() });

    private ArticleService.ArticleServiceClient Articles => new(_channel);

    public void Dispose() => _channel.Dispose();

    private static Metadata Key(string key, bool bearer = true) => new() { { "authorization", bearer ? $"Bearer {key}" : key } };

    [Fact]
    public async Task A_keyed_grpc_caller_writes_and_reads_through_the_gateway()
    {
        var created = await Articles.CreateArticleAsync(
            new CreateArticleRequest { Article = new Article { Title = "Qua gRPC", Category = "tin-tuc" }, RequestId = Guid.NewGuid().ToString("N") },
            Key(fixture.Editor.Key)).ResponseAsync.WaitAsync(Rest.Timeout);
        var fetched = await Articles.GetArticleAsync(new GetArticleRequest { Id = created.Id }, Key(fixture.Editor.Key, bearer: false)).ResponseAsync.WaitAsync(Rest.Timeout);

        Assert.Equal("Qua gRPC", fetched.Title);
        Assert.Equal(Article.Types.Status.Draft, fetched.Status);
    }

    [Fact]
    public async Task Grpc_callers_get_the_same_refusals_with_rich_details()
    {
        var anonymous = await RpcAssert.ThrowsAsync(StatusCode.Unauthenticated, () =>
            Articles.CreateArticleAsync(new CreateArticleRequest { Article = new Article { Title = "x" } }).ResponseAsync.WaitAsync(Rest.Timeout));
        var wrongScope = await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () =>
            Articles.CreateArticleAsync(new CreateArticleRequest { Article = new Article { Title = "x" } }, Key(fixture.DvkEditor.Key)).ResponseAsync.WaitAsync(Rest.Timeout));
        var missing = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () =>
            Articles.GetArticleAsync(new GetArticleRequest { Id = "khong-ton-tai" }).ResponseAsync.WaitAsync(Rest.Timeout));

        Assert.Equal("UNAUTHENTICATED", anonymous.Reason());
        Assert.Equal("PERMISSION_DENIED", wrongScope.Reason());
        Assert.Equal("NOT_FOUND", missing.Reason());
        Assert.False(string.IsNullOrEmpty(missing.VietnameseMessage()));
    }

    [Fact]
    public async Task Health_and_reflection_answer_without_a_key()
    {
        var health = await new Grpc.Health.V1.Health.HealthClient(_channel)
            .CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = ArticleService.Descriptor.FullName }).ResponseAsync.WaitAsync(Rest.Timeout);
        using var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(_channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = string.Empty });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(new CancellationTokenSource(Rest.Timeout).Token));
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains("cukhoi.articles.v1.ArticleService", services);
        Assert.Contains("cukhoi.dvk.v1.DvkModelService", services);
        Assert.Contains("cukhoi.contests.v1.ContestService", services);
        Assert.Contains("cukhoi.reports.v1.ReportService", services);
    }

    [Fact]
    public async Task Exports_stream_over_grpc_too()
    {
        var (id, _) = await fixture.CreateArticleAsync();
        await Articles.PublishArticleAsync(new ChangeArticleStatusRequest { Id = id }, Key(fixture.Editor.Key)).ResponseAsync.WaitAsync(Rest.Timeout);
        using var call = Articles.ExportArticles(new ExportArticlesRequest(), Key(fixture.Reporter.Key));

        var lines = new List<ExportArticlesResponse>();
        await foreach (var line in call.ResponseStream.ReadAllAsync().WithCancellation(new CancellationTokenSource(Rest.Timeout).Token))
        {
            lines.Add(line);
        }

        Assert.Contains(lines, l => l.Article.Id == id);
        Assert.All(lines, l => Assert.False(string.IsNullOrEmpty(l.ResumeToken)));
    }

    [Fact]
    public async Task Grpc_writes_are_audited()
    {
        var created = await Articles.CreateArticleAsync(
            new CreateArticleRequest { Article = new Article { Title = "Ghi vết gRPC", Category = "tin-tuc" } },
            Key(fixture.Editor.Key)).ResponseAsync.WaitAsync(Rest.Timeout);

        var audit = await (await fixture.Client.SendAsync(HttpMethod.Get, "/api/v1/admin/audit", key: GatewayFactory.AdminKey)).JsonAsync();

        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e =>
            e.GetProperty("protocol").GetString() == "grpc"
            && e.GetProperty("resource").GetString() == $"/api/v1/articles/{created.Id}"
            && e.GetProperty("principalId").GetString() == fixture.Editor.Id
            && e.GetProperty("status").GetInt32() == 200);
    }
}
