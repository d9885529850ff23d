using CuKhoi.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>Traces and metrics are collected exactly when an OTLP endpoint is configured.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task An_endpoint_turns_tracing_and_metrics_on()
    {
        await using var app = Build("http://127.0.0.1:4317");

        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_registered()
    {
        await using var app = Build(null);

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    private static WebApplication Build(string? endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
        builder.AddTelemetry();
        return builder.Build();
    }
}
