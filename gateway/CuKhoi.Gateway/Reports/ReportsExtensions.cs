using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Rules;

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

    /// <summary>The gRPC/JSON service (with its CSV variant) and the printable page.</summary>
    public static WebApplication MapReports(this WebApplication app)
    {
        app.MapGrpcService<ReportServiceImpl>().WithRpcRules().WithCsvVariant();
        app.MapGet("/reports/annual/{year}", AnnualReportPageEndpoint.GetAsync)
            .RequireAuthorization(AccessPolicies.Public) // public like the JSON report, but a presented key must be valid
            .WithMetadata(AnnualReportPageEndpoint.ErrorPages)
            .ExcludeFromDescription();
        return app;
    }
}
