using CuKhoi.ServiceDefaults.Grpc;
using Microsoft.AspNetCore.Http;

namespace CuKhoi.Gateway.Auth;

/// <summary>
/// Who is calling the gateway: an API key (its id, name and scopes) or nobody. The
/// services learn it from the `x-cukhoi-principal` / `x-cukhoi-scopes` metadata.
/// </summary>
public sealed record GatewayCaller(string Id, string Name, IReadOnlyList<string> Scopes)
{
    public static readonly GatewayCaller Anonymous = new(CallMetadata.Anonymous, CallMetadata.Anonymous, []);

    public bool IsAnonymous => Id == CallMetadata.Anonymous;

    /// <summary>`admin` includes every scope.</summary>
    public bool Has(string scope) => Scopes.Contains(scope) || Scopes.Contains(Auth.Scopes.Admin);
}

/// <summary>
/// The outcome of reading the request's key, kept on the HttpContext by
/// <see cref="ApiKeyMiddleware"/> for the interceptor, the rate limiter, the audit trail
/// and the forwarders. A key that was presented but is unknown or revoked is remembered
/// as rejected: it is refused (401) even where anonymous callers are welcome.
/// </summary>
public static class CallerContext
{
    private const string CallerKey = "cukhoi.caller";
    private const string RejectedKey = "cukhoi.key-rejected";

    public static void Set(HttpContext context, GatewayCaller caller) => context.Items[CallerKey] = caller;

    public static void Reject(HttpContext context) => context.Items[RejectedKey] = true;

    public static GatewayCaller Caller(this HttpContext context) =>
        context.Items.TryGetValue(CallerKey, out var value) && value is GatewayCaller caller ? caller : GatewayCaller.Anonymous;

    public static bool KeyRejected(this HttpContext context) => context.Items.ContainsKey(RejectedKey);
}
