using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Operations.V1;
using CuKhoi.Testing;
using Grpc.Core;
using static CuKhoi.Protos.Contests.V1.Contest.Types;

namespace CuKhoi.Contests.Tests;

/// <summary>
/// The backup of ServiceDefaults as the contests host serves it (the same code and checks as
/// the articles and DVK hosts'): consistent under writes, and the restore procedure of
/// docs/BACKUP.md bringing the service back with the backed-up entries and nothing later.
/// Entries here are about people, not DVK models, so no DVK host is needed.
/// </summary>
public sealed class BackupAndRestoreTests
{
    [Fact]
    public async Task A_backup_taken_under_concurrent_submissions_is_one_consistent_moment()
    {
        await using var host = await ContestsHost.StartAsync();
        var contest = await host.Organiser.CreateAsync(Samples.Contest(Level.Ward));

        await Backups.AssertConsistentUnderWritesAsync(
            host.Invoker(),
            Backups.DefaultFolder(host.Database),
            "entries",
            async () => (await host.Organiser.SubmitAsync(contest.Id)).Id);
    }

    [Fact]
    public async Task A_service_restored_from_its_backup_has_the_backed_up_data_and_nothing_written_after()
    {
        await using var database = TestDatabase.Sqlite();
        Contest contest;
        ContestEntry before, after;
        BackupDatabaseResponse backup;
        await using (var first = ContestsHost.Start(database))
        {
            contest = await first.Organiser.CreateAsync(Samples.Contest(Level.Ward));
            before = await first.Organiser.SubmitAsync(contest.Id, Samples.Entry("Bài dự thi trước khi sao lưu"));

            backup = await first.Invoker().BackupAsync();

            after = await first.Organiser.SubmitAsync(contest.Id, Samples.Entry("Bài dự thi sau khi sao lưu"));
        }

        Assert.Equal("contests", backup.Service);
        Assert.StartsWith("contests-", backup.FileName);

        Backups.RestoreInPlace(database, Path.Combine(Backups.DefaultFolder(database), backup.FileName));

        await using var restored = ContestsHost.Start(database);
        Assert.Equal(before, await restored.Organiser.GetEntryAsync(new GetEntryRequest { ContestId = contest.Id, Id = before.Id }));
        await RpcAssert.ThrowsAsync(StatusCode.NotFound, async () => await restored.Organiser.GetEntryAsync(new GetEntryRequest { ContestId = contest.Id, Id = after.Id }));
        var listed = await restored.Organiser.ListEntriesAsync(new ListEntriesRequest { ContestId = contest.Id, PageSize = 100 });
        Assert.Equal([before.Id], listed.Entries.Select(e => e.Id));
        Assert.Equal("ok", await Backups.IntegrityAsync(Backups.DatabaseFile(database)));
    }
}
