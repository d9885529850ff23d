using CuKhoi.Gateway.Http;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CuKhoi.Gateway.Auth;

/// <summary>
/// Answers a request the authorization middleware refused with the contract's error, in the
/// caller's protocol (<see cref="ErrorResponses"/>): a rejected key is always 401; a call that
/// needs a scope needs a key (401) holding that scope (403).
/// </summary>
public sealed class AccessDeniedWriter : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        var scope = policy.Requirements.OfType<ScopeRequirement>().FirstOrDefault()?.Scope;
        await ErrorResponses.WriteAsync(context, await ProblemAsync(context, scope));
    }

    private static async Task<RpcException> ProblemAsync(HttpContext context, string? scope)
    {
        if (await AccessPolicies.KeyRejectedAsync(context) || scope is null)
        {
            return Problems.Create(
                StatusCode.Unauthenticated,
                Problems.Reasons.Unauthenticated,
                "The API key is not valid or has been revoked.",
                "Khóa API không hợp lệ hoặc đã bị thu hồi.");
        }

        var caller = context.User.Caller();
        var metadata = new Dictionary<string, string> { ["requiredScope"] = scope };
        return caller.IsAnonymous
            ? Problems.Create(
                StatusCode.Unauthenticated,
                Problems.Reasons.Unauthenticated,
                $"This call needs an API key with scope '{scope}': send 'Authorization: Bearer <key>'.",
                $"Lời gọi này cần khóa API có quyền '{scope}': hãy gửi 'Authorization: Bearer <khóa>'.",
                metadata: metadata)
            : Problems.Create(
                StatusCode.PermissionDenied,
                Problems.Reasons.PermissionDenied,
                $"The API key '{caller.Name}' lacks scope '{scope}'.",
                $"Khóa API '{caller.Name}' không có quyền '{scope}'.",
                metadata: metadata);
    }
}
