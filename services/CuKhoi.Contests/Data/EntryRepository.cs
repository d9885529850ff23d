using System.Data.Common;
using CuKhoi.Contests.Domain;
using CuKhoi.ServiceDefaults.Data;
using Dapper;

namespace CuKhoi.Contests.Data;

/// <summary>
/// The SQL of entries: reads by id and writes here; lists, exports and statistics in
/// EntryRepository.Queries.cs. Writes run on the connection and transaction of
/// <c>Db.WriteAsync</c> and check the version of the row they read: a concurrent change
/// makes them affect no row.
/// </summary>
public sealed partial class EntryRepository(Db db)
{
    // The unique indexes are the rules (two concurrent submits cannot both pass); a write
    // that breaks one gets the rule's refusal, not a 500.
    private const string TitleAuthorIndex = "entries_unique_title_author";
    private const string TitleAuthorColumn = "entries.title_folded";
    private const string OriginIndex = "entries_unique_origin";
    private const string OriginColumn = "entries.origin_entry_id";

    private const string Columns = """
        e.id AS Id, e.contest_id AS ContestId, e.title AS Title, e.genre AS Genre, e.body AS Body,
        e.word_count AS WordCount, e.authors AS Authors, e.subject_kind AS SubjectKind,
        e.subject_name AS SubjectName, e.subject_dvk_model_id AS SubjectDvkModelId, e.status AS Status,
        e.score AS Score, e.prize AS Prize, e.forwarded_to_contest_id AS ForwardedToContestId,
        e.forwarded_entry_id AS ForwardedEntryId, e.origin_contest_id AS OriginContestId,
        e.origin_entry_id AS OriginEntryId, e.version AS Version, e.submit_time AS SubmitTime,
        e.update_time AS UpdateTime, e.primary_author_sort_key AS PrimaryAuthorSortKey
        """;

    public Task<EntryRow?> FindAsync(string contestId, string id, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<EntryRow>(
            $"SELECT {Columns} FROM entries e WHERE e.id = @id AND e.contest_id = @contestId",
            new { id, contestId },
            ct);

    /// <summary>The entry as the write transaction sees it.</summary>
    public Task<EntryRow?> FindAsync(DbConnection connection, DbTransaction transaction, string contestId, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<EntryRow>(new CommandDefinition(
            $"SELECT {Columns} FROM entries e WHERE e.id = @id AND e.contest_id = @contestId",
            new { id, contestId },
            transaction,
            cancellationToken: ct));

    /// <summary>Inserts an entry; the unique indexes refuse a second entry with the same title and primary author, and a second copy of one origin.</summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, EntryRow row, CancellationToken ct)
    {
        const string sql = """
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
            """;
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, row, transaction, cancellationToken: ct));
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e, TitleAuthorIndex, TitleAuthorColumn))
        {
            throw EntryRules.DuplicateEntry(row.Title);
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e, OriginIndex, OriginColumn))
        {
            throw EntryRules.AlreadyForwarded(row.OriginEntryId ?? string.Empty);
        }
    }

    /// <summary>Replaces what the entry says and its derived columns; false when the row changed since it was read.</summary>
    public async Task<bool> UpdateContentAsync(DbConnection connection, DbTransaction transaction, EntryRow row, CancellationToken ct)
    {
        const string sql = """
            UPDATE entries
            SET title = @Title, genre = @Genre, body = @Body, word_count = @WordCount, authors = @Authors,
                subject_kind = @SubjectKind, subject_name = @SubjectName, subject_dvk_model_id = @SubjectDvkModelId,
                title_folded = @TitleFolded, primary_author_folded = @PrimaryAuthorFolded,
                primary_author_sort_key = @PrimaryAuthorSortKey, search_folded = @SearchFolded,
                version = version + 1, update_time = @UpdateTime
            WHERE id = @Id AND version = @Version
            """;
        try
        {
            return Bumped(row, await connection.ExecuteAsync(new CommandDefinition(sql, row, transaction, cancellationToken: ct)));
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e, TitleAuthorIndex, TitleAuthorColumn))
        {
            throw EntryRules.DuplicateEntry(row.Title);
        }
    }

    /// <summary>
    /// Moves the status, with the prize or forward links that come with it; false when the
    /// row changed since it was read.
    /// </summary>
    public async Task<bool> UpdateStatusAsync(DbConnection connection, DbTransaction transaction, EntryRow row, CancellationToken ct) =>
        Bumped(row, await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE entries
            SET status = @Status, prize = @Prize, forwarded_to_contest_id = @ForwardedToContestId,
                forwarded_entry_id = @ForwardedEntryId, version = version + 1, update_time = @UpdateTime
            WHERE id = @Id AND version = @Version
            """,
            new { row.Id, row.Status, row.Prize, row.ForwardedToContestId, row.ForwardedEntryId, row.UpdateTime, row.Version },
            transaction,
            cancellationToken: ct)));

    /// <summary>
    /// Records (or replaces) one judge's score, at the row's update time; the entry's score
    /// becomes the mean. False when the row changed since it was read.
    /// </summary>
    public async Task<bool> ScoreAsync(DbConnection connection, DbTransaction transaction, EntryRow row, string judge, double score, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO entry_scores (entry_id, judge_key, judge, score, update_time)
            VALUES (@Id, @judgeKey, @judge, @score, @UpdateTime)
            ON CONFLICT (entry_id, judge_key) DO UPDATE SET judge = excluded.judge, score = excluded.score, update_time = excluded.update_time
            """,
            new { row.Id, judgeKey = EntryContent.Key(judge), judge, score, row.UpdateTime },
            transaction,
            cancellationToken: ct));
        return Bumped(row, await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE entries
            SET score = (SELECT AVG(s.score) FROM entry_scores s WHERE s.entry_id = @Id),
                version = version + 1, update_time = @UpdateTime
            WHERE id = @Id AND version = @Version
            """,
            new { row.Id, row.UpdateTime, row.Version },
            transaction,
            cancellationToken: ct)));
    }

    /// <summary>
    /// Closing a contest: every entry still undecided (SUBMITTED, VALID, SHORTLISTED)
    /// becomes NOT_AWARDED. AWARDED, FORWARDED, INVALID and NOT_AWARDED stay as they are.
    /// One statement over the rows as they are now, so a concurrent write to one of them
    /// either lands first (and is re-checked here) or finds its version moved.
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

    /// <summary>Sets the forward links of an entry already FORWARDED (sample data, written in chain order).</summary>
    public Task LinkForwardAsync(DbConnection connection, DbTransaction transaction, string id, string toContestId, string toEntryId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE entries SET forwarded_to_contest_id = @toContestId, forwarded_entry_id = @toEntryId WHERE id = @id",
            new { id, toContestId, toEntryId },
            transaction,
            cancellationToken: ct));

    /// <summary>The in-memory row follows a write that went through.</summary>
    private static bool Bumped(EntryRow row, int updated)
    {
        row.Version += updated;
        return updated == 1;
    }
}
