using Grpc.Core;
using Grpc.Health.V1;

namespace CuKhoi.ServiceDefaults.Downstream;

/// <summary>
/// The grpc.health.v1 state of one downstream service (registered by
/// <see cref="DownstreamExtensions.AddDownstream{TClient}"/>), for readiness probes.
/// </summary>
public sealed class DownstreamHealth(string name, Health.HealthClient client)
{
    public string Name => name;

    /// <summary>"SERVING", "NOT_SERVING", ... or "UNREACHABLE" when the service does not answer in time.</summary>
    public async Task<string> CheckAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            var response = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + timeout, cancellationToken: ct);
            return response.Status switch
            {
                HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
                HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
                HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
                _ => "UNKNOWN",
            };
        }
        catch (RpcException)
        {
            return "UNREACHABLE";
        }
    }
}
