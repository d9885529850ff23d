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
/// record (request_id), honours the etag it is given and refuses soft-deleted models
/// (AIP-164: FAILED_PRECONDITION) except to undelete them.
/// </summary>
public sealed partial class DvkModelServiceImpl
{
    public override async Task<DvkModel> RegisterDvkModel(RegisterDvkModelRequest request, ServerCallContext context)
    {
        DvkAccess.EnsureCanWrite(context.GetCaller());
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
            else if (await DvkModelRepository.CodeExistsAsync(connection, transaction, model.Code, null, ct))
            {
                throw DuplicateCode(model.Code);
            }

            try
            {
                await DvkModelRepository.InsertAsync(connection, transaction, model, Now(), ct);
            }
            catch (Exception e) when (DvkModelRepository.IsUniqueViolation(e))
            {
                throw DuplicateCode(model.Code);
            }

            return await LoadAsync(connection, transaction, model.Id, ct);
        });
    }

    public override async Task<DvkModel> UpdateDvkModel(UpdateDvkModelRequest request, ServerCallContext context)
    {
        DvkAccess.EnsureCanWrite(context.GetCaller());
        var patch = request.DvkModel ?? throw Problems.InvalidArgument("dvkModel", "dvkModel is required.", "Thông tin mô hình là bắt buộc.");
        RequireId("dvkModel.id", patch.Id);
        var paths = DvkModelPatch.Paths(request.UpdateMask, patch);

        return await db.WriteAsync(context, request.RequestId, request, DvkModel.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var current = await LoadWritableAsync(connection, transaction, patch.Id, patch.Etag, ct);
            var updated = current.Clone();
            DvkModelPatch.Apply(updated, patch, paths);
            DvkModelRules.Normalise(updated);
            DvkModelRules.Validate(updated, codeRequired: true);
            if (updated.Code != current.Code && await DvkModelRepository.CodeExistsAsync(connection, transaction, updated.Code, current.Id, ct))
            {
                throw DuplicateCode(updated.Code);
            }

            bool changed;
            try
            {
                changed = await DvkModelRepository.UpdateAsync(connection, transaction, updated, Etags.VersionOf(current.Etag), Now(), ct);
            }
            catch (Exception e) when (DvkModelRepository.IsUniqueViolation(e))
            {
                throw DuplicateCode(updated.Code);
            }

            return changed ? await LoadAsync(connection, transaction, current.Id, ct) : throw Stale(current.Id);
        });
    }

    /// <summary>
    /// Appends a recognition and makes the model RECOGNISED. Any state but SUSPENDED and
    /// CLOSED may be recognised: a decision recognises the model whatever step it had
    /// reached in the ward's own workflow.
    /// </summary>
    public override async Task<DvkModel> AddRecognition(AddRecognitionRequest request, ServerCallContext context)
    {
        DvkAccess.EnsureCanWrite(context.GetCaller());
        RequireId("dvkModelId", request.DvkModelId);
        RecognitionRules.Validate(request.Recognition, VietnamTime.Today(time));

        return await db.WriteAsync(context, request.RequestId, request, DvkModel.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var current = await LoadWritableAsync(connection, transaction, request.DvkModelId, etag: null, ct);
            DvkLifecycle.EnsureCanBeRecognised(current.Status);
            await DvkModelRepository.InsertRecognitionAsync(connection, transaction, current.Id, request.Recognition, Now(), ct);
            return await DvkModelRepository.SetStatusAsync(connection, transaction, current.Id, Status.Recognised, Etags.VersionOf(current.Etag), Now(), ct)
                ? await LoadAsync(connection, transaction, current.Id, ct)
                : throw Stale(current.Id);
        });
    }

    public override async Task<DvkModel> TransitionDvkModel(TransitionDvkModelRequest request, ServerCallContext context)
    {
        DvkAccess.EnsureCanWrite(context.GetCaller());
        new Validation()
            .Required("id", request.Id, "id", "Mã mô hình")
            .RequiredEnum("to", request.To, "to", "Trạng thái đích")
            .ThrowIfInvalid();

        return await db.WriteAsync(context, request.RequestId, request, DvkModel.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var current = await LoadWritableAsync(connection, transaction, request.Id, request.Etag, ct);
            DvkLifecycle.EnsureCanMove(current.Status, request.To, hasRecognition: current.Recognitions.Count > 0);
            return await DvkModelRepository.SetStatusAsync(connection, transaction, current.Id, request.To, Etags.VersionOf(current.Etag), Now(), ct)
                ? await LoadAsync(connection, transaction, current.Id, ct)
                : throw Stale(current.Id);
        });
    }

    /// <summary>Soft delete. Deleting a deleted model is NOT_FOUND (AIP-164), with reason MODEL_DELETED.</summary>
    public override async Task<Empty> DeleteDvkModel(DeleteDvkModelRequest request, ServerCallContext context)
    {
        DvkAccess.EnsureCanWrite(context.GetCaller());
        RequireId("id", request.Id);

        return await db.WriteAsync(context, request.RequestId, request, Empty.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var current = await repository.LoadAsync(connection, transaction, request.Id, ct) ?? throw NotFound(request.Id);
            if (current.DeleteTime is not null)
            {
                throw Problems.Create(
                    StatusCode.NotFound,
                    DvkReasons.ModelDeleted,
                    $"DVK model '{current.Id}' is already deleted; POST :undelete restores it.",
                    $"Mô hình Dân vận khéo '{current.Id}' đã bị xóa; dùng :undelete để khôi phục.");
            }

            Etags.Ensure(request.Etag, Etags.VersionOf(current.Etag), Model, ModelVi, current.Id);
            var now = Now();
            return await DvkModelRepository.SetDeleteTimeAsync(connection, transaction, current.Id, now, Etags.VersionOf(current.Etag), now, ct)
                ? new Empty()
                : throw Stale(current.Id);
        });
    }

    public override async Task<DvkModel> UndeleteDvkModel(UndeleteDvkModelRequest request, ServerCallContext context)
    {
        DvkAccess.EnsureCanWrite(context.GetCaller());
        RequireId("id", request.Id);

        return await db.WriteAsync(context, request.RequestId, request, DvkModel.Parser, async (connection, transaction) =>
        {
            var ct = context.CancellationToken;
            var current = await repository.LoadAsync(connection, transaction, request.Id, ct) ?? throw NotFound(request.Id);
            if (current.DeleteTime is null)
            {
                throw Problems.FailedPrecondition(
                    DvkReasons.ModelNotDeleted,
                    $"DVK model '{current.Id}' is not deleted; there is nothing to undelete.",
                    $"Mô hình Dân vận khéo '{current.Id}' chưa bị xóa; không có gì để khôi phục.");
            }

            Etags.Ensure(request.Etag, Etags.VersionOf(current.Etag), Model, ModelVi, current.Id);
            return await DvkModelRepository.SetDeleteTimeAsync(connection, transaction, current.Id, null, Etags.VersionOf(current.Etag), Now(), ct)
                ? await LoadAsync(connection, transaction, current.Id, ct)
                : throw Stale(current.Id);
        });
    }

    /// <summary>The model a write may change: it exists, is not soft-deleted, and the etag (if any) matches.</summary>
    private async Task<DvkModel> LoadWritableAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string id, string? etag, CancellationToken ct)
    {
        var current = await repository.LoadAsync(connection, transaction, id, ct) ?? throw NotFound(id);
        if (current.DeleteTime is not null)
        {
            throw Problems.FailedPrecondition(
                DvkReasons.ModelDeleted,
                $"DVK model '{id}' is deleted; undelete it before changing it.",
                $"Mô hình Dân vận khéo '{id}' đã bị xóa; hãy khôi phục trước khi thay đổi.");
        }

        Etags.Ensure(etag, Etags.VersionOf(current.Etag), Model, ModelVi, current.Id);
        return current;
    }

    private async Task<DvkModel> LoadAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string id, CancellationToken ct) =>
        await repository.LoadAsync(connection, transaction, id, ct) ?? throw NotFound(id);

    private const string Model = "DVK model", ModelVi = "Mô hình Dân vận khéo";

    /// <summary>The repository's version check failed: someone wrote the model since it was read.</summary>
    private static RpcException Stale(string id) => Problems.EtagMismatch(Model, ModelVi, id);

    private static RpcException DuplicateCode(string code) =>
        Problems.AlreadyExists("dvkModel.code", $"A DVK model with code '{code}' already exists.", $"Đã có mô hình Dân vận khéo mang mã '{code}'.");

    private long Now() => Clock.ToMicros(time.GetUtcNow());
}
