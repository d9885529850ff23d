using CuKhoi.Contests.Data;
using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Text;
using Grpc.Core;
using static CuKhoi.Contests.Grpc.ContestMapping;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;

namespace CuKhoi.Contests.Grpc;

/// <summary>Entries: list, submit, get, update.</summary>
public sealed partial class ContestServiceImpl
{
    /// <summary>What callers without contests:write may see.</summary>
    private static readonly EntryStatus[] PublicStatuses = [EntryStatus.Forwarded, EntryStatus.Awarded];

    private static readonly Dictionary<string, EntryOrder> Orders = new(StringComparer.Ordinal)
    {
        [""] = EntryOrder.SubmitTime,
        ["submitTime"] = EntryOrder.SubmitTime,
        ["score desc"] = EntryOrder.ScoreDesc,
        ["author"] = EntryOrder.Author,
    };

    public override async Task<ListEntriesResponse> ListEntries(ListEntriesRequest request, ServerCallContext context)
    {
        var orderBy = string.Join(' ', request.OrderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var validation = new Validation()
            .Required("contestId", request.ContestId, "contestId", "Mã cuộc thi")
            .KnownEnum("status", request.Status, "status", "Trạng thái")
            .MaxLength("q", request.Q, 200, "q", "Từ khóa tìm kiếm");
        var terms = EntryContent.Words(request.Q).Distinct().Take(10).ToList();
        if (request.Q.Trim().Length > 0 && terms.Count == 0)
        {
            validation.Add("q", "q must contain at least one letter or digit.", "Từ khóa tìm kiếm phải có ít nhất một chữ cái hoặc chữ số.");
        }

        if (!Orders.TryGetValue(orderBy, out var order))
        {
            validation.Add("orderBy", "orderBy must be one of: submitTime, score desc, author.", "orderBy phải là một trong: submitTime, score desc, author.");
        }

        validation.ThrowIfInvalid();
        var canWrite = CanWrite(context);
        if (!canWrite && request.Status != EntryStatus.Unspecified && !PublicStatuses.Contains(request.Status))
        {
            throw Problems.PermissionDenied(
                $"Entries in {EnumNames.Of(request.Status)} are visible only with the {WriteScope} scope.",
                $"Chỉ người có quyền {WriteScope} mới xem được bài dự thi ở trạng thái {EnumNames.Of(request.Status)}.");
        }

        var ct = context.CancellationToken;
        _ = await contests.GetAsync(request.ContestId, ct) ?? throw ContestNotFound(request.ContestId);
        IReadOnlyList<string>? statuses = request.Status != EntryStatus.Unspecified
            ? [EnumNames.Of(request.Status)]
            : canWrite ? null : PublicStatuses.Select(EnumNames.Of).ToList();
        var filter = new EntryRepository.Filter(request.ContestId, statuses, terms);
        var fingerprint = $"entries|{request.ContestId}|{string.Join(",", statuses ?? [])}|{string.Join(" ", terms)}|{order}";
        var pageSize = PageTokens.PageSize(request.PageSize);
        var after = pageTokens.Decode<EntryRepository.Cursor>(request.PageToken, fingerprint);

        var (rows, total) = await entries.ListAsync(filter, order, after, pageSize + 1, ct);
        var response = new ListEntriesResponse { TotalSize = total };
        response.Entries.AddRange(rows.Take(pageSize).Select(r => ToProto(r, canWrite)));
        if (rows.Count > pageSize)
        {
            var last = rows[pageSize - 1];
            response.NextPageToken = pageTokens.Encode(new EntryRepository.Cursor(last.SubmitTime, last.Score ?? -1, last.PrimaryAuthorSortKey, last.Id), fingerprint);
        }

        return response;
    }

    /// <summary>
    /// Refusals that need no database come first, then the contest's window and word limit,
    /// then the DVK check: all before the write transaction opens, so a DVK outage stores
    /// nothing and holds no lock. The window is checked again inside the transaction. A
    /// replay of a stored request_id skips them all (it was taken when it was first sent).
    /// </summary>
    public override async Task<ContestEntry> SubmitEntry(SubmitEntryRequest request, ServerCallContext context)
    {
        RequireWrite(context);
        var entry = request.Entry ?? throw Problems.InvalidArgument("entry", "entry is required.", "Bài dự thi là bắt buộc.");
        var validation = new Validation().Required("contestId", request.ContestId, "contestId", "Mã cuộc thi");
        EntryRules.ValidateAll(entry, validation);
        validation.ThrowIfInvalid();

        // A replay gets the first answer, whatever the contest's window or the DVK service would say now.
        if (await db.StoredResponseAsync(context, request.RequestId, request, ContestEntry.Parser) is { } replay)
        {
            return replay;
        }

        var ct = context.CancellationToken;
        var contest = await contests.GetAsync(request.ContestId, ct) ?? throw ContestNotFound(request.ContestId);
        EnsureTakingEntries(contest);
        ContestRules.EnsureWordLimit(VietnameseText.CountWords(entry.Body), contest.MaxWords);
        var modelName = ToContent(entry, null).DvkModelId is { } modelId ? await dvkModels.ConfirmAsync(modelId, context) : null;
        var content = ToContent(entry, modelName);

        return await db.WriteAsync(context, request.RequestId, request, ContestEntry.Parser, async (connection, transaction) =>
        {
            // The contest may have moved to JUDGING while the DVK service answered.
            EnsureTakingEntries(await contests.GetAsync(connection, transaction, contest.Id, ct) ?? throw ContestNotFound(contest.Id));
            var now = EntryStore.Now(time);
            var row = new EntryRow
            {
                Id = NewId(),
                ContestId = contest.Id,
                Status = EnumNames.Of(EntryStatus.Submitted),
                Version = 1,
                SubmitTime = now,
                UpdateTime = now,
            }.WithContent(content);
            await entries.InsertAsync(connection, transaction, row, ct);
            return ToProto(row, showPhones: true);
        });
    }

    public override async Task<ContestEntry> GetEntry(GetEntryRequest request, ServerCallContext context)
    {
        new Validation()
            .Required("contestId", request.ContestId, "contestId", "Mã cuộc thi")
            .Required("id", request.Id, "id", "Mã bài dự thi")
            .ThrowIfInvalid();
        var row = await entries.GetAsync(request.ContestId, request.Id, context.CancellationToken);
        var canWrite = CanWrite(context);
        // Entries a caller may not see do not exist for them.
        if (row is null || (!canWrite && !PublicStatuses.Contains(EnumNames.Parse<EntryStatus>(row.Status))))
        {
            throw EntryNotFound(request.Id);
        }

        return ToProto(row, canWrite);
    }

    private void EnsureTakingEntries(ContestRow contest) =>
        ContestRules.EnsureTakingEntries(
            EnumNames.Parse<Contest.Types.Status>(contest.Status),
            ContestRules.FromStored(contest.OpensOn),
            ContestRules.FromStored(contest.ClosesOn),
            time.GetUtcNow());
}
