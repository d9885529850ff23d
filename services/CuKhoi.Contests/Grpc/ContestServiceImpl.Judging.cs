using CuKhoi.Contests.Data;
using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;
using ContestStatus = CuKhoi.Protos.Contests.V1.Contest.Types.Status;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;

namespace CuKhoi.Contests.Grpc;

/// <summary>Forwarding up a level, scoring and awarding.</summary>
public sealed partial class ContestServiceImpl
{
    /// <summary>
    /// Creates the linked copy in the parent contest and marks the entry FORWARDED, in one
    /// transaction. The parent's closing date does not block a forward (the organiser
    /// forwards, not the author); a CLOSED parent does.
    /// </summary>
    public override Task<ContestEntry> ForwardEntry(ForwardEntryRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        new Validation()
            .Required("contestId", request.ContestId, "contestId", "Mã cuộc thi")
            .Required("id", request.Id, "id", "Mã bài dự thi")
            .Required("targetContestId", request.TargetContestId, "targetContestId", "Mã cuộc thi cấp trên")
            .ThrowIfInvalid();

        var ct = context.CancellationToken;
        return db.WriteAsync(context, request.RequestId, request, ContestEntry.Parser, async (connection, transaction) =>
        {
            // The target first, held to commit: the copy is a new entry there, like a submit.
            // An entry goes only to its parent, so two forwards of one entry queue here and the
            // second reads the first's FORWARDED below. (Without the queue it would meet the
            // first copy's title and author in the parent's unique index: DUPLICATE_ENTRY.)
            var target = await contests.LockAsync(connection, transaction, request.TargetContestId, ct);
            var (contest, row) = await FindEntryAsync(connection, transaction, request.ContestId, request.Id, ct);
            Etags.Ensure(request.Etag, row.Version, "Entry", "Bài dự thi", row.Id);

            if (row.Status == EnumNames.Of(EntryStatus.Forwarded))
            {
                throw EntryRules.AlreadyForwarded(row.Id);
            }

            if (contest.ParentContestId != request.TargetContestId)
            {
                throw Problems.FailedPrecondition(
                    ContestReasons.NotParentContest,
                    contest.ParentContestId is null
                        ? $"Contest '{contest.Id}' has no parent contest to forward to."
                        : $"Entries of contest '{contest.Id}' are forwarded only to its parent contest '{contest.ParentContestId}'.",
                    contest.ParentContestId is null
                        ? $"Cuộc thi '{contest.Id}' không có cuộc thi cấp trên để gửi bài."
                        : $"Bài của cuộc thi '{contest.Id}' chỉ được gửi lên cuộc thi cấp trên '{contest.ParentContestId}'.",
                    "targetContestId");
            }

            EntryLifecycle.Ensure(EnumNames.Parse<EntryStatus>(row.Status), EntryStatus.Forwarded, EntryLifecycle.Via.Forward);
            if (target is null)
            {
                throw ContestNotFound(request.TargetContestId);
            }

            if (target.Status == EnumNames.Of(ContestStatus.Closed))
            {
                throw Problems.FailedPrecondition(
                    ContestReasons.ContestClosed,
                    $"The parent contest '{target.Id}' is CLOSED and takes no more entries.",
                    $"Cuộc thi cấp trên '{target.Id}' đã kết thúc, không nhận thêm bài.",
                    "targetContestId");
            }

            // The copy must exist before the source can point at it. The unique index on its
            // origin refuses a second copy of one entry whatever happens above.
            var copy = ContestMapping.ToNewRow(NewId(), target.Id, row.Content(), Clock.Now(time));
            copy.OriginContestId = contest.Id;
            copy.OriginEntryId = row.Id;
            await entries.InsertAsync(connection, transaction, copy, ct);

            row.Status = EnumNames.Of(EntryStatus.Forwarded);
            row.ForwardedToContestId = copy.ContestId;
            row.ForwardedEntryId = copy.Id;
            row.UpdateTime = copy.SubmitTime;
            return await entries.UpdateStatusAsync(connection, transaction, row, ct)
                ? await ReloadAsync(connection, transaction, row, ct)
                : throw EntryChanged(row.Id);
        });
    }

    /// <summary>One score per judge (a second replaces the first); the entry's score is the mean.</summary>
    public override Task<ContestEntry> ScoreEntry(ScoreEntryRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        new Validation()
            .Required("contestId", request.ContestId, "contestId", "Mã cuộc thi")
            .Required("id", request.Id, "id", "Mã bài dự thi")
            .Required("judge", request.Judge, "judge", "Giám khảo")
            .MaxLength("judge", request.Judge, EntryRules.MaxJudge, "judge", "Giám khảo")
            .ThrowIfInvalid();
        EntryRules.EnsureScore(request.Score);

        var ct = context.CancellationToken;
        return db.WriteAsync(context, request.RequestId, request, ContestEntry.Parser, async (connection, transaction) =>
        {
            var (contest, row) = await FindEntryAsync(connection, transaction, request.ContestId, request.Id, ct);
            EnsureJudging(contest);
            if (row.Status != EnumNames.Of(EntryStatus.Valid) && row.Status != EnumNames.Of(EntryStatus.Shortlisted))
            {
                throw Problems.FailedPrecondition(
                    ContestReasons.EntryNotJudgeable,
                    $"The entry is {row.Status}; only VALID or SHORTLISTED entries are scored.",
                    $"Bài dự thi đang ở trạng thái {row.Status}; chỉ chấm điểm bài ở trạng thái VALID hoặc SHORTLISTED.");
            }

            // Closing the contest meanwhile moves the entry (NOT_AWARDED) and so its version.
            row.UpdateTime = Clock.Now(time);
            return await entries.ScoreAsync(connection, transaction, row, request.Judge.Trim(), request.Score, ct)
                ? await ReloadAsync(connection, transaction, row, ct)
                : throw EntryChanged(row.Id);
        });
    }

    /// <summary>SHORTLISTED → AWARDED with a prize, while the contest is JUDGING.</summary>
    public override Task<ContestEntry> AwardEntry(AwardEntryRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        new Validation()
            .Required("contestId", request.ContestId, "contestId", "Mã cuộc thi")
            .Required("id", request.Id, "id", "Mã bài dự thi")
            .RequiredEnum("prize", request.Prize, "prize", "Giải")
            .ThrowIfInvalid();

        var ct = context.CancellationToken;
        return db.WriteAsync(context, request.RequestId, request, ContestEntry.Parser, async (connection, transaction) =>
        {
            var (contest, row) = await FindEntryAsync(connection, transaction, request.ContestId, request.Id, ct);
            Etags.Ensure(request.Etag, row.Version, "Entry", "Bài dự thi", row.Id);

            EnsureJudging(contest);
            EntryLifecycle.Ensure(EnumNames.Parse<EntryStatus>(row.Status), EntryStatus.Awarded, EntryLifecycle.Via.Award);
            row.Status = EnumNames.Of(EntryStatus.Awarded);
            row.Prize = EnumNames.Of(request.Prize);
            row.UpdateTime = Clock.Now(time);
            return await entries.UpdateStatusAsync(connection, transaction, row, ct)
                ? await ReloadAsync(connection, transaction, row, ct)
                : throw EntryChanged(row.Id);
        });
    }

    private static void EnsureJudging(ContestRow contest)
    {
        if (contest.Status != EnumNames.Of(ContestStatus.Judging))
        {
            throw Problems.FailedPrecondition(
                ContestReasons.ContestNotJudging,
                $"The contest is {contest.Status}; scores and prizes are given only while it is JUDGING.",
                $"Cuộc thi đang ở trạng thái {contest.Status}; chỉ chấm điểm và trao giải khi cuộc thi ở trạng thái JUDGING.");
        }
    }
}
