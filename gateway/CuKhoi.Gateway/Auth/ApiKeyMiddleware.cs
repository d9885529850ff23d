using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CuKhoi.Gateway.Auth;

/// <summary>
/// Reads `Authorization: Bearer &lt;key&gt;` (REST) or the `authorization` metadata (gRPC: the
/// same HTTP/2 header) and records who is calling. It refuses nothing itself: the
/// scope check is one gRPC interceptor (<see cref="ScopeInterceptor"/>) and the admin
/// routes' filter, so every surface answers in its own protocol.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (Presented(context.Request) is { } key)
        {
            if (await keys.AuthenticateAsync(key, context.RequestAborted) is { } caller)
            {
                CallerContext.Set(context, caller);
            }
            else
            {
                CallerContext.Reject(context);
            }
        }

        await next(context);
    }

    /// <summary>The key: "Bearer &lt;key&gt;" or, from gRPC clients that send it bare, "&lt;key&gt;".</summary>
    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString().Trim();
        if (header.Length == 0)
        {
            return null;
        }

        const string bearer = "Bearer ";
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : header;
    }
}
