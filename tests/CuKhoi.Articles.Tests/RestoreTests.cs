using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Operations.V1;
using CuKhoi.Testing;
using Grpc.Core;

namespace CuKhoi.Articles.Tests;

/// <summary>
/// The restore procedure of docs/BACKUP.md, done as an operator does it, on real hosts: back
/// up while the service runs, keep writing, stop the service, put the backup in place of the
/// database file (and delete its -wal and -shm), start a new host on the same file. The
/// service comes back with the data of the backup and only that, and keeps working.
/// </summary>
public sealed class RestoreTests
{
    [Fact]
    public async Task A_service_restored_from_its_backup_has_the_backed_up_data_and_nothing_written_after()
    {
        await using var database = TestDatabase.Sqlite();
        var file = Backups.DatabaseFile(database);
        var tag = Data.NewTag();
        Article before, after;
        BackupDatabaseResponse backup;
        Dictionary<string, int> liveVersions;
        await using (var first = ArticleHost.Start(database))
        {
            before = await first.Admin.CreatePublishedAsync(tag, "Trước khi sao lưu");
            await first.Anonymous.RecordViewAsync(new RecordViewRequest { Id = before.Id });
            await first.FlushViewsAsync();

            backup = await first.Invoker().BackupAsync();

            after = await first.Admin.CreateAsync(tag, "Sau khi sao lưu");
            await first.Admin.UpdateArticleAsync(new UpdateArticleRequest { Article = new Article { Id = before.Id, Summary = "Sửa sau khi sao lưu" }, UpdateMask = new() { Paths = { "summary" } } });
            liveVersions = await Backups.SchemaVersionsAsync(file);
        }

        var copy = Path.Combine(Backups.DefaultFolder(database), backup.FileName);
        Assert.True(File.Exists(copy), $"{copy} is not there");
        Assert.Equal(new FileInfo(copy).Length, backup.SizeBytes);
        Assert.Equal(liveVersions, backup.SchemaVersions.ToDictionary(v => v.Key, v => v.Value));

        Backups.RestoreInPlace(database, copy);

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
        Assert.Equal(liveVersions, await Backups.SchemaVersionsAsync(file));
        Assert.Equal("ok", await Backups.IntegrityAsync(file));
        var later = await restored.Admin.CreateAsync(tag, "Sau khi khôi phục");
        Assert.Equal(2, (await restored.Admin.ListAllAsync(new ListArticlesRequest { Tag = tag, PageSize = 100 })).Count);
        Assert.NotEqual(after.Id, later.Id);
    }

    [Fact]
    public async Task A_backup_taken_under_concurrent_writes_is_one_consistent_moment()
    {
        await using var host = await ArticleHost.StartAsync("sqlite");
        var tag = Data.NewTag();

        await Backups.AssertConsistentUnderWritesAsync(
            host.Invoker(),
            Backups.DefaultFolder(host.Database),
            "articles",
            async () => (await host.Admin.CreateAsync(tag)).Id);
    }
}
