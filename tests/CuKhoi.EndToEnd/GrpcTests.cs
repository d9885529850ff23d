using CuKhoi.EndToEnd.Support;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Dvk.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CuKhoi.EndToEnd;

/// <summary>
/// gRPC as a district system meets it: the gateway's h2c port with the protos' client
/// stubs and `authorization` metadata; and the services' own ports, which take nobody
/// without the internal token (health checks excepted).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class GrpcTests(SystemFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private Metadata AdminKey => new() { { "authorization", $"Bearer {fixture.System.AdminKey}" } };

    [Fact]
    public async Task ListArticles_through_the_gateway_folds_vietnamese()
    {
        var articles = new ArticleService.ArticleServiceClient(fixture.Grpc);

        var response = await articles.ListArticlesAsync(new ListArticlesRequest { Q = "dan van kheo", PageSize = 3 }, deadline: DateTime.UtcNow + Deadline);

        Assert.NotEmpty(response.Articles);
        Assert.Contains(response.Articles, a => a.Title.Contains("Dân vận khéo", StringComparison.Ordinal));
        Assert.All(response.Articles, a => Assert.Equal(Article.Types.Status.Published, a.Status));
    }

    [Fact]
    public async Task RegisterDvkModel_with_a_key_is_registered()
    {
        var models = new DvkModelService.DvkModelServiceClient(fixture.Grpc);

        var model = await models.RegisterDvkModelAsync(NewModel(), AdminKey, DateTime.UtcNow + Deadline);

        Assert.Equal(DvkModel.Types.Status.Registered, model.Status);
        Assert.False(string.IsNullOrEmpty(model.Id));
        Assert.Equal("Tổ tự quản vệ sinh môi trường", model.Name);
    }

    [Fact]
    public async Task A_write_without_a_key_is_unauthenticated_with_details()
    {
        var models = new DvkModelService.DvkModelServiceClient(fixture.Grpc);

        var e = await Assert.ThrowsAsync<RpcException>(() => models.RegisterDvkModelAsync(NewModel(), deadline: DateTime.UtcNow + Deadline).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        var details = e.GetRpcStatus()?.Details ?? throw new Xunit.Sdk.XunitException($"no google.rpc.Status in {e.Status}");
        Assert.Contains(details, d => d.Is(ErrorInfo.Descriptor));
        Assert.Contains(details, d => d.Is(LocalizedMessage.Descriptor) && d.Unpack<LocalizedMessage>().Locale == "vi-VN");
    }

    [Theory]
    [InlineData("CuKhoi.Articles")]
    [InlineData("CuKhoi.DvkModels")]
    [InlineData("CuKhoi.Contests")]
    public async Task A_service_answers_health_checks_without_the_internal_token(string service)
    {
        using var channel = GrpcChannel.ForAddress(fixture.System.ServiceAddress(service));

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Deadline);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task The_articles_service_refuses_a_caller_without_the_internal_token()
    {
        using var channel = GrpcChannel.ForAddress(fixture.System.ServiceAddress("CuKhoi.Articles"));
        var articles = new ArticleService.ArticleServiceClient(channel);

        // Even the gateway's admin key means nothing here: only the internal token opens a service.
        var e = await Assert.ThrowsAsync<RpcException>(() => articles.ListArticlesAsync(new ListArticlesRequest(), AdminKey, DateTime.UtcNow + Deadline).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task The_dvk_service_refuses_a_wrong_internal_token()
    {
        using var channel = GrpcChannel.ForAddress(fixture.System.ServiceAddress("CuKhoi.DvkModels"));
        var models = new DvkModelService.DvkModelServiceClient(channel);
        var wrong = new Metadata { { "x-cukhoi-internal-token", "not-" + fixture.System.InternalToken } };

        var e = await Assert.ThrowsAsync<RpcException>(() => models.ListDvkModelsAsync(new ListDvkModelsRequest(), wrong, DateTime.UtcNow + Deadline).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    private static RegisterDvkModelRequest NewModel() => new()
    {
        DvkModel = new DvkModel
        {
            Kind = DvkModel.Types.Kind.Model,
            Name = "Tổ tự quản vệ sinh môi trường",
            OwnerUnit = "Chi bộ Tổ dân phố số 3",
            Field = DvkModel.Types.Field.CultureSociety,
            Topics = { "môi trường" },
            Year = 2021,
        },
        RequestId = Guid.NewGuid().ToString("N"),
    };
}
