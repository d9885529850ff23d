using System.Runtime.CompilerServices;
using CuKhoi.ServiceDefaults.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CuKhoi.ServiceDefaults.Telemetry;

/// <summary>
/// Traces (ASP.NET Core, outgoing HTTP/gRPC, database statements), metrics and
/// structured logs, exported over OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the
/// Aspire dashboard sets it). Without an endpoint nothing is collected: recording spans and
/// aggregating metrics that no one exports costs every request CPU for nothing. W3C trace
/// context still flows gateway → service (ASP.NET Core and HttpClient propagate it).
/// </summary>
public static class TelemetryExtensions
{
    public const string MeterName = "CuKhoi";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            AddOtlp(builder);
        }

        return builder;
    }

    // A method of its own, so a host without an endpoint never loads OpenTelemetry's assemblies
    // (the JIT loads one for every type a method it compiles names).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOtlp(WebApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MeterName))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(Db.ActivitySource.Name)
                .AddSource("Npgsql")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/grpc.health.v1.Health"))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
    }
}
