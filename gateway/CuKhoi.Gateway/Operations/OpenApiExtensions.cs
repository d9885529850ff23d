using Microsoft.OpenApi.Models;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// OpenAPI at /openapi/v1.json, generated from the protos' google.api.http routes
/// (Microsoft.AspNetCore.Grpc.Swagger) plus the admin routes; Swagger UI at /docs, served
/// from the assets embedded in the package (no CDN). The words come from the proto comments
/// (<see cref="OpenApiComments"/>), the wire shapes from the descriptors
/// (<see cref="OpenApiSchemas"/>), each operation's security, answers and errors from its
/// endpoint rule (<see cref="OpenApiOperations"/>, <see cref="OpenApiShared"/>), and one
/// template per resource from <see cref="OpenApiDocumentFilter"/>. scripts/openapi-lint.sh
/// lints the result with redocly in CI.
/// </summary>
public static class OpenApiExtensions
{
    public static WebApplicationBuilder AddGatewayOpenApi(this WebApplicationBuilder builder)
    {
        // The proto comments, read once, when the document is first asked for (not at start:
        // every replica would hold the parsed XML all day): summaries, descriptions and enum
        // values come from them. The filters below take them (and the schemas) from here.
        builder.Services.AddSingleton(_ => OpenApiComments.Of(typeof(Protos.Articles.V1.Article).Assembly));
        builder.Services.AddSingleton<OpenApiSchemas>();
        builder.Services.AddGrpcSwagger();
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CuKhoi.Services",
                Version = "v1",
                Description = Description,
            });
            // Proto types repeat short names (Article.Types.Status, Google.Rpc.Status...).
            options.CustomSchemaIds(SchemaId);
            // A described field that is a message or an enum keeps its description (allOf around the $ref).
            options.UseAllOfToExtendReferenceSchemas();
            // The probes are the orchestrator's contract (a status code), outside every rule:
            // no key, no rate limit, no error body, so nothing for an integrator's client.
            options.DocInclusionPredicate((_, api) => api.ActionDescriptor.EndpointMetadata.OfType<Rules.EndpointRule>().Any());
            options.AddSecurityDefinition(OpenApiShared.SecurityScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key issued to a client system: `Authorization: Bearer ck_...` (gRPC: `authorization` metadata). "
                    + "Operations that need one say which scope; the others take it optionally (it may show more).",
            });
            options.SchemaFilter<OpenApiSchemas>();
            options.OperationFilter<OpenApiOperations>();
            options.DocumentFilter<OpenApiDocumentFilter>();
        });
        return builder;
    }

    private const string Description =
        "Dân vận data of phường Cự Khối (Long Biên, Hà Nội): the ward portal's articles (tin bài), Dân vận khéo models (mô hình), "
        + "writing contests (cuộc thi viết) and the annual report. Generated from the protos: the same methods are gRPC on the gateway's h2c port.\n\n"
        + "JSON is the proto3 JSON mapping: lowerCamelCase, enum names as strings, 64-bit integers as strings, RFC 3339 UTC timestamps, "
        + "calendar dates as `{\"year\":2020,\"month\":12,\"day\":15}`. Lists take `pageSize` (default 20, at most 100) and `pageToken`, "
        + "and answer `nextPageToken` and `totalSize`. Every error is a `google.rpc.Status` with ErrorInfo, BadRequest and a vi-VN LocalizedMessage.\n\n"
        + "The probes `GET /healthz` (liveness) and `GET /readyz` (readiness; 503 naming the service that is down) are for orchestrators and are not listed here.";

    /// <summary>"Articles.V1.Article.Status", "Google.Rpc.Status", "CreatedKey": unique and readable.</summary>
    private static string SchemaId(Type type)
    {
        var name = type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}Of{string.Concat(type.GetGenericArguments().Select(SchemaId))}"
            : (type.FullName ?? type.Name).Replace("+Types+", ".", StringComparison.Ordinal).Replace('+', '.');
        foreach (var prefix in new[] { "CuKhoi.Protos.", "CuKhoi.Gateway.Auth.AdminEndpoints.", "CuKhoi.Gateway.Operations.HealthEndpoints.", "CuKhoi.Gateway.Operations.BackupRoute.", "Google.Protobuf.WellKnownTypes." })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }

    /// <summary>
    /// Middleware, only on /openapi and /docs (Swashbuckle's own path checks are a regex per
    /// request): the generated document at /openapi/v1.json and the interactive page at /docs,
    /// from the assets embedded in the package.
    /// </summary>
    public static IApplicationBuilder UseApiDocs(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/openapi") || context.Request.Path.StartsWithSegments("/docs"),
            docs => docs
                .UseSwagger(options => options.RouteTemplate = "openapi/{documentName}.json")
                .UseSwaggerUI(options =>
                {
                    options.RoutePrefix = "docs";
                    options.SwaggerEndpoint("/openapi/v1.json", "CuKhoi.Services v1");
                    options.DocumentTitle = "CuKhoi.Services API";
                }));
}
