using System.Globalization;
using System.Threading.RateLimiting;
using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Http;
using CuKhoi.Gateway.Rules;
using Microsoft.AspNetCore.RateLimiting;

namespace CuKhoi.Gateway.RateLimiting;

/// <summary>
/// One global limiter, two chained partitions: every request counts against its key (or
/// its client address when anonymous), and a call whose rule says `rate_limit: VIEWS` also
/// against a stricter per-client window. Refusals are 429 with Retry-After and the
/// contract's RESOURCE_EXHAUSTED body (a trailers-only RESOURCE_EXHAUSTED for gRPC callers).
/// Probes opt out with DisableRateLimiting(). With `RateLimiting:Enabled=false` nothing is limited.
/// </summary>
public static class RateLimitingExtensions
{
    public static WebApplicationBuilder AddGatewayRateLimiting(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("RateLimiting").Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            if (!options.Enabled)
            {
                return;
            }

            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    RateLimitPartition.GetFixedWindowLimiter(CallerPartition(context), _ => Window(options.PermitLimit, options.Window))),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsViewLimited(context)
                    ? RateLimitPartition.GetFixedWindowLimiter($"view:{ClientAddress(context)}", _ => Window(options.ViewPermitLimit, options.ViewWindow))
                    : RateLimitPartition.GetNoLimiter("other")));
            limiter.OnRejected = (context, ct) => RejectAsync(context.HttpContext, context.Lease, ct);
        });
        return builder;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static string CallerPartition(HttpContext context) =>
        context.User.Caller() is { IsAnonymous: false } caller ? $"key:{caller.Id}" : $"client:{ClientAddress(context)}";

    /// <summary>After UseForwardedHeaders, so X-Forwarded-For counts only from known proxies.</summary>
    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsViewLimited(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EndpointRule>()?.ViewLimited == true;

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, CancellationToken ct)
    {
        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await ErrorResponses.WriteAsync(context, GatewayProblems.RateLimited(retryAfter));
    }
}
