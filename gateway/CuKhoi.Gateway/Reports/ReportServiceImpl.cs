using CuKhoi.Protos.Reports.V1;
using Grpc.Core;

namespace CuKhoi.Gateway.Reports;

/// <summary>
/// `cukhoi.reports.v1.ReportService`, served by the gateway over gRPC and (through JSON
/// transcoding) REST. Public: the annual figures are aggregates the ward publishes anyway.
/// </summary>
public sealed class ReportServiceImpl(AnnualReportAggregator aggregator) : ReportService.ReportServiceBase
{
    public override async Task<AnnualReport> GetAnnualReport(GetAnnualReportRequest request, ServerCallContext context)
    {
        ReportYear.Validate(request.Year);
        ReportYear.ValidateFormat(request.Format);
        var figures = await aggregator.GetAsync(request.Year, context.Deadline, context.CancellationToken);
        return Indicators.ToReport(figures);
    }
}
