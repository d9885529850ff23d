using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace CuKhoi.Gateway.Auth;

/// <summary>
/// The authorization policies endpoint rules name: "public" (anyone, but a presented key must
/// be valid) and one per scope ("scope:articles:write"; `admin` includes every scope). A
/// rejected key authenticates no one, so it fails a scope policy as an anonymous caller would.
/// </summary>
public static class AccessPolicies
{
    public const string Public = "public";

    public static string For(string? scope) => scope is null ? Public : $"scope:{scope}";

    public static AuthorizationBuilder AddAccessPolicies(this AuthorizationBuilder authorization)
    {
        authorization.AddPolicy(Public, policy => policy.AddRequirements(new NoRejectedKey()));
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(For(scope), policy => policy.AddRequirements(new ScopeRequirement(scope)));
        }

        return authorization;
    }

    /// <summary>Whether the request presented a key that failed authentication (unknown or revoked).</summary>
    public static async Task<bool> KeyRejectedAsync(HttpContext context) =>
        (await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName)).Failure is not null;
}

/// <summary>A caller may be anonymous, but not with a key that is unknown or revoked.</summary>
public sealed class NoRejectedKey : AuthorizationHandler<NoRejectedKey>, IAuthorizationRequirement
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, NoRejectedKey requirement)
    {
        if (context.Resource is not HttpContext http || !await AccessPolicies.KeyRejectedAsync(http))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>The caller's key holds <see cref="Scope"/> (or `admin`).</summary>
public sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.Caller().Has(requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
