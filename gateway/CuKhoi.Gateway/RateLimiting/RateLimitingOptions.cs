namespace CuKhoi.Gateway.RateLimiting;

/// <summary>`RateLimiting:*`: fixed windows per API key (per client address for anonymous callers).</summary>
public sealed class RateLimitingOptions
{
    /// <summary>false turns every limit off (load tests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per window for one key or one anonymous client address.</summary>
    public int PermitLimit { get; set; } = 300;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>RecordView (`POST /articles/{id}:view`) per client address: stricter, views are anonymous.</summary>
    public int ViewPermitLimit { get; set; } = 30;

    public TimeSpan ViewWindow { get; set; } = TimeSpan.FromMinutes(1);
}
