using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grpc.AspNetCore.Server;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Writers;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// The whole document, after every operation: one path template per resource, the shared
/// components, a server, described tags, and no schema nobody refers to.
/// </summary>
public sealed partial class OpenApiDocumentFilter(OpenApiComments comments) : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        OpenApiShared.AddTo(document, context);
        document.Paths = CanonicalPaths(document.Paths);
        // Relative: the gateway that served the document (REST :8080 by default), wherever it is deployed.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The gateway that served this document." }];
        document.Tags = Tags(document, context);
        RemoveUnreferencedSchemas(document);
    }

    /// <summary>
    /// `{id}` for a resource wherever it appears: transcoding names a path variable by its
    /// field path in the request, so UpdateArticle's `{article.id}` and GetArticle's `{id}`
    /// are the same URL under two templates, which generators turn into two methods or
    /// refuse. A variable is named by its last field (`article.id` → `id`,
    /// `entry.contest_id` → `contestId`); the route itself is untouched (PATCH still binds
    /// `article.id`), since a URL matches both templates alike.
    /// </summary>
    private static OpenApiPaths CanonicalPaths(OpenApiPaths paths)
    {
        var canonical = new OpenApiPaths();
        foreach (var (template, item) in paths)
        {
            var key = Variable().Replace(template, m => "{" + Last(m.Groups[1].Value) + "}");
            if (!canonical.TryGetValue(key, out var target))
            {
                canonical[key] = target = new OpenApiPathItem();
            }

            foreach (var (method, operation) in item.Operations)
            {
                if (!target.Operations.TryAdd(method, operation))
                {
                    throw new InvalidOperationException($"{method} {key} is declared twice ({template}): two rpcs answer the same REST route.");
                }

                foreach (var parameter in operation.Parameters.Where(p => p is { Reference: null, In: ParameterLocation.Path }))
                {
                    parameter.Name = Last(parameter.Name);
                }
            }
        }

        return canonical;
    }

    private static string Last(string path) => path[(path.LastIndexOf('.') + 1)..];

    /// <summary>Every tag an operation uses, described: a service by its proto comment, the admin routes by theirs.</summary>
    private List<OpenApiTag> Tags(OpenApiDocument document, DocumentFilterContext context)
    {
        var services = context.ApiDescriptions
            .Select(d => d.ActionDescriptor.EndpointMetadata.OfType<GrpcMethodMetadata>().LastOrDefault())
            .Where(m => m is not null)
            .GroupBy(m => m!.Method.ServiceName)
            .ToDictionary(g => g.Key[(g.Key.LastIndexOf('.') + 1)..], g => comments.ForService(g.First()!.ServiceType));
        return document.Paths.Values
            .SelectMany(p => p.Operations.Values)
            .SelectMany(o => o.Tags.Select(t => t.Name))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select(name => new OpenApiTag
            {
                Name = name,
                Description = name == OpenApiAdminRoutes.Tag ? OpenApiAdminRoutes.TagDescription : services.GetValueOrDefault(name) ?? name,
            })
            .ToList();
    }

    /// <summary>Schemas only the replaced Any/Value shapes used (and anything else nothing reaches).</summary>
    private static void RemoveUnreferencedSchemas(OpenApiDocument document)
    {
        using var text = new StringWriter();
        document.SerializeAsV3(new OpenApiJsonWriter(text));
        var root = JsonNode.Parse(text.ToString())!.AsObject();
        var schemas = root["components"]?["schemas"]?.AsObject();
        schemas?.Parent!.AsObject().Remove("schemas");
        var pending = new Queue<string>(References(root));
        var reached = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var id))
        {
            if (reached.Add(id) && schemas?[id] is { } schema)
            {
                foreach (var next in References(schema))
                {
                    pending.Enqueue(next);
                }
            }
        }

        foreach (var unused in document.Components.Schemas.Keys.Where(id => !reached.Contains(id)).ToList())
        {
            document.Components.Schemas.Remove(unused);
        }
    }

    private static IEnumerable<string> References(JsonNode node) =>
        SchemaReference().Matches(node.ToJsonString()).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Variable();

    [GeneratedRegex("\"#/components/schemas/([^\"]+)\"")]
    private static partial Regex SchemaReference();
}
