using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;

namespace CuKhoi.Gateway.Reports;

/// <summary>
/// What the three services answered for one year. A null part means that service did not
/// answer in time: the report leaves its figures out and names it in <see cref="Unavailable"/>.
/// The JSON/CSV indicators and the printable page's charts are all drawn from this.
/// </summary>
public sealed record AnnualFigures(
    int Year,
    DateTimeOffset GenerateTime,
    ArticleStatistics? Articles,
    DvkStatistics? Dvk,
    ContestStatistics? Contests)
{
    // Computed on read, not stored: `with { Articles = null }` must change it too.
    public IReadOnlyList<string> Unavailable =>
    [
        .. Articles is null ? [ReportSources.Articles] : Array.Empty<string>(),
        .. Dvk is null ? [ReportSources.DvkModels] : Array.Empty<string>(),
        .. Contests is null ? [ReportSources.Contests] : Array.Empty<string>(),
    ];
}
