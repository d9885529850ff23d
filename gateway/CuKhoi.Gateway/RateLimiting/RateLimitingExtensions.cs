using System.Globalization;
using System.Threading.RateLimiting;
using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Http;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.RateLimiting;

namespace CuKhoi.Gateway.RateLimiting;

/// <summary>
/// One global limiter, two chained partitions: every request counts against its key (or
/// its client address when anonymous), and RecordView also against a stricter per-client
/// window. Refusals are 429 with Retry-After and the contract's RESOURCE_EXHAUSTED body
/// (a trailers-only RESOURCE_EXHAUSTED for gRPC callers). Probes are never limited.
/// </summary>
public static class RateLimitingExtensions
{
    public static WebApplicationBuilder AddGatewayRateLimiting(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("RateLimiting").Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        builder.Services.AddSingleton(options);
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Exempt(context)
                    ? RateLimitPartition.GetNoLimiter("probe")
                    : RateLimitPartition.GetFixedWindowLimiter(CallerPartition(context), _ => Window(options.PermitLimit, options.Window))),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsRecordView(context)
                    ? RateLimitPartition.GetFixedWindowLimiter($"view:{ClientAddress(context)}", _ => Window(options.ViewPermitLimit, options.ViewWindow))
                    : RateLimitPartition.GetNoLimiter("other")));
            limiter.OnRejected = (context, ct) => RejectAsync(context.HttpContext, context.Lease, ct);
        });
        return builder;
    }

    public static WebApplication UseGatewayRateLimiting(this WebApplication app)
    {
        if (app.Services.GetRequiredService<RateLimitingOptions>().Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static string CallerPartition(HttpContext context) =>
        context.Caller() is { IsAnonymous: false } caller ? $"key:{caller.Id}" : $"client:{ClientAddress(context)}";

    /// <summary>After UseForwardedHeaders, so X-Forwarded-For counts only from known proxies.</summary>
    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool Exempt(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz");

    private static bool IsRecordView(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.Name == "RecordView";

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, CancellationToken ct)
    {
        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var problem = GatewayProblems.RateLimited(retryAfter);
        if (context.IsGrpc())
        {
            // A trailers-only gRPC answer: status in the headers, no body.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)problem.StatusCode).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(problem.Status.Detail);
            if (problem.Trailers.Get("grpc-status-details-bin") is { } details)
            {
                context.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(details.ValueBytes).TrimEnd('=');
            }

            return;
        }

        await StatusJson.WriteAsync(context, problem);
    }
}
