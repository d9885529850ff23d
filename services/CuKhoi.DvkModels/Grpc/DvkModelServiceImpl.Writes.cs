using System.Data.Common;
using CuKhoi.DvkModels.Data;
using CuKhoi.DvkModels.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.ServiceDefaults.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Grpc;

/// <summary>
/// The writes: each needs `dvk:write`, runs in one transaction with its idempotency
/// record (request_id), honours the etag it is given, refuses soft-deleted models
/// (AIP-164: FAILED_PRECONDITION) except to undelete them, and re-checks the version it
/// read when it writes, so two editors racing on PostgreSQL's READ COMMITTED cannot
/// overwrite each other silently.
/// </summary>
public sealed partial class DvkModelServiceImpl
{
    private const string Model = "DVK model", ModelVi = "Mô hình Dân vận khéo";

    public override async Task<DvkModel> RegisterDvkModel(RegisterDvkModelRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        var model = request.DvkModel?.Clone() ?? throw Problems.InvalidArgument("dvkModel", "dvkModel is required.", "Thông tin mô hình là bắt buộc.");
        DvkModelRules.Normalise(model);
        DvkModelRules.Validate(model, codeRequired: false);
        // Output-only fields are ignored (AIP-203): a model starts REGISTERED, without recognitions.
        model.Status = Status.Registered;
        model.Recognitions.Clear();

        return await db.WriteAsync(context, request.RequestId, request, DvkModel.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            model.Id = Guid.CreateVersion7().ToString("N");
            if (model.Code.Length == 0)
            {
                model.Code = DvkModelRules.AssignCode(model.Year, await repository.CodesOfYearAsync(connection, transaction, model.Year, ct));
            }
            else if (await repository.CodeExistsAsync(connection, transaction, model.Code, null, ct))
            {
                throw DvkModelRules.DuplicateCode(model.Code);
            }

            await repository.InsertAsync(connection, transaction, DvkModelMapping.ToNewRow(model, Clock.Now(time)), ct);
            return await ReloadAsync(connection, transaction, model.Id, ct);
        });
    }

    public override async Task<DvkModel> UpdateDvkModel(UpdateDvkModelRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        var patch = request.DvkModel ?? throw Problems.InvalidArgument("dvkModel", "dvkModel is required.", "Thông tin mô hình là bắt buộc.");
        RequireId("dvkModel.id", patch.Id);
        var paths = DvkModelPatch.Paths(request.UpdateMask, patch);

        return await db.WriteAsync(context, request.RequestId, request, DvkModel.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var row = await FindWritableAsync(connection, transaction, patch.Id, patch.Etag, ct);
            var updated = DvkModelMapping.ToProto(row);
            DvkModelPatch.Apply(updated, patch, paths);
            DvkModelRules.Normalise(updated);
            DvkModelRules.Validate(updated, codeRequired: true);
            if (updated.Code != row.Code && await repository.CodeExistsAsync(connection, transaction, updated.Code, row.Id, ct))
            {
                throw DvkModelRules.DuplicateCode(updated.Code);
            }

            DvkModelMapping.ApplyTo(row, updated);
            row.UpdateTime = Clock.Now(time);
            return await repository.UpdateAsync(connection, transaction, row, ct)
                ? await ReloadAsync(connection, transaction, row.Id, ct)
                : throw Etags.ConcurrentChange(Model, ModelVi, row.Id);
        });
    }

    /// <summary>
    /// Appends a recognition and makes the model RECOGNISED. Any state but SUSPENDED and
    /// CLOSED may be recognised: a decision recognises the model whatever step it had
    /// reached in the ward's own workflow.
    /// </summary>
    public override async Task<DvkModel> AddRecognition(AddRecognitionRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        RequireId("dvkModelId", request.DvkModelId);
        RecognitionRules.Validate(request.Recognition, VietnamTime.Today(time));

        return await db.WriteAsync(context, request.RequestId, request, DvkModel.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var row = await FindWritableAsync(connection, transaction, request.DvkModelId, etag: null, ct);
            DvkLifecycle.EnsureCanBeRecognised(EnumNames.Parse<Status>(row.Status));
            var now = Clock.Now(time);
            await repository.InsertRecognitionAsync(connection, transaction, DvkModelMapping.ToRow(row.Id, request.Recognition, now), ct);
            row.Status = EnumNames.Of(Status.Recognised);
            row.UpdateTime = now;
            return await repository.UpdateStatusAsync(connection, transaction, row, ct)
                ? await ReloadAsync(connection, transaction, row.Id, ct)
                : throw Etags.ConcurrentChange(Model, ModelVi, row.Id);
        });
    }

    public override async Task<DvkModel> TransitionDvkModel(TransitionDvkModelRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        new Validation()
            .Required("id", request.Id, "id", "Mã mô hình")
            .RequiredEnum("to", request.To, "to", "Trạng thái đích")
            .ThrowIfInvalid();

        return await db.WriteAsync(context, request.RequestId, request, DvkModel.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var row = await FindWritableAsync(connection, transaction, request.Id, request.Etag, ct);
            DvkLifecycle.EnsureCanMove(EnumNames.Parse<Status>(row.Status), request.To, hasRecognition: row.Recognitions.Count > 0);
            row.Status = EnumNames.Of(request.To);
            row.UpdateTime = Clock.Now(time);
            return await repository.UpdateStatusAsync(connection, transaction, row, ct)
                ? await ReloadAsync(connection, transaction, row.Id, ct)
                : throw Etags.ConcurrentChange(Model, ModelVi, row.Id);
        });
    }

    /// <summary>Soft delete. Deleting a deleted model is NOT_FOUND (AIP-164), with reason MODEL_DELETED.</summary>
    public override async Task<Empty> DeleteDvkModel(DeleteDvkModelRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        RequireId("id", request.Id);

        return await db.WriteAsync(context, request.RequestId, request, Empty.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var row = await repository.FindAsync(connection, transaction, request.Id, ct) ?? throw NotFound(request.Id);
            if (row.DeleteTime is not null)
            {
                throw Problems.Create(
                    StatusCode.NotFound,
                    DvkReasons.ModelDeleted,
                    $"DVK model '{row.Id}' is already deleted; POST :undelete restores it.",
                    $"Mô hình Dân vận khéo '{row.Id}' đã bị xóa; dùng :undelete để khôi phục.");
            }

            Etags.Ensure(request.Etag, row.Version, Model, ModelVi, row.Id);
            row.DeleteTime = row.UpdateTime = Clock.Now(time);
            return await repository.UpdateDeleteTimeAsync(connection, transaction, row, ct)
                ? new Empty()
                : throw Etags.ConcurrentChange(Model, ModelVi, row.Id);
        });
    }

    public override async Task<DvkModel> UndeleteDvkModel(UndeleteDvkModelRequest request, ServerCallContext context)
    {
        RequireWriter(context);
        RequireId("id", request.Id);

        return await db.WriteAsync(context, request.RequestId, request, DvkModel.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var row = await repository.FindAsync(connection, transaction, request.Id, ct) ?? throw NotFound(request.Id);
            if (row.DeleteTime is null)
            {
                throw Problems.FailedPrecondition(
                    DvkReasons.ModelNotDeleted,
                    $"DVK model '{row.Id}' is not deleted; there is nothing to undelete.",
                    $"Mô hình Dân vận khéo '{row.Id}' chưa bị xóa; không có gì để khôi phục.");
            }

            Etags.Ensure(request.Etag, row.Version, Model, ModelVi, row.Id);
            row.DeleteTime = null;
            row.UpdateTime = Clock.Now(time);
            return await repository.UpdateDeleteTimeAsync(connection, transaction, row, ct)
                ? await ReloadAsync(connection, transaction, row.Id, ct)
                : throw Etags.ConcurrentChange(Model, ModelVi, row.Id);
        });
    }

    /// <summary>The model a write may change: it exists, is not soft-deleted, and the etag (if any) matches.</summary>
    private async Task<DvkModelRow> FindWritableAsync(DbConnection connection, DbTransaction transaction, string id, string? etag, CancellationToken ct)
    {
        var row = await repository.FindAsync(connection, transaction, id, ct) ?? throw NotFound(id);
        if (row.DeleteTime is not null)
        {
            throw Problems.FailedPrecondition(
                DvkReasons.ModelDeleted,
                $"DVK model '{id}' is deleted; undelete it before changing it.",
                $"Mô hình Dân vận khéo '{id}' đã bị xóa; hãy khôi phục trước khi thay đổi.");
        }

        Etags.Ensure(etag, row.Version, Model, ModelVi, row.Id);
        return row;
    }

    /// <summary>The model as this write left it (recognitions and times as stored).</summary>
    private async Task<DvkModel> ReloadAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken ct) =>
        DvkModelMapping.ToProto(await repository.FindAsync(connection, transaction, id, ct) ?? throw NotFound(id));

    /// <summary>The one guard of the write RPCs.</summary>
    private static void RequireWriter(ServerCallContext context) =>
        context.GetCaller().Demand(DvkAccess.WriteScope, "Changing DVK models needs the dvk:write scope.", "Cần quyền dvk:write để thay đổi mô hình Dân vận khéo.");
}
