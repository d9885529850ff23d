using Microsoft.OpenApi.Any;
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
        "Key management, the audit trail and database backups (scope `admin`). Keys are per client system, stored only as hashes, carry scopes and can be revoked.";

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
        ["BackupDatabase"] = (
            "Backs up one service's database while it keeps serving",
            "`service` is `articles`, `dvk-models`, `contests` or `gateway`. SQLite: the host that owns the database writes a consistent copy (`VACUUM INTO`, checked with `PRAGMA integrity_check`) into its backup folder (`Backup:Directory`, default `backups/` beside the database file) as `<service>-<UTC yyyyMMddTHHmmssZ>.db`, and the answer names the file, its size, the instant it holds and the migrations it contains; with `Backup:Keep` set, older backups beyond that many are deleted. A backup of the same database already running: 409 `BACKUP_IN_PROGRESS`. PostgreSQL: 400 `BACKUP_USE_PG_DUMP` (use pg_dump, docs/BACKUP.md). Nothing in the request chooses a folder or a file name. Restore (docs/BACKUP.md): stop the service, put the file in place of its database, delete the `-wal` and `-shm` files beside it, start it."),
    };

    /// <summary>Statuses an admin route answers beyond those its rule and parameters imply.</summary>
    private static readonly Dictionary<string, int[]> Errors = new(StringComparer.Ordinal)
    {
        ["BackupDatabase"] = [404, 409, 503, 504],
    };

    public static void Describe(OpenApiOperation operation)
    {
        if (operation.OperationId is { } name && Routes.TryGetValue(name, out var words))
        {
            (operation.Summary, operation.Description) = words;
        }

        // The backup's `{service}` takes only these names: say so, so clients offer nothing else.
        if (operation.OperationId == "BackupDatabase" && operation.Parameters.FirstOrDefault(p => p.Name == "service") is { } service)
        {
            service.Description = "The database to back up: a service's, or the gateway's own (keys and audit trail).";
            service.Schema.Enum = BackupRoute.Services.Select(s => (IOpenApiAny)new OpenApiString(s)).ToList();
        }
    }

    public static IEnumerable<int> ErrorsOf(string? operationId) =>
        operationId is not null && Errors.TryGetValue(operationId, out var statuses) ? statuses : [];
}
