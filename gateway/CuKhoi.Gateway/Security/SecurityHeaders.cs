namespace CuKhoi.Gateway.Security;

/// <summary>
/// Headers every answer carries: `X-Content-Type-Options: nosniff` (a JSON or CSV body is never
/// run as script), `Referrer-Policy: no-referrer`; pages (the report page, /docs) may not be
/// framed (`X-Frame-Options: DENY` and CSP `frame-ancestors 'none'`), and /docs gets a CSP of
/// its own. The `Server` banner is off (Kestrel option, see GatewayExtensions).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>Swagger UI's page runs its own inline set-up script and styles; nothing is loaded from elsewhere.</summary>
    public const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        var docs = context.Request.Path.StartsWithSegments("/docs");
        if (docs || context.Request.Path.StartsWithSegments("/reports"))
        {
            headers.XFrameOptions = "DENY";
        }

        if (docs)
        {
            headers.ContentSecurityPolicy = DocsContentSecurityPolicy;
        }

        return next(context);
    }

    /// <summary>For an answer that shows a secret once (a new API key): no cache may keep it.</summary>
    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}
