using System.Data.Common;
using CuKhoi.Contests.Data;
using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;

namespace CuKhoi.Contests.Grpc;

/// <summary>
/// The contests service: validate, call the repositories, map with <see cref="ContestMapping"/>.
/// Contests, the export and the statistics are here; entries in ContestServiceImpl.Entries.cs,
/// forwarding and judging in .Judging.cs. Rules live in Domain/, SQL in Data/.
/// </summary>
public sealed partial class ContestServiceImpl(
    Db db,
    ContestRepository contests,
    EntryRepository entries,
    DvkModelLookup dvkModels,
    PageTokens pageTokens,
    TimeProvider time) : ContestService.ContestServiceBase
{
    public const string WriteScope = "contests:write";
    public const string ReportsScope = "reports:read";

    /// <summary>Rows read per query: memory stays flat however large the export.</summary>
    public const int ExportBatchSize = 100;

    /// <summary>The position after an exported row; signed into every message's resume_token.</summary>
    public sealed record ExportCursor(long UpdateTime, string Id);

    public override async Task<ListContestsResponse> ListContests(ListContestsRequest request, ServerCallContext context)
    {
        var validation = new Validation().KnownEnum("level", request.Level, "level", "Cấp");
        if (request.Year != 0)
        {
            validation.Range("year", request.Year, ContestRules.MinYear, ContestRules.MaxYear, "year", "Năm");
        }

        validation.ThrowIfInvalid();
        var pageSize = PageTokens.PageSize(request.PageSize);
        int? year = request.Year == 0 ? null : request.Year;
        var level = request.Level == Contest.Types.Level.Unspecified ? null : EnumNames.Of(request.Level);
        var fingerprint = $"contests|{year}|{level}";
        var after = pageTokens.Decode<ContestRepository.Cursor>(request.PageToken, fingerprint);

        var (rows, total) = await contests.ListAsync(year, level, after, pageSize + 1, context.CancellationToken);
        var response = new ListContestsResponse { TotalSize = total };
        response.Contests.AddRange(rows.Take(pageSize).Select(ContestMapping.ToProto));
        if (rows.Count > pageSize)
        {
            var last = rows[pageSize - 1];
            response.NextPageToken = pageTokens.Encode(new ContestRepository.Cursor(last.Year, last.LevelRank, last.Id), fingerprint);
        }

        return response;
    }

    public override async Task<Contest> GetContest(GetContestRequest request, ServerCallContext context)
    {
        new Validation().Required("id", request.Id, "id", "Mã cuộc thi").ThrowIfInvalid();
        return ContestMapping.ToProto(await contests.FindAsync(request.Id, context.CancellationToken) ?? throw ContestNotFound(request.Id));
    }

    public override Task<Contest> CreateContest(CreateContestRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        var contest = request.Contest ?? throw Problems.InvalidArgument("contest", "contest is required.", "Thông tin cuộc thi là bắt buộc.");
        var validation = new Validation();
        ContestRules.Validate(contest, validation);
        validation.ThrowIfInvalid();

        var now = Clock.Now(time);
        return db.WriteAsync(context, request.RequestId, request, Contest.Parser, async (connection, transaction) =>
        {
            if (contest.ParentContestId.Length > 0)
            {
                // A contest's year and level never change, so the parent needs no lock.
                var parent = await contests.FindAsync(connection, transaction, contest.ParentContestId, context.CancellationToken);
                var problem = ContestRules.ParentProblem(
                    contest.Year,
                    contest.Level,
                    contest.ParentContestId,
                    parent is null ? null : (parent.Year, EnumNames.Parse<Contest.Types.Level>(parent.Level)));
                if (problem is { } p)
                {
                    throw Problems.InvalidArgument("contest.parentContestId", p.En, p.Vi, ContestReasons.InvalidParentContest);
                }
            }

            var row = ContestMapping.ToNewRow(contest, NewId(), now);
            await contests.InsertAsync(connection, transaction, row, context.CancellationToken);
            return ContestMapping.ToProto(row);
        });
    }

    /// <summary>OPEN → JUDGING → CLOSED. Closing decides every undecided entry (NOT_AWARDED) in the same transaction.</summary>
    public override Task<Contest> TransitionContest(TransitionContestRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        new Validation()
            .Required("id", request.Id, "id", "Mã cuộc thi")
            .RequiredEnum("to", request.To, "to", "Trạng thái đích")
            .ThrowIfInvalid();

        var now = Clock.Now(time);
        return db.WriteAsync(context, request.RequestId, request, Contest.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var row = await contests.FindAsync(connection, transaction, request.Id, ct) ?? throw ContestNotFound(request.Id);
            Etags.Ensure(request.Etag, row.Version, "Contest", "Cuộc thi", row.Id);

            ContestLifecycle.Ensure(EnumNames.Parse<Contest.Types.Status>(row.Status), request.To);
            row.Status = EnumNames.Of(request.To);
            row.UpdateTime = now;
            // Waits for a write that holds the contest (ContestRepository.LockAsync) to commit,
            // so closing below decides the entry it added.
            if (!await contests.UpdateStatusAsync(connection, transaction, row, ct))
            {
                throw Etags.ConcurrentChange("Contest", "Cuộc thi", row.Id);
            }

            if (request.To == Contest.Types.Status.Closed)
            {
                await entries.CloseContestAsync(connection, transaction, row.Id, now, ct);
            }

            return ContestMapping.ToProto(row);
        });
    }

    /// <summary>
    /// Every entry, of one contest or of all ("-"), in (update_time, id) order, from
    /// `since` on; each message carries a token that resumes after it. An entry changed
    /// during the export moves to the end and is sent again in its new state. Needs
    /// reports:read (or contests:write); phones only for contests:write.
    /// </summary>
    public override async Task ExportEntries(ExportEntriesRequest request, IServerStreamWriter<ExportEntriesResponse> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        if (!caller.Has(ReportsScope) && !caller.Has(WriteScope))
        {
            throw Problems.PermissionDenied(
                $"Exports need the {ReportsScope} scope.",
                $"Xuất dữ liệu cần quyền {ReportsScope}.");
        }

        var ct = context.CancellationToken;
        // "-" (or nothing) means every contest.
        var contestId = request.ContestId is "" or "-" ? null : request.ContestId;
        if (contestId is not null)
        {
            _ = await contests.FindAsync(contestId, ct) ?? throw ContestNotFound(contestId);
        }

        var since = request.Since is null ? long.MinValue : Clock.ToMicros(request.Since);
        var fingerprint = $"export|{contestId ?? "-"}|{since}";
        var after = DecodeResumeToken(request.ResumeToken, fingerprint);
        // contests:write sees every entry with its authors' phones; reports:read what anyone
        // may read (FORWARDED and AWARDED entries, no phone numbers).
        var canWrite = caller.Has(WriteScope);
        var statuses = canWrite ? null : PublicStatuses.Select(EnumNames.Of).ToList();
        while (true)
        {
            var batch = await entries.ExportBatchAsync(contestId, since, after is null ? null : (after.UpdateTime, after.Id), ExportBatchSize, statuses, ct);
            var messages = batch.Select(row =>
            {
                after = new ExportCursor(row.UpdateTime, row.Id);
                return new ExportEntriesResponse { Entry = ContestMapping.ToProto(row, showPhones: canWrite), ResumeToken = pageTokens.Encode(after, fingerprint) };
            }).ToList();
            await responseStream.WriteBatchAsync(messages, ct);

            if (batch.Count < ExportBatchSize)
            {
                return;
            }
        }
    }

    /// <summary>Counted by SQL on every call; see <see cref="EntryRepository.ChainCountsAsync"/> for the definitions.</summary>
    public override async Task<ContestStatistics> GetContestStatistics(GetContestStatisticsRequest request, ServerCallContext context)
    {
        new Validation().Range("year", request.Year, ContestRules.MinYear, ContestRules.MaxYear, "year", "Năm").ThrowIfInvalid();
        var ct = context.CancellationToken;
        return ContestMapping.ToProto(
            request.Year,
            await entries.ChainCountsAsync(request.Year, ct),
            await entries.CountByLevelAndStatusAsync(request.Year, ct),
            await entries.CountByLevelAsync(request.Year, ct));
    }

    private ExportCursor? DecodeResumeToken(string token, string fingerprint)
    {
        try
        {
            return pageTokens.Decode<ExportCursor>(token, fingerprint);
        }
        catch (RpcException)
        {
            throw Problems.InvalidArgument(
                "resumeToken",
                "resumeToken is not valid for this export; start again without it.",
                "resumeToken không hợp lệ cho lần xuất dữ liệu này; hãy bắt đầu lại không dùng resumeToken.",
                Problems.Reasons.InvalidPageToken);
        }
    }

    /// <summary>A contest and one of its entries, as the write transaction sees them (404 for either, the contest first).</summary>
    private async Task<(ContestRow Contest, EntryRow Entry)> FindEntryAsync(DbConnection connection, DbTransaction transaction, string contestId, string id, CancellationToken ct)
    {
        var contest = await contests.FindAsync(connection, transaction, contestId, ct) ?? throw ContestNotFound(contestId);
        var row = await entries.FindAsync(connection, transaction, contestId, id, ct) ?? throw EntryNotFound(id);
        return (contest, row);
    }

    /// <summary>The entry as this write left it (the score is the mean SQL computed).</summary>
    private async Task<ContestEntry> ReloadAsync(DbConnection connection, DbTransaction transaction, EntryRow row, CancellationToken ct) =>
        ContestMapping.ToProto(await entries.FindAsync(connection, transaction, row.ContestId, row.Id, ct) ?? throw EntryNotFound(row.Id), showPhones: true);

    private static bool CanWrite(ServerCallContext context) => context.GetCaller().Has(WriteScope);

    /// <summary>The one guard of the write RPCs.</summary>
    private static void RequireWriter(ServerCallContext context) =>
        context.GetCaller().Demand(WriteScope, $"This needs the {WriteScope} scope.", $"Thao tác này cần quyền {WriteScope}.");

    private string NewId() => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");

    private static RpcException ContestNotFound(string id) => Problems.NotFound("Contest", "cuộc thi", id);

    private static RpcException EntryNotFound(string id) => Problems.NotFound("Entry", "bài dự thi", id);

    private static ConcurrentChangeException EntryChanged(string id) => Etags.ConcurrentChange("Entry", "Bài dự thi", id);
}
