using CuKhoi.Gateway.Http;

namespace CuKhoi.Gateway.Reports;

/// <summary>The reports feature of the gateway: `builder.AddReports()` and `app.MapReports()`.</summary>
public static class ReportsExtensions
{
    /// <summary>Needs the three DownstreamClient&lt;…&gt; singletons the gateway registers for forwarding.</summary>
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportOptions>().Bind(builder.Configuration.GetSection(ReportOptions.Section));
        builder.Services.AddSingleton<AnnualReportAggregator>();
        return builder;
    }

    /// <summary>
    /// The gRPC/JSON service, the CSV variant of its REST route and the printable page. Call
    /// it after the gateway's authentication and rate-limiting middleware: the CSV handler is
    /// middleware placed here, so it runs behind them like the transcoded route it stands in for.
    /// </summary>
    public static WebApplication MapReports(this WebApplication app)
    {
        app.UseMiddleware<AnnualReportCsvMiddleware>();
        app.MapGrpcService<ReportServiceImpl>();
        app.MapGet("/reports/annual/{year}", AnnualReportPageEndpoint.GetAsync)
            .AllowAnonymous()
            .WithMetadata(OwnErrorBody.Instance) // its errors are HTML pages, not google.rpc.Status JSON
            .ExcludeFromDescription();
        return app;
    }
}
