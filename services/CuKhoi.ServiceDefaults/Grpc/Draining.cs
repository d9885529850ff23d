using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>
/// A graceful stop (SIGTERM): calls already running finish (for up to `Shutdown:Timeout`,
/// 10 s), new ones are refused with UNAVAILABLE — which the gateway retries on another
/// replica for a read — and the host's health turns NOT_SERVING so balancers stop sending.
/// </summary>
public static class Draining
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static RpcException ShuttingDown(string host) =>
        Problems.Create(
            StatusCode.Unavailable,
            Problems.Reasons.Unavailable,
            $"The {host} is shutting down and takes no new calls; try again (another instance will answer).",
            $"{host} đang dừng và không nhận lời gọi mới; vui lòng thử lại (một phiên bản khác sẽ trả lời).",
            metadata: new Dictionary<string, string> { ["service"] = host });

    /// <summary>The host's own health: healthy until it starts stopping.</summary>
    public static HealthCheckResult Self(IHostApplicationLifetime lifetime) =>
        lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("STOPPING") : HealthCheckResult.Healthy("SERVING");
}

/// <summary>The health check "self": the host answers, and is not stopping.</summary>
public sealed class SelfHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Draining.Self(lifetime));
}

/// <summary>Refuses new calls once the host is stopping (health checks excepted, so probes see NOT_SERVING).</summary>
public sealed class DrainingInterceptor(IHostApplicationLifetime lifetime, IHostEnvironment environment) : CallCheckInterceptor
{
    protected override void Check(ServerCallContext context)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested && !context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal))
        {
            throw Draining.ShuttingDown(environment.ApplicationName);
        }
    }
}
