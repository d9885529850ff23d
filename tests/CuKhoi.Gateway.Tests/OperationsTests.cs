using System.Net;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Protos.Reports.V1;
using CuKhoi.Testing;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Gateway.Tests;

/// <summary>Probes, OpenAPI, docs and CORS.</summary>
public sealed class OperationsTests(OperationsTests.Fixture fixture) : IClassFixture<OperationsTests.Fixture>
{
    public const string Portal = "https://cukhoi.longbien.hanoi.gov.vn";

    public sealed class Fixture : GatewayWithFake
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Portal };
    }

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Liveness_is_200_and_readiness_names_every_service()
    {
        var live = await Client.SendAsync(HttpMethod.Get, "/healthz");
        var ready = await Client.SendAsync(HttpMethod.Get, "/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var services = (await ready.JsonAsync()).GetProperty("services");
        foreach (var name in new[] { "articles", "dvk-models", "contests", "database" })
        {
            Assert.Equal("SERVING", services.GetProperty(name).GetString());
        }
    }

    [Fact]
    public async Task Readiness_is_503_naming_the_service_that_is_down_while_liveness_stays_200()
    {
        await using var fake = await FakeHost.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database)
            .Downstream(GatewayFactory.Articles, fake.CreateHandler)
            .Downstream(GatewayFactory.Contests, fake.CreateHandler);
        var client = gateway.CreateClient();
        fake.Health.SetStatus(string.Empty, Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.NotServing);

        var live = await client.SendAsync(HttpMethod.Get, "/healthz");
        var ready = await client.SendAsync(HttpMethod.Get, "/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.JsonAsync();
        Assert.Equal("NOT_READY", body.GetProperty("status").GetString());
        Assert.Equal("NOT_SERVING", body.GetProperty("services").GetProperty("articles").GetString());
        Assert.Equal("UNREACHABLE", body.GetProperty("services").GetProperty("dvk-models").GetString());

        // grpc.health.v1 says the same: "" as /readyz, each forwarded service as its downstream.
        Assert.Equal(NotServing, await GrpcHealthAsync(gateway, string.Empty));
        Assert.Equal(NotServing, await GrpcHealthAsync(gateway, ArticleService.Descriptor.FullName));
        Assert.Equal(NotServing, await GrpcHealthAsync(gateway, DvkModelService.Descriptor.FullName));
        Assert.Equal("NOT_SERVING", body.GetProperty("services").GetProperty("contests").GetString()); // the fakes share one health state
        Assert.Equal(NotServing, await GrpcHealthAsync(gateway, ContestService.Descriptor.FullName));
        Assert.Equal(Serving, await GrpcHealthAsync(gateway, ReportService.Descriptor.FullName)); // answers partially whatever the services say
    }

    [Fact]
    public async Task Grpc_health_is_serving_for_every_service_and_overall_while_readiness_is_ready()
    {
        var ready = await Client.SendAsync(HttpMethod.Get, "/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        foreach (var service in new[] { string.Empty, ArticleService.Descriptor.FullName, DvkModelService.Descriptor.FullName, ContestService.Descriptor.FullName, ReportService.Descriptor.FullName })
        {
            Assert.Equal(Serving, await GrpcHealthAsync(fixture.Gateway, service));
        }
    }

    private const HealthCheckResponse.Types.ServingStatus Serving = HealthCheckResponse.Types.ServingStatus.Serving;

    private const HealthCheckResponse.Types.ServingStatus NotServing = HealthCheckResponse.Types.ServingStatus.NotServing;

    private static async Task<HealthCheckResponse.Types.ServingStatus> GrpcHealthAsync(GatewayFactory gateway, string service)
    {
        using var channel = GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = gateway.Server.CreateHandler() });
        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }).ResponseAsync.WaitAsync(Rest.Timeout);
        return response.Status;
    }

    [Fact]
    public async Task The_openapi_document_lists_the_routes_of_the_protos_and_the_admin_routes()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        var names = paths.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/articles", names);
        Assert.Contains("/api/v1/articles/{id}", names);
        Assert.Contains("/api/v1/dvk-models", names);
        Assert.Contains("/api/v1/contests/{contestId}/entries", names);
        Assert.Contains("/api/v1/admin/keys", names);
        Assert.True(paths.GetProperty("/api/v1/articles").TryGetProperty("post", out _));
    }

    /// <summary>
    /// The routes written as minimal APIs (probes, admin, backups, the report page) take their
    /// request delegates from the source generator (EnableRequestDelegateGenerator): at start
    /// nothing builds and compiles expression trees for them, which cost every replica about
    /// 3 MiB of memory all day. A route the generator cannot handle falls back to the runtime
    /// factory silently; this names it.
    /// </summary>
    [Fact]
    public void Every_minimal_api_route_has_a_generated_request_delegate()
    {
        var routes = fixture.Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<System.Reflection.MethodInfo>() is not null)
            .ToList();

        Assert.True(routes.Count >= 8, $"{routes.Count} minimal-API routes");
        Assert.All(routes, e => Assert.True(
            e.RequestDelegate?.Method.DeclaringType?.Namespace?.StartsWith("Microsoft.AspNetCore.Http.Generated", StringComparison.Ordinal) == true,
            $"{e.DisplayName}: {e.RequestDelegate?.Method.DeclaringType?.FullName}"));
    }

    [Fact]
    public async Task The_docs_are_served_from_the_gateway_itself()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/docs/index.html");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger-ui", html);
        Assert.DoesNotContain("https://", html);
        var script = await Client.SendAsync(HttpMethod.Get, "/docs/swagger-ui-bundle.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_and_headers_are_exposed()
    {
        var preflight = Rest.Request(HttpMethod.Options, "/api/v1/articles", headers: [("Origin", Portal), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")]);
        var stranger = Rest.Request(HttpMethod.Options, "/api/v1/articles", headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")]);

        var allowed = await Client.SendAsync(preflight).WaitAsync(Rest.Timeout);
        var refused = await Client.SendAsync(stranger).WaitAsync(Rest.Timeout);
        var get = await Client.SendAsync(HttpMethod.Get, "/api/v1/articles/a", headers: ("Origin", Portal));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(Portal, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        var exposed = string.Join(",", get.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("ETag", exposed);
        Assert.Contains("Location", exposed);
        Assert.Contains("Retry-After", exposed);
    }
}
