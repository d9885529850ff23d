using Microsoft.OpenApi.Models;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// OpenAPI at /openapi/v1.json, generated from the protos' google.api.http routes
/// (Microsoft.AspNetCore.Grpc.Swagger) plus the admin and probe routes; Swagger UI at
/// /docs, served from the assets embedded in the package (no CDN).
/// </summary>
public static class OpenApiExtensions
{
    public static WebApplicationBuilder AddGatewayOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpcSwagger();
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CuKhoi.Services",
                Version = "v1",
                Description = "Dân vận data of phường Cự Khối: articles, Dân vận khéo models, contests, reports. "
                    + "Errors are google.rpc.Status JSON with ErrorInfo, BadRequest and a vi-VN LocalizedMessage.",
            });
            // Proto types repeat short names (Article.Types.Status, Google.Rpc.Status...).
            options.CustomSchemaIds(SchemaId);
            options.AddSecurityDefinition("apiKey", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key: 'Authorization: Bearer ck_...'. Reads of published data need none.",
            });
            options.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "apiKey" } }] = [],
            });
        });
        return builder;
    }

    /// <summary>"Articles.V1.Article.Status", "Google.Rpc.Status", "CreatedKey": unique and readable.</summary>
    private static string SchemaId(Type type)
    {
        var name = type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}Of{string.Concat(type.GetGenericArguments().Select(SchemaId))}"
            : (type.FullName ?? type.Name).Replace("+Types+", ".", StringComparison.Ordinal).Replace('+', '.');
        foreach (var prefix in new[] { "CuKhoi.Protos.", "CuKhoi.Gateway.Auth.AdminEndpoints.", "CuKhoi.Gateway.Operations.HealthEndpoints.", "Google.Protobuf.WellKnownTypes." })
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
