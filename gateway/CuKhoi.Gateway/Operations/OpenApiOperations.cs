using CuKhoi.Gateway.Forwarding;
using CuKhoi.Gateway.Http;
using CuKhoi.Gateway.Rules;
using Google.Protobuf.Reflection;
using Empty = Google.Protobuf.WellKnownTypes.Empty;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;
using static CuKhoi.Gateway.Operations.OpenApiShared;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// Each operation from what the gateway already knows about its endpoint: the rpc (name,
/// comment, request and response messages, from the transcoding metadata) and its
/// <see cref="EndpointRule"/> (who may call it, read or write, Location). From those come the
/// operationId (the rpc's name), the summary and description (the rpc's comment), the
/// security requirement, the success answer REST really gives (201 + Location, 204, 304,
/// NDJSON), the headers and every error status it can answer. Admin routes carry the same
/// rule; their words come from <see cref="OpenApiAdminRoutes"/>.
/// </summary>
public sealed class OpenApiOperations(OpenApiComments comments, OpenApiSchemas schemas) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var rule = metadata.OfType<EndpointRule>().LastOrDefault();
        var transcoded = metadata.OfType<GrpcJsonTranscodingMetadata>().LastOrDefault();
        var grpc = metadata.OfType<GrpcMethodMetadata>().LastOrDefault();
        if (rule is null)
        {
            return;
        }

        if (transcoded is not null && grpc is not null)
        {
            DescribeRpc(operation, transcoded.MethodDescriptor, grpc.ServiceType, rule, context);
        }
        else
        {
            OpenApiAdminRoutes.Describe(operation);
        }

        operation.Description = string.Join("\n\n", new[] { operation.Description, Access(rule) }.Where(t => !string.IsNullOrEmpty(t)));
        Secure(operation, rule);
        AddErrors(operation, context, rule, transcoded?.MethodDescriptor, grpc?.ServiceType);
    }

    private void DescribeRpc(OpenApiOperation operation, MethodDescriptor method, Type serviceType, EndpointRule rule, OperationFilterContext context)
    {
        operation.OperationId = method.Name;
        (operation.Summary, operation.Description) = comments.ForMethod(serviceType, method);
        foreach (var parameter in operation.Parameters)
        {
            if (FieldAt(method.InputType, parameter.Name) is { } field)
            {
                schemas.Describe(parameter, field);
            }
        }

        if (operation.RequestBody is { } body)
        {
            if (ProtoMethods.BodyField(method) is { } bodyField)
            {
                body.Description ??= comments.ForField(bodyField);
            }

            // The body field's description is on the request body itself: no allOf wrapper needed.
            foreach (var media in body.Content.Values.Where(m => m.Schema is { Reference: null, AllOf.Count: 1 }))
            {
                media.Schema = media.Schema.AllOf[0];
            }
        }

        var http = context.ApiDescription.HttpMethod ?? string.Empty;
        var request = method.InputType;
        if (request.FindFieldByName("request_id") is not null)
        {
            operation.Parameters.Add(Parameter(IdempotencyKey));
        }

        if (rule.Location is null && !rule.IsRead && (request.FindFieldByName("etag") is not null || ProtoMethods.BodyField(method)?.MessageType?.FindFieldByName("etag") is not null))
        {
            operation.Parameters.Add(Parameter(IfMatch));
        }

        var hasEtag = method.OutputType.FindFieldByName("etag") is not null;
        if (HttpMethods.IsGet(http) && hasEtag && !rule.Streams)
        {
            operation.Parameters.Add(Parameter(IfNoneMatch));
            operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the record still has the etag sent in `If-None-Match`; no body.", Headers = { [ETag] = Header(ETag) } };
        }

        SuccessAnswer(operation, method, rule, http, hasEtag);
    }

    /// <summary>What HttpSemanticsInterceptor makes of a success: 201 + Location for creates, 204 for deletes, NDJSON for streams.</summary>
    private void SuccessAnswer(OpenApiOperation operation, MethodDescriptor method, EndpointRule rule, string http, bool hasEtag)
    {
        if (!operation.Responses.Remove("200", out var ok))
        {
            return;
        }

        ok.Description = comments.ForType(method.OutputType.ClrType) ?? "OK";
        if (hasEtag)
        {
            ok.Headers[ETag] = Header(ETag);
        }

        if (rule.Streams && ok.Content.TryGetValue("application/json", out var line))
        {
            ok.Content.Remove("application/json");
            ok.Description = $"Newline-delimited JSON: one object per line, flushed as it is read. {ok.Description}";
            ok.Content["application/x-ndjson"] = line;
        }

        if (rule.Location is not null)
        {
            ok.Headers[Location] = Header(Location);
            operation.Responses["201"] = ok;
        }
        else if (HttpMethods.IsDelete(http) && method.OutputType.FullName == Empty.Descriptor.FullName)
        {
            operation.Responses["204"] = new OpenApiResponse { Description = "Done; no body." };
        }
        else
        {
            operation.Responses["200"] = ok;
        }
    }

    /// <summary>A key is required exactly where the rule names a scope; elsewhere it is optional (`{}` first: no key).</summary>
    private static void Secure(OpenApiOperation operation, EndpointRule rule)
    {
        operation.Security = rule.RequiredScope is null ? [new OpenApiSecurityRequirement(), KeyRequirement()] : [KeyRequirement()];
        if (rule.RequiredScope is { } scope)
        {
            operation.Extensions["x-required-scope"] = new Microsoft.OpenApi.Any.OpenApiString(scope);
        }
    }

    private static string Access(EndpointRule rule) => rule.RequiredScope is { } scope
        ? $"**Needs an API key** with scope `{scope}`{(scope == Auth.Scopes.Admin ? string.Empty : " (or `admin`)")}: `Authorization: Bearer <key>`."
        : "**Public**: no key needed. A key that is sent must be valid, and its scopes may show more (drafts, phone numbers).";

    /// <summary>
    /// The statuses this operation can answer, from what it is: every operation behind a rule
    /// can be refused a key (401), limited (429) or fail (500); input can be invalid (400) or
    /// too large (413); a scope can be missing (403, also for a public list asked for a hidden
    /// status); a path that names a record can miss it (404); a service write can conflict
    /// (409) or reuse an idempotency key (422); a forwarded call can find its service down or
    /// slow (503, 504).
    /// </summary>
    private static void AddErrors(OpenApiOperation operation, OperationFilterContext context, EndpointRule rule, MethodDescriptor? method, Type? serviceType)
    {
        var request = method?.InputType;
        var statuses = new SortedSet<int> { 401, 429, 500 };
        if (operation.Parameters.Any(p => p.Reference is null) || operation.RequestBody is not null)
        {
            statuses.Add(400);
        }

        if (operation.RequestBody is not null)
        {
            statuses.Add(413);
        }

        if (rule.RequiredScope is not null || (request?.FindFieldByName("status") is { FieldType: FieldType.Enum }))
        {
            statuses.Add(403);
        }

        if (context.ApiDescription.ParameterDescriptions.Any(p => p.Source?.Id == "Path" && p.Name.EndsWith("id", StringComparison.OrdinalIgnoreCase)))
        {
            statuses.Add(404);
        }

        if (request?.FindFieldByName("request_id") is not null)
        {
            statuses.UnionWith([409, 422]);
        }

        if (serviceType?.Namespace == typeof(ArticleForwarder).Namespace)
        {
            statuses.UnionWith([503, 504]);
        }

        // An admin route's own (a backup: an unknown service, one running, the service down or slow).
        statuses.UnionWith(OpenApiAdminRoutes.ErrorsOf(operation.OperationId));

        foreach (var status in statuses)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ErrorResponse(status);
        }

        operation.Responses.Remove("default");
    }

    /// <summary>The field a transcoded parameter binds ("pageSize", "article.id"), by JSON names.</summary>
    private static FieldDescriptor? FieldAt(MessageDescriptor message, string jsonPath)
    {
        FieldDescriptor? field = null;
        MessageDescriptor? current = message;
        foreach (var name in jsonPath.Split('.'))
        {
            field = current?.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);
            current = field?.FieldType == FieldType.Message ? field.MessageType : null;
        }

        return field;
    }
}
