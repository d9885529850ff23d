using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Operations.V1;
using CuKhoi.Testing;
using Dapper;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace CuKhoi.Articles.Tests;

/// <summary>
/// The restore procedure of the README, done as an operator does it, on real hosts: back up
/// while the service runs, keep writing, stop the service, put the backup in place of the
/// database file (and delete its -wal and -shm), start a new host on the same file. The
/// service comes back with the data of the backup and only that, and keeps working.
/// </summary>
public sealed class RestoreTests
{
    [Fact]
    public async Task A_service_restored_from_its_backup_has_the_backed_up_data_and_nothing_written_after()
    {
        await using var database = TestDatabase.Sqlite();
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        var tag = Data.NewTag();
        Article before, after;
        BackupDatabaseResponse backup;
        Dictionary<string, int> liveVersions;
        await using (var first = ArticleHost.Start(database))
        {
            before = await first.Admin.CreatePublishedAsync(tag, "Trước khi sao lưu");
            await first.Anonymous.RecordViewAsync(new RecordViewRequest { Id = before.Id });
            await first.FlushViewsAsync();

            backup = await new OperationsService.OperationsServiceClient(first.Invoker()).BackupDatabaseAsync(new BackupDatabaseRequest());

            after = await first.Admin.CreateAsync(tag, "Sau khi sao lưu");
            await first.Admin.UpdateArticleAsync(new UpdateArticleRequest { Article = new Article { Id = before.Id, Summary = "Sửa sau khi sao lưu" }, UpdateMask = new() { Paths = { "summary" } } });
            liveVersions = await SchemaVersionsAsync(file);
        }

        var copy = Path.Combine(Path.GetDirectoryName(file)!, "backups", backup.FileName);
        Assert.True(File.Exists(copy), $"{copy} is not there");
        Assert.Equal(new FileInfo(copy).Length, backup.SizeBytes);
        Assert.Equal(liveVersions, backup.SchemaVersions.ToDictionary(v => v.Key, v => v.Value));

        // The procedure: the service is stopped (its process gone: here, its pooled handles too),
        // the backup replaces the file, the -wal and -shm of the old file go with it.
        SqliteConnection.ClearAllPools();
        File.Copy(copy, file, overwrite: true);
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");

        await using var restored = ArticleHost.Start(database);
        var back = await restored.Admin.GetArticleAsync(new GetArticleRequest { Id = before.Id });
        Assert.Equal("Trước khi sao lưu", back.Title);
        Assert.Equal(before.Summary, back.Summary);
        Assert.Equal(1, back.ViewCount);
        Assert.Equal(before.Etag, back.Etag);
        await RpcAssert.ThrowsAsync(StatusCode.NotFound, async () => await restored.Admin.GetArticleAsync(new GetArticleRequest { Id = after.Id }));
        var listed = await restored.Admin.ListAllAsync(new ListArticlesRequest { Tag = tag, PageSize = 100 });
        Assert.Equal([before.Id], listed.Select(a => a.Id));

        // Migrations ran again at start and found nothing to do; the file is sound and writable.
        Assert.Equal(liveVersions, await SchemaVersionsAsync(file));
        Assert.Equal("ok", await IntegrityAsync(file));
        var later = await restored.Admin.CreateAsync(tag, "Sau khi khôi phục");
        Assert.Equal(2, (await restored.Admin.ListAllAsync(new ListArticlesRequest { Tag = tag, PageSize = 100 })).Count);
        Assert.NotEqual(after.Id, later.Id);
    }

    [Fact]
    public async Task A_backup_taken_under_concurrent_writes_is_one_consistent_moment()
    {
        await using var host = await ArticleHost.StartAsync("sqlite");
        var tag = Data.NewTag();
        var operations = new OperationsService.OperationsServiceClient(host.Invoker());
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var written = 0;
            while (!stop.IsCancellationRequested)
            {
                await host.Admin.CreateAsync(tag);
                written++;
            }

            return written;
        });

        var backups = new List<BackupDatabaseResponse>();
        for (var i = 0; i < 3; i++)
        {
            backups.Add(await operations.BackupDatabaseAsync(new BackupDatabaseRequest()));
        }

        stop.Cancel();
        var total = await writer.WaitAsync(TimeSpan.FromSeconds(30));

        var folder = Path.Combine(Path.GetDirectoryName(new SqliteConnectionStringBuilder(host.Database.ConnectionString).DataSource)!, "backups");
        var counts = new List<long>();
        foreach (var backup in backups)
        {
            var file = Path.Combine(folder, backup.FileName);
            Assert.Equal("ok", await IntegrityAsync(file));
            await using var copy = Open(file);
            counts.Add(await copy.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM articles"));
        }

        // Each copy is a later moment than the one before, and none is ahead of the writer.
        Assert.Equal(counts.Order(), counts);
        Assert.True(counts[^1] <= total, $"the last copy has {counts[^1]} articles, {total} were written");
        Assert.Equal(3, backups.Select(b => b.FileName).Distinct().Count());
    }

    private static SqliteConnection Open(string file) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);

    private static async Task<string?> IntegrityAsync(string file)
    {
        await using var connection = Open(file);
        return await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check");
    }

    private static async Task<Dictionary<string, int>> SchemaVersionsAsync(string file)
    {
        await using var connection = Open(file);
        var rows = await connection.QueryAsync<(string Component, int Version)>(
            "SELECT component, MAX(version) FROM schema_version WHERE component <> 'sample' GROUP BY component");
        return rows.ToDictionary(r => r.Component, r => r.Version);
    }
}
