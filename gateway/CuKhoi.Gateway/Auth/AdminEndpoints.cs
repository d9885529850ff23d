using System.Globalization;
using System.Text.Json;
using CuKhoi.Gateway.Audit;
using CuKhoi.Gateway.Http;
using CuKhoi.Gateway.Operations;
using CuKhoi.Gateway.Rules;
using CuKhoi.Gateway.Security;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using FieldViolation = Google.Rpc.BadRequest.Types.FieldViolation;

namespace CuKhoi.Gateway.Auth;

/// <summary>
/// Key management, the audit trail and backups (Operations/BackupRoute.cs), scope `admin`, under /api/v1/admin. Errors in the
/// same google.rpc.Status shape as the transcoded routes.
/// </summary>
public static class AdminEndpoints
{
    public sealed record CreateKeyRequest(string? Name, IReadOnlyList<string>? Scopes);

    public sealed record CreatedKey(string Id, string Name, IReadOnlyList<string> Scopes, string CreateTime, string Key);

    public sealed record KeyView(string Id, string Name, IReadOnlyList<string> Scopes, string CreateTime, string? RevokeTime);

    public sealed record ListKeysResponse(IReadOnlyList<KeyView> Keys);

    public sealed record AuditEntryView(string Id, string Time, string PrincipalId, string PrincipalName, string Protocol, string Action, string Resource, int Status);

    public sealed record ListAuditResponse(IReadOnlyList<AuditEntryView> Entries, string? NextPageToken);

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin")
            .WithTags("Admin")
            // Handlers refuse bad input by throwing, as the services do; say it in the contract's shape.
            .AddEndpointFilter(async (context, next) =>
            {
                try
                {
                    return await next(context);
                }
                catch (RpcException e)
                {
                    return StatusJson.Result(e);
                }
            });

        // The body is read as JSON whatever simple type the client sent, as on every
        // transcoded route (RequestBodyMiddleware.ReadsAsJson): the README's `curl -d` sends
        // application/x-www-form-urlencoded, which routing would otherwise answer with 415.
        admin.MapPost("/keys", CreateKeyAsync).WithName("CreateApiKey").WithRule(EndpointRule.AdminRoute("CreateApiKey", audited: true))
            .Accepts<CreateKeyRequest>("application/json", "application/x-www-form-urlencoded", "text/plain").Produces<CreatedKey>(StatusCodes.Status201Created);
        admin.MapGet("/keys", ListKeysAsync).WithName("ListApiKeys").WithRule(EndpointRule.AdminRoute("ListApiKeys", audited: false))
            .Produces<ListKeysResponse>();
        admin.MapDelete("/keys/{id}", RevokeKeyAsync).WithName("RevokeApiKey").WithRule(EndpointRule.AdminRoute("RevokeApiKey", audited: true))
            .Produces(StatusCodes.Status204NoContent);
        admin.MapGet("/audit", ListAuditAsync).WithName("ListAuditEntries").WithRule(EndpointRule.AdminRoute("ListAuditEntries", audited: false))
            .Produces<ListAuditResponse>();
        admin.MapBackupRoute();
        return app;
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext context, ApiKeyStore keys)
    {
        CreateKeyRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CreateKeyRequest>(context.Request.Body, JsonSerializerOptions.Web, context.RequestAborted);
        }
        catch (JsonException)
        {
            throw GatewayProblems.Malformed("the body must be {\"name\": \"...\", \"scopes\": [\"...\"]}.", "nội dung phải có dạng {\"name\": \"...\", \"scopes\": [\"...\"]}.");
        }

        var name = request?.Name?.Trim() ?? string.Empty;
        var scopes = request?.Scopes ?? [];
        var validation = new Validation()
            .Required("name", name, "The key's name", "Tên khóa")
            .MaxLength("name", name, 100, "The key's name", "Tên khóa");
        for (var i = 0; i < scopes.Count; i++)
        {
            if (!Scopes.All.Contains(scopes[i]))
            {
                var allowed = string.Join(", ", Scopes.All);
                validation.Add($"scopes[{i}]", $"Unknown scope '{scopes[i]}'; use one of: {allowed}.", $"Quyền '{scopes[i]}' không tồn tại; hãy dùng một trong: {allowed}.");
            }
        }

        validation.ThrowIfInvalid();
        var (key, plaintext) = await keys.CreateAsync(name, scopes.Distinct().ToList(), context.RequestAborted);
        SecurityHeaders.NoStore(context.Response);
        return TypedResults.Created($"/api/v1/admin/keys/{key.Id}", new CreatedKey(key.Id, key.Name, key.Scopes, Rfc3339(key.CreateTime), plaintext));
    }

    private static async Task<IResult> ListKeysAsync(HttpContext context, ApiKeyStore keys)
    {
        var all = await keys.ListAsync(context.RequestAborted);
        return TypedResults.Ok(new ListKeysResponse(all.Select(k => new KeyView(k.Id, k.Name, k.Scopes, Rfc3339(k.CreateTime), k.RevokeTime is { } r ? Rfc3339(r) : null)).ToList()));
    }

    private static async Task<IResult> RevokeKeyAsync(string id, HttpContext context, ApiKeyStore keys) =>
        await keys.RevokeAsync(id, context.RequestAborted)
            ? TypedResults.NoContent()
            : throw Problems.NotFound("API key", "khóa API", id);

    private static async Task<IResult> ListAuditAsync(HttpContext context, AuditLog audit, [FromQuery] string? since, [FromQuery] int? pageSize, [FromQuery] string? pageToken)
    {
        var violations = new List<FieldViolation>();
        DateTimeOffset? from = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                from = parsed;
            }
            else
            {
                violations.Add(Problems.Violation("since", "since must be an RFC 3339 instant, e.g. 2025-01-31T00:00:00Z.", "since phải là thời điểm RFC 3339, ví dụ 2025-01-31T00:00:00Z."));
            }
        }

        if (pageSize is < 0)
        {
            violations.Add(Problems.Violation("pageSize", "pageSize must not be negative.", "pageSize không được âm."));
        }

        AuditLog.Cursor? after = null;
        if (!string.IsNullOrEmpty(pageToken) && (after = AuditLog.Cursor.Decode(pageToken)) is null)
        {
            violations.Add(Problems.Violation("pageToken", "pageToken is not one this server issued.", "pageToken không phải do máy chủ này cấp."));
        }

        if (violations.Count > 0)
        {
            throw Problems.InvalidArguments(violations);
        }

        var size = pageSize is null or 0 ? AuditLog.DefaultPageSize : Math.Min(pageSize.Value, AuditLog.MaxPageSize);
        var (entries, next) = await audit.ListAsync(from, size, after, context.RequestAborted);
        return TypedResults.Ok(new ListAuditResponse(
            entries.Select(e => new AuditEntryView(e.Id, Rfc3339(e.Time), e.PrincipalId, e.PrincipalName, e.Protocol, e.Action, e.Resource, e.Status)).ToList(),
            next));
    }

    /// <summary>How the admin routes write an instant: RFC 3339 in UTC, microseconds when there are any.</summary>
    internal static string Rfc3339(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
}
