using CuKhoi.Protos.Operations.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CuKhoi.Articles.Tests;

/// <summary>
/// The internal OperationsService every host serves (here the articles host's): who may back
/// up a database, where the copy goes and what it is called, one backup at a time, and the
/// answer on PostgreSQL. The restore itself is in <see cref="RestoreTests"/>.
/// </summary>
public sealed class BackupTests
{
    [Fact]
    public async Task Only_an_admin_caller_with_the_internal_token_may_back_up()
    {
        await using var host = await ArticleHost.StartAsync("sqlite");

        foreach (var (caller, invoker) in new[]
        {
            ("sibling service", host.Invoker(principal: null)),
            ("articles:write", host.Invoker("editor-key", "articles:write")),
            ("reports:read", host.Invoker("report-key", "reports:read")),
            ("anonymous", host.Invoker("anonymous", string.Empty)),
        })
        {
            var refused = await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, async () => await Backup(invoker));
            Assert.False(string.IsNullOrEmpty(refused.VietnameseMessage()), caller);
        }

        await RpcAssert.ThrowsAsync(StatusCode.Unauthenticated, async () => await Backup(host.Invoker(token: null)));
        await RpcAssert.ThrowsAsync(StatusCode.Unauthenticated, async () => await Backup(host.Invoker(token: "not-the-internal-token-0123456789abcdef")));
        Assert.False(Directory.Exists(BackupFolder(host)), "a refused backup wrote something");
    }

    [Fact]
    public async Task The_copy_goes_to_the_server_chosen_folder_named_after_the_service_and_the_utc_time()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 14, 50, 31, 250, TimeSpan.Zero));
        await using var host = await ArticleHost.StartAsync("sqlite", time: time);

        var first = await Backup(host.Invoker());
        var second = await Backup(host.Invoker());

        Assert.Equal("articles", first.Service);
        Assert.Equal("articles-20261201T145031Z.db", first.FileName);
        Assert.Equal("articles-20261201T145031Z_2.db", second.FileName);
        Assert.Equal(time.GetUtcNow(), first.CreateTime.ToDateTimeOffset());
        Assert.Contains("articles", first.SchemaVersions.Keys);
        Assert.Contains("defaults", first.SchemaVersions.Keys);
        Assert.Equal([first.FileName, second.FileName], Backups.FilesIn(BackupFolder(host)));
    }

    [Fact]
    public async Task Backup_Directory_moves_the_folder()
    {
        await using var database = TestDatabase.Sqlite();
        var folder = Path.Combine(Path.GetDirectoryName(Backups.DatabaseFile(database))!, "elsewhere", "copies");
        await using var host = ArticleHost.Start(database, new Dictionary<string, string?> { ["Backup:Directory"] = folder });

        var backup = await Backup(host.Invoker());

        Assert.True(File.Exists(Path.Combine(folder, backup.FileName)));
        Assert.False(Directory.Exists(BackupFolder(host)));
    }

    [Fact]
    public void The_request_has_nothing_a_caller_could_name_a_path_with()
    {
        // The folder is configuration and the name is the server's; a field here would be the first step to a caller-chosen path.
        Assert.Empty(BackupDatabaseRequest.Descriptor.Fields.InDeclarationOrder());
    }

    [Fact]
    public async Task Backup_Keep_leaves_the_newest_backups_and_nothing_else_is_touched()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        await using var host = await ArticleHost.StartAsync("sqlite", new Dictionary<string, string?> { ["Backup:Keep"] = "2" }, time);
        var folder = BackupFolder(host);
        Directory.CreateDirectory(folder);
        // An operator's own files in the folder, one of them named almost like a backup.
        File.WriteAllText(Path.Combine(folder, "articles-before-upgrade.db"), "kept");
        File.WriteAllText(Path.Combine(folder, "dvk-models-20200101T000000Z.db"), "another service's");

        var names = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            names.Add((await Backup(host.Invoker())).FileName);
            time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(
            ["articles-20261201T100000Z.db", "articles-20261201T110000Z.db", "articles-before-upgrade.db", "dvk-models-20200101T000000Z.db"],
            Backups.FilesIn(folder));
        Assert.Equal(names[2..], ["articles-20261201T100000Z.db", "articles-20261201T110000Z.db"]);
    }

    [Theory]
    [InlineData("Backup:Keep", "-1")]
    [InlineData("Backup:Timeout", "00:00:00")]
    public async Task A_bad_backup_setting_stops_the_host_at_start(string key, string value)
    {
        await using var database = TestDatabase.Sqlite();

        var e = Assert.ThrowsAny<Exception>(() => ArticleHost.Start(database, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, e.ToString());
    }

    [Fact]
    public async Task A_second_backup_while_one_runs_is_refused_and_leaves_nothing()
    {
        await using var host = await ArticleHost.StartAsync("sqlite");
        var backup = host.Services.GetRequiredService<DatabaseBackup>();
        Directory.CreateDirectory(backup.Directory);

        // What a running backup holds, here or in another replica on the same folder.
        await using (var held = new FileStream(DatabaseBackup.LockFile(backup.Directory, "articles"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var refused = await RpcAssert.ThrowsAsync(StatusCode.Aborted, async () => await Backup(host.Invoker()));
            Assert.Equal(DatabaseBackup.InProgress, refused.Reason());
            Assert.Empty(Directory.GetFiles(backup.Directory, "*.db*"));
        }

        // Released: the next one runs.
        Assert.True((await Backup(host.Invoker())).SizeBytes > 0);
    }

    [SkippableFact]
    public async Task On_PostgreSQL_the_answer_points_at_pg_dump()
    {
        await using var host = await ArticleHost.StartAsync("postgres");

        var refused = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, async () => await Backup(host.Invoker()));

        Assert.Equal(DatabaseBackup.UsePgDump, refused.Reason());
        Assert.Contains("pg_dump", refused.Status.Detail);
        Assert.Contains("pg_dump", refused.VietnameseMessage());
    }

    private static Task<BackupDatabaseResponse> Backup(CallInvoker invoker) => invoker.BackupAsync();

    private static string BackupFolder(ArticleHost host) => Backups.DefaultFolder(host.Database);
}
