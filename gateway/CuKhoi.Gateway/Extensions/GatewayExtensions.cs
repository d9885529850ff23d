using System.Net;
using CuKhoi.Gateway.Audit;
using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Forwarding;
using CuKhoi.Gateway.Http;
using CuKhoi.Gateway.Operations;
using CuKhoi.Gateway.RateLimiting;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Downstream;
using CuKhoi.ServiceDefaults.Grpc;
using Microsoft.AspNetCore.HttpOverrides;

namespace CuKhoi.Gateway.Extensions;

/// <summary>The gateway's wiring: what Program.cs lists, in the order it runs.</summary>
public static class GatewayExtensions
{
    public const string CorsPolicy = "portal";

    /// <summary>One typed client and one resilience pipeline per downstream service (`Services:*`).</summary>
    public static WebApplicationBuilder AddDownstreamServices(this WebApplicationBuilder builder)
    {
        builder.AddDownstream<ArticleService.ArticleServiceClient>("articles", "Articles");
        builder.AddDownstream<DvkModelService.DvkModelServiceClient>("dvk-models", "DvkModels");
        builder.AddDownstream<ContestService.ContestServiceClient>("contests", "Contests");
        return builder;
    }

    /// <summary>gRPC + JSON transcoding with the gateway's interceptors, keys, audit, limits, CORS, OpenAPI.</summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc(options =>
        {
            // Outermost first: errors wrap everything, then who may call, then REST semantics.
            options.Interceptors.Add<ErrorInterceptor>();
            options.Interceptors.Add<ScopeInterceptor>();
            options.Interceptors.Add<HttpSemanticsInterceptor>();
            options.EnableDetailedErrors = false;
            // Article bodies may be up to 1 MB of text; the services accept 4 MB messages too.
            options.MaxReceiveMessageSize = 4 * 1024 * 1024;
        }).AddJsonTranscoding(options =>
        {
            // Rich error details are Any: without their types the REST body loses them.
            options.TypeRegistry = StatusJson.DetailTypes;
            // The proto3 JSON mapping writes 64-bit integers as strings ("viewCount": "140").
            options.JsonSettings.WriteInt64sAsStrings = builder.Configuration.GetValue("Transcoding:WriteInt64sAsStrings", true);
        });

        // District systems integrating over gRPC can discover the API without the protos.
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck("self", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());

        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<AuditLog>();
        builder.AddGatewayRateLimiting();
        builder.AddGatewayOpenApi();

        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [])
            .WithMethods("GET", "POST", "PATCH", "DELETE")
            .AllowAnyHeader()
            .WithExposedHeaders("ETag", "Location", "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Trust X-Forwarded-For only from the proxies named in configuration, none by default.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in KnownProxies(builder.Configuration))
            {
                options.KnownProxies.Add(proxy);
            }
        });

        // The same bound for every REST body, before transcoding buffers it (gRPC has MaxReceiveMessageSize).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize =
            builder.Configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? RequestBodyMiddleware.DefaultLimit);
        return builder;
    }

    /// <summary>The HTTP pipeline: proxies, CORS, error shape, who is calling, audit, limits, bodies.</summary>
    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.MapGatewayOpenApi();
        app.UseRouting();
        app.UseCors(CorsPolicy);
        app.UseMiddleware<ErrorShapeMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<AuditMiddleware>();
        app.UseGatewayRateLimiting();
        app.UseMiddleware<RequestBodyMiddleware>();
        return app;
    }

    /// <summary>The three forwarders: gRPC on both ports and, through their http rules, REST.</summary>
    public static WebApplication MapForwarders(this WebApplication app)
    {
        app.MapGrpcService<ArticleForwarder>();
        app.MapGrpcService<DvkModelForwarder>();
        app.MapGrpcService<ContestForwarder>();
        return app;
    }

    /// <summary>Admin routes, probes (HTTP and grpc.health.v1), server reflection.</summary>
    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        app.MapAdminEndpoints();
        app.MapHealthEndpoints();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>`ForwardedHeaders:KnownProxies`: an array, or one comma-separated string.</summary>
    private static IEnumerable<IPAddress> KnownProxies(IConfiguration configuration)
    {
        var section = configuration.GetSection("ForwardedHeaders:KnownProxies");
        var values = section.Value is { Length: > 0 } single ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : section.Get<string[]>() ?? [];
        return values.Select(v => IPAddress.TryParse(v, out var address)
            ? address
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies entry '{v}' is not an IP address."));
    }
}
