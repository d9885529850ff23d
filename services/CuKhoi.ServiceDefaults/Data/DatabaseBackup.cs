using System.Globalization;
using System.Text.RegularExpressions;
using CuKhoi.Protos.Operations.V1;
using CuKhoi.ServiceDefaults.Errors;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CuKhoi.ServiceDefaults.Data;

/// <summary>
/// An online backup of the host's own SQLite database: `VACUUM INTO` a new file, a consistent
/// copy of one moment taken while writers go on (WAL: the copy is one read transaction). The
/// copy is written under a temporary name, checked (`PRAGMA integrity_check`), synced to disk
/// and only then given its final name, so a file named like a backup is a whole one. Where it
/// goes and what it is called are decided here, never by a caller. PostgreSQL databases are
/// backed up with pg_dump (docs/BACKUP.md); asked for one, this answers how. Settings:
/// `Backup:Directory` (default `backups/` beside the database file), `Backup:Timeout` (5 min)
/// and `Backup:Keep` (how many of the newest backups stay in the folder; 0, the default, keeps
/// every one: deleting backups is the operator's choice, not ours).
/// </summary>
public sealed class DatabaseBackup(string service, Db db, DatabaseOptions options, IConfiguration configuration, TimeProvider time, ILogger<DatabaseBackup> logger)
{
    public const string InProgress = "BACKUP_IN_PROGRESS";
    public const string UsePgDump = "BACKUP_USE_PG_DUMP";

    private readonly TimeSpan _timeout = Timeout(configuration);

    private readonly int _keep = Keep(configuration);

    /// <summary>The names this class gives (see <see cref="FreeName"/>): the only files retention may delete.</summary>
    private readonly Regex _ownName = new($"^{Regex.Escape(service)}-(?<time>[0-9]{{8}}T[0-9]{{6}}Z)(?:_(?<n>[0-9]+))?\\.db$", RegexOptions.CultureInvariant);

    public string Service => service;

    /// <summary>`Backup:Timeout` (5 min): how long a backup may take here, and how long the gateway waits for one.</summary>
    public static TimeSpan Timeout(IConfiguration configuration) =>
        configuration.GetValue("Backup:Timeout", TimeSpan.FromMinutes(5)) is var timeout && timeout >= TimeSpan.FromSeconds(1)
            ? timeout
            : throw new InvalidOperationException("Backup:Timeout must be at least 1 second.");

    /// <summary>Refuses bad `Backup:*` settings (called at start, so they stop the host then, not at the first backup).</summary>
    public static void Validate(IConfiguration configuration)
    {
        Timeout(configuration);
        Keep(configuration);
    }

    /// <summary>`Backup:Keep`: 0 keeps every backup, n the newest n; anything else is refused.</summary>
    public static int Keep(IConfiguration configuration) =>
        configuration.GetValue("Backup:Keep", 0) is var keep and >= 0
            ? keep
            : throw new InvalidOperationException("Backup:Keep must be 0 (keep every backup) or the number of newest backups to keep.");

    /// <summary>`Backup:Directory` (a relative one from the working directory), or `backups/` beside the database file.</summary>
    public string Directory => configuration["Backup:Directory"] is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(DatabaseFile))!, "backups");

    private string DatabaseFile => new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;

    /// <summary>
    /// Held (an exclusive lock on a file in the backup folder) while a backup of this database
    /// runs. A file lock, not an in-process one: replicas of a service share the database and
    /// the folder, and one backup at a time is the rule for the database, not for one process.
    /// </summary>
    public static string LockFile(string directory, string service) => Path.Combine(directory, $".{service}.backup.lock");

    public async Task<BackupDatabaseResponse> BackupAsync(CancellationToken ct)
    {
        if (!db.IsSqlite)
        {
            throw Problems.FailedPrecondition(
                UsePgDump,
                $"The {service} database is PostgreSQL: back it up with pg_dump on the database server (docs/BACKUP.md), not through the service.",
                $"Cơ sở dữ liệu của dịch vụ {service} là PostgreSQL: hãy sao lưu bằng pg_dump trên máy chủ cơ sở dữ liệu (docs/BACKUP.md), không qua dịch vụ.");
        }

        var directory = Directory;
        System.IO.Directory.CreateDirectory(directory);
        using var held = Lock(directory);
        var taken = time.GetUtcNow();
        var target = FreeName(directory, taken);
        var partial = target + ".partial";
        // Left by a backup that died half way: we hold the lock, so no one is writing it.
        File.Delete(partial);
        try
        {
            await using (var connection = await db.OpenAsync(ct))
            {
                await connection.ExecuteAsync(new CommandDefinition("VACUUM INTO @partial", new { partial }, commandTimeout: (int)_timeout.TotalSeconds, cancellationToken: ct));
            }

            var versions = await CheckAsync(partial, _timeout, ct);
            // VACUUM INTO follows `synchronous`, but only since SQLite 3.43: sync it ourselves
            // before the name says it is a backup.
            using (var file = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, target);
            var size = new FileInfo(target).Length;
            logger.LogInformation("Backed up the {Service} database to {File} ({Bytes} bytes)", service, target, size);
            // Only after the new copy is whole and named: a failed backup never costs an old one.
            Prune(directory);
            var response = new BackupDatabaseResponse
            {
                Service = service,
                FileName = Path.GetFileName(target),
                SizeBytes = size,
                CreateTime = Timestamp.FromDateTimeOffset(taken),
            };
            response.SchemaVersions.Add(versions);
            return response;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private FileStream Lock(string directory)
    {
        try
        {
            return new FileStream(LockFile(directory, service), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw Problems.Create(
                StatusCode.Aborted,
                InProgress,
                "A backup of this database is already running; try again when it has finished.",
                "Một bản sao lưu cơ sở dữ liệu này đang được tạo; vui lòng thử lại khi nó hoàn tất.");
        }
    }

    /// <summary>
    /// `articles-20261201T145031Z.db`; a second one in the same second `articles-20261201T145031Z_2.db`
    /// (`_` sorts after `.`, so a listing by name stays in time order).
    /// </summary>
    private string FreeName(string directory, DateTimeOffset taken)
    {
        var stem = $"{service}-{taken.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        var name = Path.Combine(directory, stem + ".db");
        for (var n = 2; File.Exists(name); n++)
        {
            name = Path.Combine(directory, $"{stem}_{n.ToString(CultureInfo.InvariantCulture)}.db");
        }

        return name;
    }

    /// <summary>With `Backup:Keep` = n, deletes this service's backups older than the newest n (still under the lock).</summary>
    private void Prune(string directory)
    {
        if (_keep == 0)
        {
            return;
        }

        var old = System.IO.Directory.GetFiles(directory)
            .Select(file => (File: file, Name: _ownName.Match(Path.GetFileName(file))))
            .Where(f => f.Name.Success)
            // Time, then the same-second number (`_10` after `_2`, which names alone would not give).
            .OrderByDescending(f => f.Name.Groups["time"].Value, StringComparer.Ordinal)
            .ThenByDescending(f => f.Name.Groups["n"].Success ? int.Parse(f.Name.Groups["n"].Value, CultureInfo.InvariantCulture) : 1)
            .Skip(_keep)
            .Select(f => f.File);
        foreach (var file in old)
        {
            File.Delete(file);
            logger.LogInformation("Deleted the old {Service} backup {File} (Backup:Keep is {Keep})", service, file, _keep);
        }
    }

    /// <summary>The copy opens, is intact, and says which migrations it holds.</summary>
    private static async Task<Dictionary<string, int>> CheckAsync(string file, TimeSpan timeout, CancellationToken ct)
    {
        // Not pooled: the file is renamed next, and nothing may keep it open.
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await copy.OpenAsync(ct);
        var integrity = await copy.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA integrity_check", commandTimeout: (int)timeout.TotalSeconds, cancellationToken: ct));
        if (integrity != "ok")
        {
            throw new InvalidOperationException($"The backup copy failed its integrity check: {integrity}");
        }

        var versions = await copy.QueryAsync<(string Component, int Version)>(new CommandDefinition(
            """
            SELECT component, MAX(version) FROM schema_version
            WHERE component <> 'sample'
            GROUP BY component
            ORDER BY component
            """,
            cancellationToken: ct));
        return versions.ToDictionary(v => v.Component, v => v.Version, StringComparer.Ordinal);
    }
}
