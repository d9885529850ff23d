using CuKhoi.Contests.Data;
using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;
using static CuKhoi.Contests.Grpc.ContestMapping;

namespace CuKhoi.Contests.Grpc;

/// <summary>
/// The contests service: validate, call the repositories, map. Contests are here; entries
/// in ContestServiceImpl.Entries.cs, judging and forwarding in .Judging.cs, the export
/// and statistics in .Reports.cs. Rules live in Domain/, SQL in Data/.
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
        response.Contests.AddRange(rows.Take(pageSize).Select(ToProto));
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
        return ToProto(await contests.GetAsync(request.Id, context.CancellationToken) ?? throw ContestNotFound(request.Id));
    }

    public override Task<Contest> CreateContest(CreateContestRequest request, ServerCallContext context)
    {
        RequireWrite(context);
        var contest = request.Contest ?? throw Problems.InvalidArgument("contest", "contest is required.", "Thông tin cuộc thi là bắt buộc.");
        var validation = new Validation();
        ContestRules.Validate(contest, validation);
        validation.ThrowIfInvalid();

        var now = EntryStore.Now(time);
        return db.WriteAsync(context, request.RequestId, request, Contest.Parser, async (connection, transaction) =>
        {
            if (contest.ParentContestId.Length > 0)
            {
                var parent = await contests.GetAsync(connection, transaction, contest.ParentContestId, context.CancellationToken);
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

            var row = new ContestRow
            {
                Id = NewId(),
                Name = contest.Name.Trim(),
                Year = contest.Year,
                Level = EnumNames.Of(contest.Level),
                LevelRank = (int)contest.Level,
                ParentContestId = contest.ParentContestId.Length > 0 ? contest.ParentContestId : null,
                Organiser = contest.Organiser.Trim(),
                OpensOn = ContestRules.ToStored(ContestRules.ToDate(contest.OpensOn)!.Value),
                ClosesOn = ContestRules.ToStored(ContestRules.ToDate(contest.ClosesOn)!.Value),
                MaxWords = contest.MaxWords,
                Status = EnumNames.Of(Contest.Types.Status.Open),
                Version = 1,
                CreateTime = now,
                UpdateTime = now,
            };
            await contests.InsertAsync(connection, transaction, row, context.CancellationToken);
            return ToProto(row);
        });
    }

    /// <summary>OPEN → JUDGING → CLOSED. Closing decides every undecided entry (NOT_AWARDED) in the same transaction.</summary>
    public override Task<Contest> TransitionContest(TransitionContestRequest request, ServerCallContext context)
    {
        RequireWrite(context);
        new Validation()
            .Required("id", request.Id, "id", "Mã cuộc thi")
            .RequiredEnum("to", request.To, "to", "Trạng thái đích")
            .ThrowIfInvalid();

        var now = EntryStore.Now(time);
        return db.WriteAsync(context, request.RequestId, request, Contest.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var row = await contests.GetAsync(connection, transaction, request.Id, ct) ?? throw ContestNotFound(request.Id);
            Etags.Ensure(request.Etag, row.Version, "Contest", "Cuộc thi", row.Id);

            ContestLifecycle.Ensure(EnumNames.Parse<Contest.Types.Status>(row.Status), request.To);
            row.Status = EnumNames.Of(request.To);
            row.Version++;
            row.UpdateTime = now;
            await contests.SetStatusAsync(connection, transaction, row.Id, row.Status, now, ct);
            if (request.To == Contest.Types.Status.Closed)
            {
                await entries.CloseContestAsync(connection, transaction, row.Id, now, ct);
            }

            return ToProto(row);
        });
    }

    private static bool CanWrite(ServerCallContext context) => context.GetCaller().Has(WriteScope);

    private static void RequireWrite(ServerCallContext context)
    {
        if (!CanWrite(context))
        {
            throw Problems.PermissionDenied(
                $"This needs the {WriteScope} scope.",
                $"Thao tác này cần quyền {WriteScope}.");
        }
    }

    private string NewId() => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");

    private static RpcException ContestNotFound(string id) => Problems.NotFound("Contest", "cuộc thi", id);

    private static RpcException EntryNotFound(string id) => Problems.NotFound("Entry", "bài dự thi", id);
}
