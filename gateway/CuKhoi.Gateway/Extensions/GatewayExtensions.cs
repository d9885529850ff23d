using CuKhoi.Gateway.Audit;
using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Forwarding;
using CuKhoi.Gateway.Http;
using CuKhoi.Gateway.Operations;
using CuKhoi.Gateway.RateLimiting;
using CuKhoi.Gateway.Rules;
using CuKhoi.Gateway.Security;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Protos.Reports.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Grpc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace CuKhoi.Gateway.Extensions;

/// <summary>The gateway's services and endpoints. The middleware order is in Program.cs.</summary>
public static class GatewayExtensions
{
    public const string CorsPolicy = "portal";

    /// <summary>One typed client, resilience pipeline and health check per downstream service (`Services:*`).</summary>
    public static WebApplicationBuilder AddDownstreamServices(this WebApplicationBuilder builder) => builder
        .AddForwardedService<ArticleService.ArticleServiceClient>("articles", "Articles", ArticleService.Descriptor)
        .AddForwardedService<DvkModelService.DvkModelServiceClient>("dvk-models", "DvkModels", DvkModelService.Descriptor)
        .AddForwardedService<ContestService.ContestServiceClient>("contests", "Contests", ContestService.Descriptor)
        .AddGatewayHealth(servedHere: ReportService.Descriptor);

    /// <summary>gRPC + JSON transcoding, API-key authentication and scope policies, audit, limits, CORS, OpenAPI.</summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc(options =>
        {
            // Outermost first: errors wrap everything, then REST semantics. Who may call is
            // decided before the call reaches gRPC (authorization middleware).
            options.Interceptors.Add<ErrorInterceptor>();
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

        // At start: a weak bootstrap admin key must stop the gateway, not wait for its first use.
        Secrets.BootstrapAdminKey(builder.Configuration);
        builder.Services.AddSingleton<ApiKeyStore>();
        // AddAuthenticationCore, not AddAuthentication: API keys need no cookies or tokens to
        // protect, so no data-protection key ring is loaded at start.
        builder.Services.AddAuthenticationCore(options => options.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName);
        builder.Services.AddWebEncoders();
        new AuthenticationBuilder(builder.Services)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddAccessPolicies();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessDeniedWriter>();

        builder.Services.AddSingleton<AuditLog>();
        // Bounded: 400 days by default (a year and its reporting season); never under 30 days,
        // which the database itself refuses to delete (migration 0002).
        builder.Services.AddRetention(builder.Configuration, "audit entries", "Audit:Retention", TimeSpan.FromDays(400), TimeSpan.FromDays(30),
            "DELETE FROM audit_entries WHERE record_time < @cutoff");
        builder.AddGatewayRateLimiting();
        builder.AddGatewayOpenApi();

        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [])
            .WithMethods("GET", "POST", "PATCH", "DELETE")
            .AllowAnyHeader()
            .WithExposedHeaders("ETag", "Location", "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        builder.AddTrustedProxies();

        // The same bound for every REST body, before transcoding buffers it (gRPC has MaxReceiveMessageSize).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize =
            builder.Configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? RequestBodyMiddleware.DefaultLimit);
        return builder;
    }

    /// <summary>The three forwarders: gRPC on both ports and, through their http rules, REST; each method with its rule.</summary>
    public static WebApplication MapForwarders(this WebApplication app)
    {
        app.MapGrpcService<ArticleForwarder>().WithRpcRules();
        app.MapGrpcService<DvkModelForwarder>().WithRpcRules();
        app.MapGrpcService<ContestForwarder>().WithRpcRules();
        return app;
    }

    /// <summary>Admin routes, probes (HTTP and grpc.health.v1), server reflection.</summary>
    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        app.MapAdminEndpoints();
        app.MapHealthEndpoints();
        app.MapGrpcHealthChecksService().WithRpcRules();
        app.MapGrpcReflectionService().WithRpcRules();
        return app;
    }
}
