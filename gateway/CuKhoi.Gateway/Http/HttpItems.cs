using Microsoft.AspNetCore.Http;

namespace CuKhoi.Gateway.Http;

/// <summary>What the HTTP middleware and the HTTP-semantics interceptor tell each other per request.</summary>
public static class HttpItems
{
    /// <summary>Set when the response must go out without a body (204, 304).</summary>
    public const string SuppressBody = "cukhoi.suppress-body";

    /// <summary>The top-level JSON keys of a PATCH body (for the update mask).</summary>
    public const string BodyKeys = "cukhoi.body-keys";

    /// <summary>The final status when it is only applied as the response starts (201, 204, 304, 422).</summary>
    public const string Status = "cukhoi.status";

    /// <summary>The resource a write touched (the audit trail's "which").</summary>
    public const string Resource = "cukhoi.resource";

    /// <summary>gRPC proper (":8081" or any HTTP/2 gRPC client) as opposed to REST/JSON.</summary>
    public static bool IsGrpc(this HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
