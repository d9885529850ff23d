namespace CuKhoi.ServiceDefaults.Downstream;

/// <summary>
/// One downstream gRPC service as configured under `Services:{Name}`: where it is
/// (`Address`, or a list of replicas `Addresses`) and how much patience a call gets. The
/// defaults suit ward traffic: a breaker that trips after a handful of failures, not after hundreds.
/// </summary>
public sealed class DownstreamOptions
{
    /// <summary>One address: `http://127.0.0.1:5101` (h2c), or `dns:///articles:5101` for every address the name resolves to.</summary>
    public string? Address { get; set; }

    /// <summary>Replicas, balanced round-robin (env `Services__Articles__Addresses__0`, `__1`, ...); used instead of <see cref="Address"/>.</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>How often a `dns:///` name is resolved again (it is also re-resolved when a connection fails).</summary>
    public TimeSpan ResolveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Budget for one attempt; a slower answer counts as the service being unavailable.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound for the whole call, retries included, when the caller set no tighter deadline.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Retries of a read that failed with UNAVAILABLE (writes are never retried). One: with
    /// replicas, round-robin sends it to another; more would multiply load on a struggling service.
    /// </summary>
    public int ReadRetries { get; set; } = 1;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Low on purpose: a ward portal sends a few calls a minute, not thousands.</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The configured addresses: `Addresses` when given, else `Address`; none is an error the caller reports.</summary>
    public IReadOnlyList<string> Targets() =>
        Addresses.Count > 0 ? Addresses : Address is { Length: > 0 } one ? [one] : [];
}
