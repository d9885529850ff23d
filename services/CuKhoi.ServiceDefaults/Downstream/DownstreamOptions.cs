namespace CuKhoi.ServiceDefaults.Downstream;

/// <summary>
/// One downstream gRPC service as configured under `Services:{Name}` (e.g.
/// `Services:Articles:Address`). The defaults suit ward traffic: a breaker that trips
/// after a handful of failures, not after hundreds.
/// </summary>
public sealed class DownstreamOptions
{
    /// <summary>e.g. http://127.0.0.1:5101 (h2c).</summary>
    public Uri? Address { get; set; }

    /// <summary>Budget for one attempt; a slower answer counts as the service being unavailable.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound for the whole call, retries included, when the caller set no tighter deadline.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of reads that failed with UNAVAILABLE (writes are never retried).</summary>
    public int ReadRetries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Low on purpose: a ward portal sends a few calls a minute, not thousands.</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
