using CuKhoi.Protos.Operations.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Grpc;

/// <summary>
/// The internal operations every service host serves (mapped by `MapDefaultEndpoints()`), for
/// the gateway's admin routes. Beyond the internal token every call needs, the end caller must
/// hold `admin`: a sibling service calling on its own behalf (no principal) holds every scope
/// for data, but writing files on another service's disk is not something it ever needs.
/// </summary>
public sealed class OperationsServiceImpl(DatabaseBackup backup) : OperationsService.OperationsServiceBase
{
    public override Task<BackupDatabaseResponse> BackupDatabase(BackupDatabaseRequest request, ServerCallContext context)
    {
        RequireAdmin(context);
        return backup.BackupAsync(context.CancellationToken);
    }

    private static void RequireAdmin(ServerCallContext context)
    {
        var caller = context.GetCaller();
        if (caller.IsService || !caller.Scopes.Contains(Caller.AdminScope))
        {
            throw Problems.PermissionDenied(
                "Only an administrator, through the gateway's admin routes, may back up a service's database.",
                "Chỉ quản trị viên, qua các đường dẫn quản trị của gateway, mới được sao lưu cơ sở dữ liệu của dịch vụ.");
        }
    }
}
