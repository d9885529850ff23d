using Microsoft.OpenApi.Models;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// The words of the admin routes: minimal APIs written in C# (Auth/AdminEndpoints.cs), not
/// rpcs, so no proto comment describes them. Keyed by route name (the operationId); their
/// security and errors come from their <see cref="Rules.EndpointRule"/> like every operation.
/// </summary>
public static class OpenApiAdminRoutes
{
    public const string Tag = "Admin";

    public const string TagDescription =
        "Key management and the audit trail of the gateway (scope `admin`). Keys are per client system, stored only as hashes, carry scopes and can be revoked.";

    private static readonly Dictionary<string, (string Summary, string Description)> Routes = new(StringComparer.Ordinal)
    {
        ["CreateApiKey"] = (
            "Creates an API key for a client system",
            "The answer shows the key in plain text this once (`Cache-Control: no-store`); only its hash is kept. Scopes: `articles:write`, `dvk:write`, `contests:write`, `reports:read`, `admin`."),
        ["ListApiKeys"] = (
            "Lists the API keys",
            "Names, scopes and times of every key, revoked ones with `revokeTime`; never the keys themselves."),
        ["RevokeApiKey"] = (
            "Revokes an API key",
            "Calls with the key are refused (401) from the next one on."),
        ["ListAuditEntries"] = (
            "Lists the audit trail, newest first",
            "Every write through the gateway, allowed or refused: who, what, which resource, when and the status answered. `since` limits it to entries after an instant (RFC 3339)."),
    };

    public static void Describe(OpenApiOperation operation)
    {
        if (operation.OperationId is { } name && Routes.TryGetValue(name, out var words))
        {
            (operation.Summary, operation.Description) = words;
        }
    }
}
