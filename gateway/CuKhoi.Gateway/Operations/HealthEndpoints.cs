using CuKhoi.Gateway.Http;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Downstream;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// /healthz: the process answers (liveness). /readyz: every downstream service says
/// SERVING over grpc.health.v1 and the gateway's own database answers; otherwise 503
/// naming the state of each, so an orchestrator routes no traffic to a gateway that
/// could only answer 503s.
/// </summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public sealed record Readiness(string Status, IReadOnlyDictionary<string, string> Services);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).WithTags("Operations").WithName("Liveness");
        app.MapGet("/readyz", ReadyAsync).WithTags("Operations").WithName("Readiness")
            .WithMetadata(OwnErrorBody.Instance)
            .Produces<Readiness>().Produces<Readiness>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> ReadyAsync(IEnumerable<DownstreamHealth> downstreams, Db db, ILoggerFactory loggers, CancellationToken ct)
    {
        var checks = downstreams.Select(async d => (d.Name, Status: await d.CheckAsync(ProbeTimeout, ct))).ToList();
        var states = (await Task.WhenAll(checks)).ToDictionary(c => c.Name, c => c.Status);
        states["database"] = await DatabaseAsync(db, loggers.CreateLogger(typeof(HealthEndpoints)), ct);
        var ready = states.Values.All(s => s == "SERVING");
        var body = new Readiness(ready ? "READY" : "NOT_READY", states);
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<string> DatabaseAsync(Db db, ILogger logger, CancellationToken ct)
    {
        try
        {
            await db.QuerySingleOrDefaultAsync<long>("SELECT 1", null, ct);
            return "SERVING";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Gateway database is not answering");
            return "NOT_SERVING";
        }
    }
}
