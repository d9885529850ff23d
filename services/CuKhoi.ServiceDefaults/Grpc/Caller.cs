using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>
/// Who is calling a service. Calls from the gateway name the end caller and their scopes;
/// a call with the internal token and no principal comes from another service and is
/// trusted fully. Services can trust this metadata because only holders of the internal
/// token reach them.
/// </summary>
public sealed record Caller(string Principal, IReadOnlySet<string> Scopes, bool IsService)
{
    public const string AdminScope = "admin";

    public bool IsAnonymous => Principal == CallMetadata.Anonymous;

    /// <summary>`admin` includes every scope; services hold every scope.</summary>
    public bool Has(string scope) => IsService || Scopes.Contains(scope) || Scopes.Contains(AdminScope);

    /// <summary>
    /// The guard of a service's writes: 403 PERMISSION_DENIED with the service's own message
    /// unless the caller holds <paramref name="scope"/>. The gateway checks the scope too;
    /// this is defence in depth for direct callers.
    /// </summary>
    public void Demand(string scope, string message, string messageVi)
    {
        if (!Has(scope))
        {
            throw Problems.PermissionDenied(message, messageVi);
        }
    }
}

public static class CallerExtensions
{
    public static Caller GetCaller(this ServerCallContext context)
    {
        var principal = context.RequestHeaders.GetValue(CallMetadata.Principal);
        if (string.IsNullOrEmpty(principal))
        {
            return new Caller("service", new HashSet<string>(), IsService: true);
        }

        var scopes = (context.RequestHeaders.GetValue(CallMetadata.Scopes) ?? string.Empty)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.Ordinal);
        return new Caller(principal, scopes, IsService: false);
    }
}
