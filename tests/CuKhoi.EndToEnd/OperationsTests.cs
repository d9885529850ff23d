using System.Net;
using CuKhoi.EndToEnd.Support;
using Grpc.Health.V1;

namespace CuKhoi.EndToEnd;

/// <summary>What an orchestrator and an integrator probe first: liveness, readiness, the OpenAPI document, gRPC health.</summary>
[Collection(SystemCollection.Name)]
public sealed class OperationsTests(SystemFixture fixture)
{
    [Fact]
    public async Task Probes_and_the_openapi_document_answer_anonymously()
    {
        using var live = await fixture.Http.SendAsync(HttpMethod.Get, "/healthz");
        using var ready = await fixture.Http.SendAsync(HttpMethod.Get, "/readyz");
        using var openApi = await fixture.Http.SendAsync(HttpMethod.Get, "/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var services = (await ready.JsonAsync()).GetProperty("services");
        Assert.All(new[] { "articles", "dvk-models", "contests", "database" }, s => Assert.Equal("SERVING", services.GetProperty(s).GetString()));
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        var paths = (await openApi.JsonAsync()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/articles", out _), "no /api/v1/articles in the OpenAPI document");
        Assert.True(paths.TryGetProperty("/api/v1/reports/annual/{year}", out _), "no /api/v1/reports/annual/{year} in the OpenAPI document");
    }

    [Fact]
    public async Task The_gateway_grpc_port_answers_health_checks_without_a_key()
    {
        var health = await new Health.HealthClient(fixture.Grpc).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Rest.Timeout);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
