using System.Collections.Concurrent;
using CuKhoi.Protos.Operations.V1;
using Dapper;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CuKhoi.Testing;

/// <summary>
/// The backup every host serves (the internal OperationsService of ServiceDefaults), taken and
/// read the way an operator would, shared by the service and gateway tests: the same calls, the
/// same checks of the copy, the same restore procedure (docs/BACKUP.md) for every service.
/// </summary>
public static class Backups
{
    /// <summary>Asks the host behind <paramref name="invoker"/> for a backup of its database.</summary>
    public static async Task<BackupDatabaseResponse> BackupAsync(this CallInvoker invoker) =>
        await new OperationsService.OperationsServiceClient(invoker).BackupDatabaseAsync(new BackupDatabaseRequest());

    /// <summary>The SQLite file of a test database.</summary>
    public static string DatabaseFile(TestDatabase database) => new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;

    /// <summary>Where a host on this database writes its backups without `Backup:Directory`: `backups/` beside the file.</summary>
    public static string DefaultFolder(TestDatabase database) => Path.Combine(Path.GetDirectoryName(DatabaseFile(database))!, "backups");

    /// <summary>The backups (not the lock file) in a folder, by name.</summary>
    public static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>A read-only, unpooled connection to a copy: nothing keeps the file open afterwards.</summary>
    public static SqliteConnection OpenCopy(string file) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);

    public static async Task<string?> IntegrityAsync(string file)
    {
        await using var connection = OpenCopy(file);
        return await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check");
    }

    /// <summary>The ids in one table of a copy.</summary>
    public static async Task<HashSet<string>> IdsAsync(string file, string table)
    {
        await using var connection = OpenCopy(file);
        return (await connection.QueryAsync<string>($"SELECT id FROM {table}")).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Component → highest migration applied (sample data left out), as the backup answers it.</summary>
    public static async Task<Dictionary<string, int>> SchemaVersionsAsync(string file)
    {
        await using var connection = OpenCopy(file);
        var rows = await connection.QueryAsync<(string Component, int Version)>(
            "SELECT component, MAX(version) FROM schema_version WHERE component <> 'sample' GROUP BY component");
        return rows.ToDictionary(r => r.Component, r => r.Version);
    }

    /// <summary>
    /// Takes three backups while a writer creates records one after another without pause (it
    /// has acknowledged some before the first backup is asked for, and goes on until the last
    /// is answered), then checks each copy as an operator would: `PRAGMA integrity_check` is
    /// ok; every record acknowledged before that backup was asked for is in it; nothing in it
    /// was never acknowledged; each copy holds all of the one before (one moment after another).
    /// </summary>
    /// <param name="write">Creates one record and answers its id (the ids of <paramref name="table"/>).</param>
    public static async Task AssertConsistentUnderWritesAsync(CallInvoker operations, string folder, string table, Func<Task<string>> write)
    {
        var acknowledged = new ConcurrentQueue<string>();
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                acknowledged.Enqueue(await write());
                if (acknowledged.Count >= 10)
                {
                    writing.TrySetResult();
                }
            }
        });
        await Task.WhenAny(writing.Task, writer).Unwrap().WaitAsync(TimeSpan.FromSeconds(30));

        var taken = new List<(BackupDatabaseResponse Backup, string[] Before)>();
        for (var i = 0; i < 3; i++)
        {
            var before = acknowledged.ToArray();
            taken.Add((await operations.BackupAsync(), before));
        }

        stop.Cancel();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        var written = acknowledged.ToHashSet(StringComparer.Ordinal);

        var previous = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (backup, before) in taken)
        {
            var file = Path.Combine(folder, backup.FileName);
            Assert.Equal("ok", await IntegrityAsync(file));
            Assert.Equal(new FileInfo(file).Length, backup.SizeBytes);
            var ids = await IdsAsync(file, table);
            Assert.Subset(ids, before.ToHashSet(StringComparer.Ordinal));
            Assert.Subset(written, ids);
            Assert.Subset(ids, previous);
            previous = ids;
        }

        Assert.Equal(3, taken.Select(t => t.Backup.FileName).Distinct().Count());
    }

    /// <summary>
    /// The restore procedure of docs/BACKUP.md, once the service is stopped: the backup replaces
    /// the database file, and the old file's -wal and -shm go (left there, SQLite would replay
    /// the old write-ahead log over the restored file).
    /// </summary>
    public static void RestoreInPlace(TestDatabase database, string backupFile)
    {
        // A stopped process holds no handles; in a test the pool of the disposed host still may.
        SqliteConnection.ClearAllPools();
        var file = DatabaseFile(database);
        File.Copy(backupFile, file, overwrite: true);
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");
    }
}
