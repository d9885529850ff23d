using CuKhoi.Gateway.Http;
using Grpc.Core;

namespace CuKhoi.Gateway.Reports;

/// <summary>`GET /reports/annual/{year}`: the printable report (HTML), outside /api. Errors are HTML pages too.</summary>
public static class AnnualReportPageEndpoint
{
    /// <summary>Endpoint metadata: refusals decided before the page runs (a rejected key) are pages as well.</summary>
    public static readonly OwnErrorBody ErrorPages = new(WriteErrorAsync);

    public static async Task<IResult> GetAsync(string year, AnnualReportAggregator aggregator, HttpContext context)
    {
        SetPageHeaders(context.Response);
        int parsed;
        try
        {
            parsed = ReportYear.Parse(year);
        }
        catch (RpcException e)
        {
            return ErrorPage(e);
        }

        var figures = await aggregator.GetAsync(parsed, callerDeadline: null, context.RequestAborted);
        return Results.Content(AnnualReportPage.Render(figures, Indicators.ToReport(figures)), AnnualReportPage.ContentType);
    }

    private static Task WriteErrorAsync(HttpContext context, RpcException e)
    {
        SetPageHeaders(context.Response);
        return ErrorPage(e).ExecuteAsync(context);
    }

    private static IResult ErrorPage(RpcException e)
    {
        var vietnamese = e.GetRpcStatus()?.GetDetail<Google.Rpc.LocalizedMessage>()?.Message ?? e.Status.Detail;
        return Results.Content(AnnualReportPage.RenderError(e.Status.Detail, vietnamese), AnnualReportPage.ContentType, statusCode: StatusJson.HttpStatusOf(e));
    }

    private static void SetPageHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = AnnualReportPage.ContentSecurityPolicy;
        response.Headers.CacheControl = "no-cache";
    }
}
