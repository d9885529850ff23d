using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Http;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace CuKhoi.Gateway.Audit;

/// <summary>
/// Records every write that reaches the gateway, allowed or refused: the write RPCs of
/// <see cref="MethodRules"/> over REST and gRPC alike, and the admin routes' POST/DELETE.
/// The outcome is the HTTP status the caller got (for gRPC, the one its code maps to).
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog audit, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (WriteAction(context) is not { } action)
        {
            await next(context);
            return;
        }

        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            await RecordAsync(context, action, failed);
        }
    }

    private async Task RecordAsync(HttpContext context, string action, bool failed)
    {
        var caller = context.Caller();
        var (id, name) = context.KeyRejected() ? ("rejected", "(unknown or revoked key)") : (caller.Id, caller.Name);
        var grpc = context.IsGrpc();
        // What the interceptor named, else what a create answered with, else the path asked for.
        var resource = context.Items[HttpItems.Resource] as string
            ?? (context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : context.Request.Path.ToString());
        var status = failed ? StatusCodes.Status500InternalServerError : Outcome(context, grpc);
        try
        {
            await audit.RecordAsync(id, name, grpc ? "grpc" : "rest", action, resource, status, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The caller's write is done either way; a lost audit line must at least be loud.
            logger.LogError(e, "Could not record audit entry {Action} {Resource} by {PrincipalId}", action, resource, id);
        }
    }

    /// <summary>The RPC (without the leading '/') or admin route a write request is, or null for reads.</summary>
    private static string? WriteAction(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            return null;
        }

        if (endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is { } grpc)
        {
            return MethodRules.For(grpc.Method.FullName).IsWrite ? grpc.Method.FullName.TrimStart('/') : null;
        }

        var method = context.Request.Method;
        var writes = HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
        return writes ? endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? $"{method} {context.Request.Path}" : null;
    }

    private static int Outcome(HttpContext context, bool grpc)
    {
        if (context.Items[HttpItems.Status] is int decided)
        {
            return decided;
        }

        if (!grpc)
        {
            return context.Response.StatusCode;
        }

        // gRPC answers 200 with the outcome in grpc-status (a trailer, or a header when trailers-only).
        var value = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].ToString();
        if (string.IsNullOrEmpty(value))
        {
            value = context.Response.Headers["grpc-status"].ToString();
        }

        return int.TryParse(value, out var code) ? StatusJson.HttpStatusOf((StatusCode)code) : context.Response.StatusCode;
    }
}
