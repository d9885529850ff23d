using CuKhoi.Contests.Data;
using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;
using static CuKhoi.Contests.Grpc.ContestMapping;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;

namespace CuKhoi.Contests.Grpc;

/// <summary>
/// UpdateEntry: the fields named in update_mask (<see cref="UpdateMasks"/>; `subject.*` replaces
/// the whole subject; no mask = the fields the request sets). Title, genre, body, authors and subject
/// change only while the entry is SUBMITTED (the judges validate what they read); a
/// status change follows the lifecycle table.
/// </summary>
public sealed partial class ContestServiceImpl
{
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

    public override async Task<ContestEntry> UpdateEntry(UpdateEntryRequest request, ServerCallContext context)
    {
        RequireWrite(context);
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
        if (fields.Contains("subject") && ToContent(entry, null).DvkModelId is { } modelId)
        {
            // A model already confirmed keeps its snapshot; a new one is confirmed first, outside the transaction.
            var current = await entries.GetAsync(entry.ContestId, entry.Id, ct) ?? throw EntryNotFound(entry.Id);
            modelName = current.SubjectDvkModelId == modelId ? current.SubjectName : await dvkModels.ConfirmAsync(modelId, context);
        }

        return await db.WriteAsync(context, request.RequestId, request, ContestEntry.Parser, async (connection, transaction) =>
        {
            var (contest, row) = await LockAsync(connection, transaction, entry.ContestId, entry.Id, ct);
            Etags.Ensure(entry.Etag, row.Version, "Entry", "Bài dự thi", row.Id);

            var now = EntryStore.Now(time);
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

                var content = Merge(row.Content(), ToContent(entry, modelName), fields);
                if (fields.Contains("body"))
                {
                    ContestRules.EnsureWordLimit(content.WordCount, contest.MaxWords);
                }

                await entries.UpdateContentAsync(connection, transaction, row.WithContent(content), now, ct);
            }

            if (fields.Contains("status") && entry.Status != status)
            {
                EntryLifecycle.Ensure(status, entry.Status, EntryLifecycle.Via.Update);
                await entries.SetStatusAsync(connection, transaction, row.Id, EnumNames.Of(entry.Status), now, ct);
            }

            return ToProto((await entries.GetAsync(connection, transaction, row.ContestId, row.Id, ct))!, showPhones: true);
        });
    }

    private static EntryContent Merge(EntryContent current, EntryContent update, HashSet<string> fields) => current with
    {
        Title = fields.Contains("title") ? update.Title : current.Title,
        Genre = fields.Contains("genre") ? update.Genre : current.Genre,
        Body = fields.Contains("body") ? update.Body : current.Body,
        Authors = fields.Contains("authors") ? update.Authors : current.Authors,
        SubjectKind = fields.Contains("subject") ? update.SubjectKind : current.SubjectKind,
        SubjectName = fields.Contains("subject") ? update.SubjectName : current.SubjectName,
        DvkModelId = fields.Contains("subject") ? update.DvkModelId : current.DvkModelId,
    };

    /// <summary>
    /// Reads (and on PostgreSQL locks) a contest, then one of its entries: always in that
    /// order, as closing does, so two writers never wait on each other in a circle.
    /// </summary>
    private async Task<(ContestRow Contest, EntryRow Entry)> LockAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string contestId, string id, CancellationToken ct)
    {
        var contest = await contests.GetAsync(connection, transaction, contestId, ct) ?? throw ContestNotFound(contestId);
        var row = await entries.GetAsync(connection, transaction, contestId, id, ct) ?? throw EntryNotFound(id);
        return (contest, row);
    }
}
