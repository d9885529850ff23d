using CuKhoi.Gateway.Auth;
using CuKhoi.Protos.Reports.V1;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Net.Http.Headers;

namespace CuKhoi.Gateway.Reports;

/// <summary>
/// Serves `GET /api/v1/reports/annual/{year}?format=csv` from the same aggregator, so JSON
/// transcoding keeps serving JSON on the same route without `format`. It recognises the
/// route by the transcoded endpoint routing selected (GetAnnualReport), not by re-parsing
/// the path. Anything it does not handle — other formats, a bad year, a rejected API key —
/// goes on to the service and its interceptors, which answer 400 or 401 in the contract's
/// error shape: the checks live in one place.
/// </summary>
public sealed class AnnualReportCsvMiddleware(RequestDelegate next, AnnualReportAggregator aggregator)
{
    private static readonly string AnnualReportMethod =
        ReportService.Descriptor.FindMethodByName(nameof(ReportService.ReportServiceBase.GetAnnualReport)).FullName;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsCsvRequest(context, out var year))
        {
            await next(context);
            return;
        }

        var figures = await aggregator.GetAsync(year, callerDeadline: null, context.RequestAborted);
        var body = AnnualReportCsv.Write(Indicators.ToReport(figures));
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = AnnualReportCsv.ContentType;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = AnnualReportCsv.FileName(year) }.ToString();
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static bool IsCsvRequest(HttpContext context, out int year)
    {
        year = 0;
        return ReportYear.IsCsv(context.Request.Query["format"])
            && !context.KeyRejected()
            && context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>()?.MethodDescriptor.FullName == AnnualReportMethod
            && int.TryParse(context.Request.RouteValues["year"] as string, System.Globalization.CultureInfo.InvariantCulture, out year)
            && year is >= ReportYear.Min and <= ReportYear.Max;
    }
}
