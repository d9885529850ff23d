namespace CuKhoi.Gateway.Reports;

/// <summary>Configuration section `Reports`.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>
    /// How long the report waits for the three services together (`Reports:Timeout`,
    /// e.g. "00:00:03"). A service that has not answered by then is listed as unavailable
    /// so a slow service costs the reader a few seconds, never a failed report.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);
}
