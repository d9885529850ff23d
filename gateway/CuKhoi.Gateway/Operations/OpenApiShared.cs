using CuKhoi.ServiceDefaults.Data;
using Google.Rpc;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// The shared parts every operation points at: the error answers (one per HTTP status the
/// gateway maps a gRPC code to, all in the google.rpc.Status shape with its details), the
/// HTTP headers of the REST semantics (ETag, If-Match, If-None-Match, Idempotency-Key,
/// Location, Retry-After) and the API-key scheme. Operations refer to them by name, so a
/// client generator sees one error type, not forty copies.
/// </summary>
public static class OpenApiShared
{
    public const string SecurityScheme = "ApiKey";
    public const string StatusSchema = "Google.Rpc.Status";

    public const string IfMatch = "IfMatch";
    public const string IfNoneMatch = "IfNoneMatch";
    public const string IdempotencyKey = "IdempotencyKey";

    public const string ETag = "ETag";
    public const string Location = "Location";
    public const string RetryAfter = "RetryAfter";

    /// <summary>The error answers by HTTP status: the component name and what it means here.</summary>
    public static readonly IReadOnlyDictionary<int, (string Name, string Description)> Errors = new Dictionary<int, (string, string)>
    {
        [400] = ("BadRequest", "INVALID_ARGUMENT (a field violation per bad field, in BadRequest) or FAILED_PRECONDITION (a move the lifecycle does not allow, a closed contest, too many words)."),
        [401] = ("Unauthenticated", "UNAUTHENTICATED: the key is missing where one is needed, or the key sent is unknown or revoked (refused even where a key is optional)."),
        [403] = ("PermissionDenied", "PERMISSION_DENIED: the key lacks the scope this needs (`admin` includes every scope)."),
        [404] = ("NotFound", "NOT_FOUND: no such record, or one the caller may not see (a draft, an unpublished record)."),
        [409] = ("Conflict", "ABORTED: the `If-Match` etag is stale or the record changed meanwhile (read it again); or ALREADY_EXISTS: a unique value (slug, code) is taken; or, for a backup, ABORTED `BACKUP_IN_PROGRESS`: one of that database is already running."),
        [413] = ("PayloadTooLarge", "The body is larger than the gateway accepts (`Kestrel:Limits:MaxRequestBodySize`, 2 MiB by default)."),
        [422] = ("IdempotencyKeyReused", "The `Idempotency-Key` was used before with another body (ErrorInfo reason IDEMPOTENCY_KEY_REUSED)."),
        [429] = ("TooManyRequests", "RESOURCE_EXHAUSTED: the rate limit of the key (of the client address when anonymous) is spent; try again after `Retry-After` seconds."),
        [500] = ("Internal", "INTERNAL: an unexpected failure; nothing about it leaves the gateway but this."),
        [503] = ("Unavailable", "UNAVAILABLE: the service behind the gateway is down or its circuit is open; `Retry-After` says when to try again when known."),
        [504] = ("DeadlineExceeded", "DEADLINE_EXCEEDED: the service behind the gateway did not answer in time."),
    };

    /// <summary>A reference to a component, as Microsoft.OpenApi writes "$ref".</summary>
    public static OpenApiReference Ref(ReferenceType type, string id) => new() { Type = type, Id = id };

    public static OpenApiResponse ErrorResponse(int status) => new() { Reference = Ref(ReferenceType.Response, Errors[status].Name) };

    public static OpenApiParameter Parameter(string id) => new() { Reference = Ref(ReferenceType.Parameter, id) };

    public static OpenApiHeader Header(string id) => new() { Reference = Ref(ReferenceType.Header, id) };

    public static OpenApiSecurityRequirement KeyRequirement() =>
        new() { [new OpenApiSecurityScheme { Reference = Ref(ReferenceType.SecurityScheme, SecurityScheme) }] = [] };

    /// <summary>Adds the components to the document; the error detail schemas are generated from their messages like every other schema.</summary>
    public static void AddTo(OpenApiDocument document, DocumentFilterContext context)
    {
        var components = document.Components;
        components.Headers[ETag] = new OpenApiHeader
        {
            Description = "The record's version, quoted (`\"v3\"`). Send it back in `If-Match` to change only that version, or in `If-None-Match` to be told it has not changed (304).",
            Schema = new OpenApiSchema { Type = "string" },
        };
        components.Headers[Location] = new OpenApiHeader { Description = "The path of what was created.", Schema = new OpenApiSchema { Type = "string", Format = "uri-reference" } };
        components.Headers[RetryAfter] = new OpenApiHeader { Description = "Seconds to wait before trying again.", Schema = new OpenApiSchema { Type = "integer", Minimum = 0 } };

        components.Parameters[IfMatch] = HeaderParameter("If-Match", "Change only if the record's etag is still this one (the `ETag` of your last read); a stale one is 409. Weak (`W/`) and unquoted tags are accepted.");
        components.Parameters[IfNoneMatch] = HeaderParameter("If-None-Match", "The `ETag` of your copy: when the record has not changed the answer is 304 with no body.");
        components.Parameters[IdempotencyKey] = HeaderParameter("Idempotency-Key", "Makes a retry safe: a second request with the same key and body answers the first result without doing it again; the same key with another body is 422. Scoped to your key and the operation.", maxLength: Idempotency.MaxKeyLength);

        foreach (var (status, (name, description)) in Errors)
        {
            var response = new OpenApiResponse
            {
                Description = description,
                Content = { ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchema { Reference = Ref(ReferenceType.Schema, StatusSchema) } } },
            };
            if (status is 429 or 503)
            {
                response.Headers["Retry-After"] = Header(RetryAfter);
            }

            components.Responses[name] = response;
        }

        StatusDetails(context);
    }

    /// <summary>
    /// google.rpc.Status.details is a list of Any: here, one of the three detail messages the
    /// gateway and services send, each tagged by its `@type` (a union a generator can type).
    /// The detail messages themselves stay untagged: a FieldViolation's LocalizedMessage is no Any.
    /// </summary>
    private static void StatusDetails(DocumentFilterContext context)
    {
        var schemas = context.SchemaRepository.Schemas;
        var details = new List<OpenApiSchema>();
        foreach (var (message, description) in new[]
        {
            (ErrorInfo.Descriptor, "Why: `reason` (e.g. ARTICLE_NOT_PUBLISHED, IDEMPOTENCY_KEY_REUSED), `domain` and `metadata`."),
            (BadRequest.Descriptor, "Which fields are wrong: one violation per field, with its JSON path (`article.title`) and a vi-VN message."),
            (LocalizedMessage.Descriptor, "The message in Vietnamese (`locale` vi-VN), with full diacritics, to show to a person."),
        })
        {
            var id = $"{StatusSchema}.{message.Name}";
            schemas[id] = new OpenApiSchema
            {
                Description = description,
                AllOf =
                [
                    context.SchemaGenerator.GenerateSchema(message.ClrType, context.SchemaRepository),
                    new OpenApiSchema
                    {
                        Type = "object",
                        Required = new SortedSet<string> { "@type" },
                        Properties = { ["@type"] = new OpenApiSchema { Type = "string", Enum = [new OpenApiString($"type.googleapis.com/{message.FullName}")] } },
                    },
                ],
            };
            details.Add(new OpenApiSchema { Reference = Ref(ReferenceType.Schema, id) });
        }

        if (schemas.TryGetValue(StatusSchema, out var status) && status.Properties.TryGetValue("details", out var list))
        {
            status.Description = "google.rpc.Status: `code` is the gRPC status code (3 INVALID_ARGUMENT, 5 NOT_FOUND...), `message` is English, `details` say more.";
            list.Items = new OpenApiSchema { OneOf = details };
            status.Properties["code"].Description = "The gRPC status code: 3 INVALID_ARGUMENT, 5 NOT_FOUND, 7 PERMISSION_DENIED, 9 FAILED_PRECONDITION, 10 ABORTED, 14 UNAVAILABLE...";
            status.Properties["message"].Description = "What went wrong, in English (the Vietnamese is in the LocalizedMessage detail).";
            list.Description = "ErrorInfo (always), BadRequest (invalid fields) and LocalizedMessage (vi-VN).";
        }
    }

    private static OpenApiParameter HeaderParameter(string name, string description, int? maxLength = null) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Description = description,
        Schema = new OpenApiSchema { Type = "string", MaxLength = maxLength },
    };
}
