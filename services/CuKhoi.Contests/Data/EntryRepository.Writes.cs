using System.Data.Common;
using CuKhoi.Contests.Domain;
using CuKhoi.ServiceDefaults.Errors;
using Dapper;
using Grpc.Core;

namespace CuKhoi.Contests.Data;

/// <summary>Writes of entries; each runs inside the caller's transaction.</summary>
public sealed partial class EntryRepository
{
    private const string TitleAuthorIndex = "entries_unique_title_author";
    private const string OriginIndex = "entries_unique_origin";

    /// <summary>Inserts an entry; the unique index refuses a second entry with the same title and primary author.</summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, EntryRow row, CancellationToken ct)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO entries (id, contest_id, title, genre, body, word_count, authors,
                                     subject_kind, subject_name, subject_dvk_model_id, status, score, prize,
                                     forwarded_to_contest_id, forwarded_entry_id, origin_contest_id, origin_entry_id,
                                     title_folded, primary_author_folded, primary_author_sort_key, search_folded,
                                     version, submit_time, update_time)
                VALUES (@Id, @ContestId, @Title, @Genre, @Body, @WordCount, @Authors,
                        @SubjectKind, @SubjectName, @SubjectDvkModelId, @Status, @Score, @Prize,
                        @ForwardedToContestId, @ForwardedEntryId, @OriginContestId, @OriginEntryId,
                        @TitleFolded, @PrimaryAuthorFolded, @PrimaryAuthorSortKey, @SearchFolded,
                        @Version, @SubmitTime, @UpdateTime)
                """,
                row,
                transaction,
                cancellationToken: ct));
        }
        catch (DbException e) when (EntryStore.IsUniqueViolation(e, TitleAuthorIndex, "entries.title_folded"))
        {
            throw EntryStore.Duplicate(row.Title);
        }
        catch (DbException e) when (EntryStore.IsUniqueViolation(e, OriginIndex, "entries.origin_entry_id"))
        {
            throw AlreadyForwarded(row.OriginEntryId ?? string.Empty);
        }
    }

    /// <summary>Replaces what the entry says (title, body, authors, subject) and its derived columns.</summary>
    public async Task UpdateContentAsync(DbConnection connection, DbTransaction transaction, EntryRow row, long now, CancellationToken ct)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE entries
                SET title = @Title, genre = @Genre, body = @Body, word_count = @WordCount, authors = @Authors,
                    subject_kind = @SubjectKind, subject_name = @SubjectName, subject_dvk_model_id = @SubjectDvkModelId,
                    title_folded = @TitleFolded, primary_author_folded = @PrimaryAuthorFolded,
                    primary_author_sort_key = @PrimaryAuthorSortKey, search_folded = @SearchFolded,
                    version = version + 1, update_time = @now
                WHERE id = @Id
                """,
                new
                {
                    row.Id, row.Title, row.Genre, row.Body, row.WordCount, row.Authors, row.SubjectKind, row.SubjectName,
                    row.SubjectDvkModelId, row.TitleFolded, row.PrimaryAuthorFolded, row.PrimaryAuthorSortKey, row.SearchFolded, now,
                },
                transaction,
                cancellationToken: ct));
        }
        catch (DbException e) when (EntryStore.IsUniqueViolation(e, TitleAuthorIndex, "entries.title_folded"))
        {
            throw EntryStore.Duplicate(row.Title);
        }
    }

    public Task SetStatusAsync(DbConnection connection, DbTransaction transaction, string id, string status, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE entries SET status = @status, version = version + 1, update_time = @now WHERE id = @id",
            new { id, status, now },
            transaction,
            cancellationToken: ct));

    /// <summary>
    /// The forward, inside one transaction: the linked copy is inserted in the parent
    /// contest (it must exist before the source can point at it), then the source is marked
    /// FORWARDED with both links. The unique index on origin_entry_id makes a second
    /// forward of the same entry fail even when two race.
    /// </summary>
    public async Task ForwardAsync(DbConnection connection, DbTransaction transaction, EntryRow source, EntryRow copy, CancellationToken ct)
    {
        await InsertAsync(connection, transaction, copy, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE entries
            SET status = 'FORWARDED', forwarded_to_contest_id = @contestId, forwarded_entry_id = @entryId,
                version = version + 1, update_time = @now
            WHERE id = @id
            """,
            new { id = source.Id, contestId = copy.ContestId, entryId = copy.Id, now = copy.SubmitTime },
            transaction,
            cancellationToken: ct));
    }

    /// <summary>Sets the forward links of an entry already FORWARDED (sample data, written in chain order).</summary>
    public Task LinkForwardAsync(DbConnection connection, DbTransaction transaction, string id, string toContestId, string toEntryId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE entries SET forwarded_to_contest_id = @toContestId, forwarded_entry_id = @toEntryId WHERE id = @id",
            new { id, toContestId, toEntryId },
            transaction,
            cancellationToken: ct));

    /// <summary>Records (or replaces) one judge's score; the entry's score becomes the mean.</summary>
    public async Task ScoreAsync(DbConnection connection, DbTransaction transaction, string id, string judge, double score, long now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO entry_scores (entry_id, judge_key, judge, score, update_time)
            VALUES (@id, @judgeKey, @judge, @score, @now)
            ON CONFLICT (entry_id, judge_key) DO UPDATE SET judge = excluded.judge, score = excluded.score, update_time = excluded.update_time
            """,
            new { id, judgeKey = EntryContent.Key(judge), judge, score, now },
            transaction,
            cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE entries
            SET score = (SELECT AVG(s.score) FROM entry_scores s WHERE s.entry_id = @id),
                version = version + 1, update_time = @now
            WHERE id = @id
            """,
            new { id, now },
            transaction,
            cancellationToken: ct));
    }

    public Task AwardAsync(DbConnection connection, DbTransaction transaction, string id, string prize, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE entries SET status = 'AWARDED', prize = @prize, version = version + 1, update_time = @now WHERE id = @id",
            new { id, prize, now },
            transaction,
            cancellationToken: ct));

    /// <summary>
    /// Closing a contest: every entry still undecided (SUBMITTED, VALID, SHORTLISTED)
    /// becomes NOT_AWARDED. AWARDED, FORWARDED, INVALID and NOT_AWARDED stay as they are.
    /// </summary>
    public Task<int> CloseContestAsync(DbConnection connection, DbTransaction transaction, string contestId, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE entries SET status = 'NOT_AWARDED', version = version + 1, update_time = @now
            WHERE contest_id = @contestId AND status IN ({string.Join(", ", EntryLifecycle.ClosingStatuses.Select(s => $"'{s}'"))})
            """,
            new { contestId, now },
            transaction,
            cancellationToken: ct));

    public static RpcException AlreadyForwarded(string id) =>
        Problems.FailedPrecondition(
            ContestReasons.AlreadyForwarded,
            $"Entry '{id}' has already been forwarded; an entry is forwarded once.",
            $"Bài dự thi '{id}' đã được gửi lên cấp trên; mỗi bài chỉ được gửi một lần.");
}
