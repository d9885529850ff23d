using CuKhoi.Gateway.Auth;
using CuKhoi.Gateway.Forwarding;
using CuKhoi.Gateway.Rules;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Protos.Operations.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Downstream;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;

namespace CuKhoi.Gateway.Operations;

/// <summary>
/// `POST /api/v1/admin/backups/{service}` (scope `admin`, audited): an online backup of one
/// database, written by the host that owns it into its own backup folder. A service is asked
/// through its OperationsService with the admin's identity; the gateway's own database is
/// backed up here. Not a forwarded rpc on purpose: an internal service with no REST route,
/// called over the downstream's channel with its own deadline (`Backup:Timeout`, 5 min)
/// instead of the pipeline, whose 2 s attempt timeout and breaker are for the portal's
/// traffic (a long backup must neither be cut off nor trip the breaker for everyone).
/// </summary>
public static class BackupRoute
{
    /// <summary>
    /// The backup as REST answers it: 200, not 201, since the file has no URL here (it stays
    /// on the service's disk, for the operator; nothing serves backups over the network).
    /// </summary>
    public sealed record BackupView(string Service, string FileName, long SizeBytes, string CreateTime, IReadOnlyDictionary<string, int> SchemaVersions);

    /// <summary>The services with a database, by the name the route takes, and their downstream client.</summary>
    private static readonly Dictionary<string, string?> Databases = new(StringComparer.Ordinal)
    {
        ["articles"] = nameof(ArticleService.ArticleServiceClient),
        ["dvk-models"] = nameof(DvkModelService.DvkModelServiceClient),
        ["contests"] = nameof(ContestService.ContestServiceClient),
        ["gateway"] = null,
    };

    /// <summary>The names `{service}` takes (the OpenAPI document lists them).</summary>
    public static IReadOnlyCollection<string> Services => Databases.Keys;

    public static RouteGroupBuilder MapBackupRoute(this RouteGroupBuilder admin)
    {
        admin.MapPost("/backups/{service}", BackupAsync).WithName("BackupDatabase").WithRule(EndpointRule.AdminRoute("BackupDatabase", audited: true))
            .Produces<BackupView>();
        return admin;
    }

    private static async Task<IResult> BackupAsync(string service, HttpContext context, DatabaseBackup ownDatabase, IServiceProvider services, IConfiguration configuration, ILoggerFactory logs)
    {
        // Only the names of this table reach a service, and they pick a database, never a
        // path: each host writes under its own Backup:Directory with a name it makes itself.
        if (!Databases.TryGetValue(service, out var client))
        {
            throw Problems.NotFound("Service", "dịch vụ", service);
        }

        var backup = client is null
            ? await ownDatabase.BackupAsync(context.RequestAborted)
            : await AskAsync(service, client, context, services, DatabaseBackup.Timeout(configuration), logs.CreateLogger(typeof(BackupRoute)));
        return TypedResults.Ok(new BackupView(
            backup.Service,
            backup.FileName,
            backup.SizeBytes,
            AdminEndpoints.Rfc3339(backup.CreateTime.ToDateTimeOffset()),
            backup.SchemaVersions));
    }

    private static async Task<BackupDatabaseResponse> AskAsync(string service, string client, HttpContext context, IServiceProvider services, TimeSpan timeout, ILogger logger)
    {
        var operations = new OperationsService.OperationsServiceClient(services.InternalInvoker(client));
        var options = new CallOptions(Forwarded.CallerHeaders(context.User.Caller()), DateTime.UtcNow + timeout, context.RequestAborted);
        try
        {
            return await operations.BackupDatabaseAsync(new BackupDatabaseRequest(), options);
        }
        catch (RpcException e) when (e.Trailers.Get("grpc-status-details-bin") is null)
        {
            // Not the service's own answer (that carries rich details and passes as it came):
            // the transport's, whose message may name hosts. Say it our way.
            logger.LogWarning(e, "Backup of {Service} failed with {StatusCode}", service, e.StatusCode);
            throw e.StatusCode switch
            {
                StatusCode.DeadlineExceeded => Problems.Create(
                    StatusCode.DeadlineExceeded,
                    "DEADLINE_EXCEEDED",
                    $"The {service} service did not finish the backup within {timeout.TotalSeconds:0} s; look in its backup folder and log before trying again.",
                    $"Dịch vụ {service} chưa sao lưu xong trong {timeout.TotalSeconds:0} giây; hãy xem thư mục sao lưu và nhật ký của dịch vụ trước khi thử lại.",
                    metadata: new Dictionary<string, string> { ["service"] = service }),
                StatusCode.Unavailable or StatusCode.Cancelled => Problems.Unavailable(service),
                _ => Problems.Internal(),
            };
        }
    }
}
