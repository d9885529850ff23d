using CuKhoi.Protos.Reports.V1;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Net.Http.Headers;

namespace CuKhoi.Gateway.Reports;

/// <summary>
/// `GET /api/v1/reports/annual/{year}?format=csv`: the same route as the JSON report, so it
/// is served by the transcoded GetAnnualReport endpoint itself. Its request delegate is
/// wrapped: with `format=csv` and a valid year it writes the CSV from the same aggregator;
/// anything else (JSON, another format, a bad year) goes on to the RPC, which answers in the
/// contract's shape. Being the endpoint, it runs behind authentication, rate limits and
/// audit like every route.
/// </summary>
public static class AnnualReportCsvVariant
{
    private static readonly string AnnualReport =
        ReportService.Descriptor.FindMethodByName(nameof(ReportService.ReportServiceBase.GetAnnualReport)).FullName;

    public static TBuilder WithCsvVariant<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<GrpcJsonTranscodingMetadata>().Any(m => m.MethodDescriptor.FullName == AnnualReport)
                && endpoint.RequestDelegate is { } json)
            {
                endpoint.RequestDelegate = context => IsCsvRequest(context, out var year) ? WriteAsync(context, year) : json(context);
            }
        });
        return builder;
    }

    private static async Task WriteAsync(HttpContext context, int year)
    {
        var aggregator = context.RequestServices.GetRequiredService<AnnualReportAggregator>();
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
            && int.TryParse(context.Request.RouteValues["year"] as string, System.Globalization.CultureInfo.InvariantCulture, out year)
            && year is >= ReportYear.Min and <= ReportYear.Max;
    }
}
