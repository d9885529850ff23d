using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CuKhoi.Gateway.Auth;

/// <summary>
/// The one access decision: a rejected key is always 401; a call that needs a scope needs
/// a key (401) holding that scope (403). Used by the gRPC interceptor and the admin routes.
/// </summary>
public static class Access
{
    public const string Domain = Problems.Domain;

    public static void Demand(HttpContext context, string? scope)
    {
        if (context.KeyRejected())
        {
            throw Problems.Create(
                StatusCode.Unauthenticated,
                Problems.Reasons.Unauthenticated,
                "The API key is not valid or has been revoked.",
                "Khóa API không hợp lệ hoặc đã bị thu hồi.");
        }

        if (scope is null)
        {
            return;
        }

        var caller = context.Caller();
        if (caller.IsAnonymous)
        {
            throw Problems.Create(
                StatusCode.Unauthenticated,
                Problems.Reasons.Unauthenticated,
                $"This call needs an API key with scope '{scope}': send 'Authorization: Bearer <key>'.",
                $"Lời gọi này cần khóa API có quyền '{scope}': hãy gửi 'Authorization: Bearer <khóa>'.",
                metadata: new Dictionary<string, string> { ["requiredScope"] = scope });
        }

        if (!caller.Has(scope))
        {
            throw Problems.Create(
                StatusCode.PermissionDenied,
                Problems.Reasons.PermissionDenied,
                $"The API key '{caller.Name}' lacks scope '{scope}'.",
                $"Khóa API '{caller.Name}' không có quyền '{scope}'.",
                metadata: new Dictionary<string, string> { ["requiredScope"] = scope });
        }
    }
}
