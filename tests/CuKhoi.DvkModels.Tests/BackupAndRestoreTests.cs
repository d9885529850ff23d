using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Protos.Operations.V1;
using CuKhoi.Testing;
using Grpc.Core;

namespace CuKhoi.DvkModels.Tests;

/// <summary>
/// The backup of ServiceDefaults as the DVK models host serves it (the same code and checks as
/// the articles host's, Articles.Tests/BackupTests and RestoreTests): named after this service,
/// consistent under writes, admin-only, pg_dump on PostgreSQL, and the restore procedure of
/// docs/BACKUP.md bringing the service back with the backed-up data and nothing later.
/// </summary>
public sealed class BackupAndRestoreTests
{
    [Fact]
    public async Task A_backup_taken_under_concurrent_writes_is_one_consistent_moment()
    {
        await using var host = await DvkHost.StartAsync("sqlite");
        var tag = TestData.Tag();

        await Backups.AssertConsistentUnderWritesAsync(
            host.Invoker(),
            Backups.DefaultFolder(host.Database),
            "dvk_models",
            async () => (await host.Editor.RegisterAsync(TestData.Model(tag))).Id);
    }

    [Fact]
    public async Task A_service_restored_from_its_backup_has_the_backed_up_data_and_nothing_written_after()
    {
        await using var database = TestDatabase.Sqlite();
        var tag = TestData.Tag();
        DvkModel before, after;
        BackupDatabaseResponse backup;
        await using (var first = DvkHost.Start(database))
        {
            before = await first.Editor.RegisterAsync(TestData.Model(tag, "Mô hình trước khi sao lưu"));
            before = await first.Admin.RecogniseAsync(before.Id);

            backup = await first.Invoker().BackupAsync();

            after = await first.Editor.RegisterAsync(TestData.Model(tag, "Mô hình sau khi sao lưu"));
            await first.Admin.RecogniseAsync(before.Id, TestData.Recognition(Recognition.Types.Level.District, number: "99/QĐ-UBND"));
        }

        Assert.StartsWith("dvk-models-", backup.FileName);
        Assert.Equal("dvk-models", backup.Service);
        Assert.Contains("dvk-models", backup.SchemaVersions.Keys);

        Backups.RestoreInPlace(database, Path.Combine(Backups.DefaultFolder(database), backup.FileName));

        await using var restored = DvkHost.Start(database);
        var back = await restored.Admin.GetDvkModelAsync(new GetDvkModelRequest { Id = before.Id });
        Assert.Equal(before, back);                                   // one recognition, the etag of then
        await RpcAssert.ThrowsAsync(StatusCode.NotFound, async () => await restored.Admin.GetDvkModelAsync(new GetDvkModelRequest { Id = after.Id }));
        var listed = await restored.Admin.ListAllAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag) });
        Assert.Equal([before.Id], listed.Select(m => m.Id));
        Assert.Equal("ok", await Backups.IntegrityAsync(Backups.DatabaseFile(database)));
        Assert.NotEqual(after.Id, (await restored.Editor.RegisterAsync(TestData.Model(tag, "Mô hình sau khi khôi phục"))).Id);
    }

    [Fact]
    public async Task Only_an_admin_caller_with_the_internal_token_may_back_up()
    {
        await using var host = await DvkHost.StartAsync("sqlite");

        await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, async () => await host.Invoker("editor-key", "dvk:write").BackupAsync());
        await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, async () => await host.Invoker(principal: null).BackupAsync());
        await RpcAssert.ThrowsAsync(StatusCode.Unauthenticated, async () => await host.Invoker(token: null).BackupAsync());
        Assert.Empty(Backups.FilesIn(Backups.DefaultFolder(host.Database)));
    }

    [SkippableFact]
    public async Task On_PostgreSQL_the_answer_points_at_pg_dump()
    {
        await using var host = await DvkHost.StartAsync("postgres");

        var refused = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, async () => await host.Invoker().BackupAsync());

        Assert.Equal("BACKUP_USE_PG_DUMP", refused.Reason());
        Assert.Contains("pg_dump", refused.VietnameseMessage());
    }
}
