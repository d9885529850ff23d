using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Http;
using CuKhoi.Gateway.Rules;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace CuKhoi.Gateway.Audit;

/// <summary>
/// Records every call to an endpoint whose rule says `audited` (the write RPCs over REST and
/// gRPC alike, the admin routes' POST/DELETE), allowed or refused. The outcome is the HTTP
/// status the caller got (for gRPC, the one its code maps to).
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog audit, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<EndpointRule>() is not { Audited: true } rule)
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
            await RecordAsync(context, rule.Action, failed);
        }
    }

    private async Task RecordAsync(HttpContext context, string action, bool failed)
    {
        var caller = context.User.Caller();
        var (id, name) = await AccessPolicies.KeyRejectedAsync(context) ? ("rejected", "(unknown or revoked key)") : (caller.Id, caller.Name);
        var grpc = context.IsGrpc();
        var state = context.GatewayRequestIfAny();
        // What the interceptor named, else what a create answered with, else the path asked for.
        var resource = state?.Resource
            ?? (context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : context.Request.Path.ToString());
        var status = failed ? StatusCodes.Status500InternalServerError : Outcome(context, state, grpc);
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

    private static int Outcome(HttpContext context, GatewayRequest? state, bool grpc)
    {
        if (state?.Status is { } decided)
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
