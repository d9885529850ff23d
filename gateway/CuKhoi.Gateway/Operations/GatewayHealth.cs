using CuKhoi.Gateway.Http;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Downstream;
using CuKhoi.ServiceDefaults.Grpc;
using Grpc.AspNetCore.HealthChecks;
using Grpc.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// One set of health checks behind both probes, so a gRPC integrator sees what a REST
/// operator sees: one check per downstream service (its grpc.health.v1 state) and one for
/// the gateway's own database. `GET /readyz` and grpc.health.v1 service "" are READY /
/// SERVING only when all pass; grpc.health.v1 for a forwarded service
/// ("cukhoi.articles.v1.ArticleService") follows that service's check alone; the
/// ReportService is always SERVING (it answers, partially, whatever the services' state).
/// `GET /healthz` is liveness: the process answers.
/// </summary>
public static class GatewayHealth
{
    public const string Database = "database";

    /// <summary>The process itself: what the ReportService's health follows (it is served here).</summary>
    private const string Self = "self";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public sealed record Readiness(string Status, IReadOnlyDictionary<string, string> Services);

    /// <summary>The typed client and pipeline of one downstream (`Services:{section}`) and its health check.</summary>
    public static WebApplicationBuilder AddForwardedService<TClient>(this WebApplicationBuilder builder, string name, string section, ServiceDescriptor service)
        where TClient : ClientBase<TClient>
    {
        builder.AddDownstream<TClient>(name, section);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name,
            sp => new DownstreamCheck(sp.GetServices<DownstreamHealth>().Single(d => d.Name == name)),
            HealthStatus.Unhealthy,
            [service.FullName]));
        builder.Services.Configure<GrpcHealthChecksOptions>(options => options.Services.Map(service.FullName, check => check.Tags.Contains(service.FullName)));
        return builder;
    }

    /// <summary>The gateway database check, and grpc.health.v1 answering from the same checks.</summary>
    public static WebApplicationBuilder AddGatewayHealth(this WebApplicationBuilder builder, ServiceDescriptor servedHere)
    {
        builder.Services.AddGrpcHealthChecks(options => options.Services.Map(servedHere.FullName, check => check.Name == Self))
            .AddCheck<DatabaseCheck>(Database)
            .AddCheck<SelfHealthCheck>(Self);
        return builder;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).WithTags("Operations").WithName("Liveness").DisableRateLimiting();
        app.MapGet("/readyz", ReadyAsync).WithTags("Operations").WithName("Readiness")
            .WithMetadata(OwnErrorBody.Json)
            .DisableRateLimiting()
            .Produces<Readiness>().Produces<Readiness>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> ReadyAsync(HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(check => check.Name != Self, ct);
        var states = report.Entries.ToDictionary(e => e.Key, e => e.Value.Description ?? e.Value.Status.ToString());
        var ready = report.Status == HealthStatus.Healthy;
        var body = new Readiness(ready ? "READY" : "NOT_READY", states);
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>A downstream's grpc.health.v1 state: healthy only when SERVING; the state is the description.</summary>
    private sealed class DownstreamCheck(DownstreamHealth downstream) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var state = await downstream.CheckAsync(ProbeTimeout, cancellationToken);
            return state == "SERVING" ? HealthCheckResult.Healthy(state) : HealthCheckResult.Unhealthy(state);
        }
    }

    private sealed class DatabaseCheck(Db db, ILogger<DatabaseCheck> logger) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await db.QuerySingleOrDefaultAsync<long>("SELECT 1", null, cancellationToken);
                return HealthCheckResult.Healthy("SERVING");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Gateway database is not answering");
                return HealthCheckResult.Unhealthy("NOT_SERVING");
            }
        }
    }
}
