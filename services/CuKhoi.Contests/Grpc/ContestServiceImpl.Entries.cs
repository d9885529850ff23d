using CuKhoi.Contests.Data;
using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.ServiceDefaults.Text;
using Grpc.Core;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;

namespace CuKhoi.Contests.Grpc;

/// <summary>
/// Entries: list, submit, get, update. UpdateEntry takes the fields named in update_mask
/// (<see cref="UpdateMasks"/>; `subject.*` replaces the whole subject; no mask = the fields
/// the request sets). Title, genre, body, authors and subject change only while the entry is
/// SUBMITTED (the judges validate what they read); a status change follows the lifecycle table.
/// </summary>
public sealed partial class ContestServiceImpl
{
    /// <summary>What callers without contests:write may see.</summary>
    private static readonly EntryStatus[] PublicStatuses = [EntryStatus.Forwarded, EntryStatus.Awarded];

    private static readonly UpdateMaskRules MaskRules = new("Entry", "bài dự thi", ["title", "genre", "body", "authors", "subject", "status"]);

    private static readonly (string Field, Action<ContestEntry, Validation> Validate)[] FieldRules =
    [
        ("title", EntryRules.ValidateTitle),
        ("genre", EntryRules.ValidateGenre),
        ("body", EntryRules.ValidateBody),
        ("authors", EntryRules.ValidateAuthors),
        ("subject", EntryRules.ValidateSubject),
        ("status", (entry, v) => v.RequiredEnum("entry.status", entry.Status, "status", "Trạng thái")),
    ];

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
        _ = await contests.FindAsync(request.ContestId, ct) ?? throw ContestNotFound(request.ContestId);
        IReadOnlyList<string>? statuses = request.Status != EntryStatus.Unspecified
            ? [EnumNames.Of(request.Status)]
            : canWrite ? null : PublicStatuses.Select(EnumNames.Of).ToList();
        var filter = new EntryRepository.Filter(request.ContestId, statuses, terms);
        var fingerprint = $"entries|{request.ContestId}|{string.Join(",", statuses ?? [])}|{string.Join(" ", terms)}|{order}";
        var pageSize = PageTokens.PageSize(request.PageSize);
        var after = pageTokens.Decode<EntryRepository.Cursor>(request.PageToken, fingerprint);

        var (rows, total) = await entries.ListAsync(filter, order, after, pageSize + 1, ct);
        var response = new ListEntriesResponse { TotalSize = total };
        response.Entries.AddRange(rows.Take(pageSize).Select(r => ContestMapping.ToProto(r, canWrite)));
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
        RequireWriter(context);
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
        var contest = await contests.FindAsync(request.ContestId, ct) ?? throw ContestNotFound(request.ContestId);
        EnsureTakingEntries(contest);
        ContestRules.EnsureWordLimit(VietnameseText.CountWords(entry.Body), contest.MaxWords);
        var modelName = ContestMapping.ToContent(entry, null).DvkModelId is { } modelId ? await dvkModels.ConfirmAsync(modelId, context) : null;
        var content = ContestMapping.ToContent(entry, modelName);

        return await db.WriteAsync(context, request.RequestId, request, ContestEntry.Parser, async (connection, transaction) =>
        {
            // The contest may have moved to JUDGING while the DVK service answered; held
            // until commit, so it cannot move now before this entry is in.
            EnsureTakingEntries(await contests.LockAsync(connection, transaction, contest.Id, ct) ?? throw ContestNotFound(contest.Id));
            var row = ContestMapping.ToNewRow(NewId(), contest.Id, content, Clock.Now(time));
            await entries.InsertAsync(connection, transaction, row, ct);
            return ContestMapping.ToProto(row, showPhones: true);
        });
    }

    public override async Task<ContestEntry> GetEntry(GetEntryRequest request, ServerCallContext context)
    {
        new Validation()
            .Required("contestId", request.ContestId, "contestId", "Mã cuộc thi")
            .Required("id", request.Id, "id", "Mã bài dự thi")
            .ThrowIfInvalid();
        var row = await entries.FindAsync(request.ContestId, request.Id, context.CancellationToken);
        var canWrite = CanWrite(context);
        // Entries a caller may not see do not exist for them.
        if (row is null || (!canWrite && !PublicStatuses.Contains(EnumNames.Parse<EntryStatus>(row.Status))))
        {
            throw EntryNotFound(request.Id);
        }

        return ContestMapping.ToProto(row, canWrite);
    }

    public override async Task<ContestEntry> UpdateEntry(UpdateEntryRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        var entry = request.Entry ?? throw Problems.InvalidArgument("entry", "entry is required.", "Bài dự thi là bắt buộc.");
        var fields = UpdateMasks.Resolve(request.UpdateMask, entry, MaskRules).ToHashSet();
        var validation = new Validation()
            .Required("entry.contestId", entry.ContestId, "contestId", "Mã cuộc thi")
            .Required("entry.id", entry.Id, "id", "Mã bài dự thi");
        foreach (var (field, validate) in FieldRules.Where(rule => fields.Contains(rule.Field)))
        {
            validate(entry, validation);
        }

        validation.ThrowIfInvalid();

        // A replay gets the first answer, even if the DVK model it confirmed is gone now.
        if (await db.StoredResponseAsync(context, request.RequestId, request, ContestEntry.Parser) is { } replay)
        {
            return replay;
        }

        var ct = context.CancellationToken;
        string? modelName = null;
        if (fields.Contains("subject") && ContestMapping.ToContent(entry, null).DvkModelId is { } modelId)
        {
            // A model already confirmed keeps its snapshot; a new one is confirmed first, outside the transaction.
            var current = await entries.FindAsync(entry.ContestId, entry.Id, ct) ?? throw EntryNotFound(entry.Id);
            modelName = current.SubjectDvkModelId == modelId ? current.SubjectName : await dvkModels.ConfirmAsync(modelId, context);
        }

        return await db.WriteAsync(context, request.RequestId, request, ContestEntry.Parser, async (connection, transaction) =>
        {
            var (contest, row) = await FindEntryAsync(connection, transaction, entry.ContestId, entry.Id, ct);
            Etags.Ensure(entry.Etag, row.Version, "Entry", "Bài dự thi", row.Id);

            row.UpdateTime = Clock.Now(time);
            var status = EnumNames.Parse<EntryStatus>(row.Status);
            if (fields.Any(f => f != "status"))
            {
                if (status != EntryStatus.Submitted)
                {
                    throw Problems.FailedPrecondition(
                        ContestReasons.EntryNotEditable,
                        $"The entry is {row.Status}; its content can change only while it is SUBMITTED.",
                        $"Bài dự thi đang ở trạng thái {row.Status}; chỉ sửa được nội dung khi bài ở trạng thái SUBMITTED.");
                }

                var content = row.Content().With(ContestMapping.ToContent(entry, modelName), fields);
                if (fields.Contains("body"))
                {
                    ContestRules.EnsureWordLimit(content.WordCount, contest.MaxWords);
                }

                if (!await entries.UpdateContentAsync(connection, transaction, row.WithContent(content), ct))
                {
                    throw EntryChanged(row.Id);
                }
            }

            if (fields.Contains("status") && entry.Status != status)
            {
                EntryLifecycle.Ensure(status, entry.Status, EntryLifecycle.Via.Update);
                row.Status = EnumNames.Of(entry.Status);
                if (!await entries.UpdateStatusAsync(connection, transaction, row, ct))
                {
                    throw EntryChanged(row.Id);
                }
            }

            return await ReloadAsync(connection, transaction, row, ct);
        });
    }

    private void EnsureTakingEntries(ContestRow contest) =>
        ContestRules.EnsureTakingEntries(
            EnumNames.Parse<Contest.Types.Status>(contest.Status),
            ContestRules.FromStored(contest.OpensOn),
            ContestRules.FromStored(contest.ClosesOn),
            time.GetUtcNow());
}
