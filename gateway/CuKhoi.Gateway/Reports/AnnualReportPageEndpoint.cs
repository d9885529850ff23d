using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Http;
using Grpc.Core;

namespace CuKhoi.Gateway.Reports;

/// <summary>`GET /reports/annual/{year}`: the printable report (HTML), outside /api. Errors are HTML pages too.</summary>
public static class AnnualReportPageEndpoint
{
    public static async Task<IResult> GetAsync(string year, AnnualReportAggregator aggregator, HttpContext context)
    {
        context.Response.Headers.ContentSecurityPolicy = AnnualReportPage.ContentSecurityPolicy;
        context.Response.Headers.CacheControl = "no-cache";
        int parsed;
        try
        {
            // Public like the JSON report, but a presented key that is not valid is still refused.
            Access.Demand(context, scope: null);
            parsed = ReportYear.Parse(year);
        }
        catch (RpcException e)
        {
            var vietnamese = e.GetRpcStatus()?.GetDetail<Google.Rpc.LocalizedMessage>()?.Message ?? e.Status.Detail;
            return Results.Content(AnnualReportPage.RenderError(e.Status.Detail, vietnamese), AnnualReportPage.ContentType, statusCode: StatusJson.HttpStatusOf(e));
        }

        var figures = await aggregator.GetAsync(parsed, callerDeadline: null, context.RequestAborted);
        return Results.Content(AnnualReportPage.Render(figures, Indicators.ToReport(figures)), AnnualReportPage.ContentType);
    }
}
