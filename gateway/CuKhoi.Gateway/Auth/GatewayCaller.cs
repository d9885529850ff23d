using System.Security.Claims;
using CuKhoi.ServiceDefaults.Grpc;

namespace CuKhoi.Gateway.Auth;

/// <summary>
/// Who is calling the gateway: an API key (its id, name and scopes) or nobody. The
/// services learn it from the `x-cukhoi-principal` / `x-cukhoi-scopes` metadata.
/// </summary>
public sealed record GatewayCaller(string Id, string Name, IReadOnlyList<string> Scopes)
{
    public static readonly GatewayCaller Anonymous = new(CallMetadata.Anonymous, CallMetadata.Anonymous, []);

    public bool IsAnonymous => Id == CallMetadata.Anonymous;

    /// <summary>The scopes as the services receive them (space-separated), computed once per key.</summary>
    public string ScopeList { get; } = string.Join(' ', Scopes);

    /// <summary>`admin` includes every scope.</summary>
    public bool Has(string scope) => Scopes.Contains(scope) || Scopes.Contains(Auth.Scopes.Admin);

    /// <summary>The principal <see cref="ApiKeyAuthenticationHandler"/> signs a request in with.</summary>
    public ClaimsPrincipal ToPrincipal() => new(new ApiKeyIdentity(this));
}

/// <summary>The identity of a valid API key: the standard claims (id, name, one per scope) and the caller itself.</summary>
public sealed class ApiKeyIdentity(GatewayCaller caller) : ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, caller.Id),
        new Claim(ClaimTypes.Name, caller.Name),
        .. caller.Scopes.Select(scope => new Claim(ApiKeyIdentity.ScopeClaim, scope)),
    ],
    ApiKeyAuthenticationHandler.SchemeName)
{
    public const string ScopeClaim = "scope";

    public GatewayCaller Caller { get; } = caller;
}

public static class GatewayCallerExtensions
{
    /// <summary>The caller a request was authenticated as; anonymous without a (valid) key.</summary>
    public static GatewayCaller Caller(this ClaimsPrincipal user) =>
        user.Identity is ApiKeyIdentity identity ? identity.Caller : GatewayCaller.Anonymous;
}
