using CuKhoi.DvkModels.Data;
using CuKhoi.DvkModels.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;

namespace CuKhoi.DvkModels.Grpc;

/// <summary>
/// The DVK models service: validate, check who may see or change what, call the
/// repository, map with <see cref="DvkModelMapping"/>. Reads here; writes in DvkModelServiceImpl.Writes.cs.
/// </summary>
public sealed partial class DvkModelServiceImpl(Db db, DvkModelRepository repository, PageTokens pageTokens, TimeProvider time)
    : DvkModelService.DvkModelServiceBase
{
    public const int MaxBatchGet = 100;
    private const int MaxQueryLength = 200;
    private const int ExportBatchSize = 100;
    private const string ExportFingerprint = "dvk-export";

    public override async Task<ListDvkModelsResponse> ListDvkModels(ListDvkModelsRequest request, ServerCallContext context)
    {
        var validation = new Validation()
            .KnownEnum("field", request.Field, "field", "Lĩnh vực")
            .KnownEnum("status", request.Status, "status", "Trạng thái")
            .KnownEnum("level", request.Level, "level", "Cấp công nhận")
            .MaxLength("q", request.Q, MaxQueryLength, "q", "Từ khóa tìm kiếm")
            .MaxLength("ownerUnit", request.OwnerUnit, DvkModelRules.MaxOwnerUnitLength, "ownerUnit", "Đơn vị thực hiện");
        if (request.Year != 0)
        {
            validation.Range("year", request.Year, DvkModelRules.MinYear, DvkModelRules.MaxYear, "year", "Năm");
        }

        var tokens = DvkSearchSql.Tokens(request.Q);
        if (!string.IsNullOrWhiteSpace(request.Q) && tokens.Count == 0)
        {
            validation.Add("q", "q must contain at least one letter or digit.", "Từ khóa tìm kiếm phải có ít nhất một chữ cái hoặc chữ số.");
        }

        validation.ThrowIfInvalid();
        var pageSize = PageTokens.PageSize(request.PageSize);
        var status = DvkAccess.EffectiveStatusFilter(context.GetCaller(), request.Status);
        var ownerUnit = DvkSearchSql.FoldKey(request.OwnerUnit);
        var filter = new DvkModelFilter(
            request.Year == 0 ? null : request.Year,
            request.Field == 0 ? null : EnumNames.Of(request.Field),
            status == 0 ? null : EnumNames.Of(status),
            request.Level == 0 ? null : EnumNames.Of(request.Level),
            ownerUnit.Length == 0 ? null : ownerUnit,
            tokens);
        var order = repository.Order(request.OrderBy, filter.HasSearch);
        var after = pageTokens.Decode<DvkListCursor>(request.PageToken, filter.Fingerprint(order));

        var (rows, next, total) = await repository.ListAsync(filter, order, after, pageSize, context.CancellationToken);
        var response = new ListDvkModelsResponse
        {
            NextPageToken = next is null ? string.Empty : pageTokens.Encode(next, filter.Fingerprint(order)),
            TotalSize = (int)Math.Min(total, int.MaxValue),
        };
        response.DvkModels.AddRange(rows.Select(DvkModelMapping.ToProto));
        return response;
    }

    public override async Task<DvkModel> GetDvkModel(GetDvkModelRequest request, ServerCallContext context)
    {
        RequireId("id", request.Id);
        var row = await repository.FindAsync(request.Id, context.CancellationToken);
        var model = row is null ? null : DvkModelMapping.ToProto(row);
        return model is not null && DvkAccess.CanSee(context.GetCaller(), model) ? model : throw NotFound(request.Id);
    }

    /// <summary>Found models in the order asked (AIP-231); those the caller may not see count as missing.</summary>
    public override async Task<BatchGetDvkModelsResponse> BatchGetDvkModels(BatchGetDvkModelsRequest request, ServerCallContext context)
    {
        if (request.Ids.Count > MaxBatchGet)
        {
            throw Problems.InvalidArgument("ids", $"At most {MaxBatchGet} ids per call.", $"Mỗi lần gọi tối đa {MaxBatchGet} mã.");
        }

        var validation = new Validation();
        for (var i = 0; i < request.Ids.Count; i++)
        {
            validation.Required($"ids[{i}]", request.Ids[i], "id", "Mã");
        }

        validation.ThrowIfInvalid();
        var ids = request.Ids.Distinct(StringComparer.Ordinal).ToList();
        var caller = context.GetCaller();
        var found = (await repository.BatchGetAsync(ids, context.CancellationToken)).Select(DvkModelMapping.ToProto).Where(m => DvkAccess.CanSee(caller, m)).ToList();
        var response = new BatchGetDvkModelsResponse();
        response.DvkModels.AddRange(found);
        response.MissingIds.AddRange(ids.Except(found.Select(m => m.Id), StringComparer.Ordinal));
        return response;
    }

    /// <summary>
    /// The models in (update_time, id) order: every one, deleted ones included, for dvk:write;
    /// the public ones (RECOGNISED, not deleted) for reports:read. Each message carries a
    /// signed token to resume right after it; `since` narrows to models changed since then.
    /// </summary>
    public override async Task ExportDvkModels(ExportDvkModelsRequest request, IServerStreamWriter<ExportDvkModelsResponse> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        DvkAccess.EnsureCanExport(caller);
        var after = pageTokens.Decode<ExportCursor>(request.ResumeToken, ExportFingerprint);
        var since = request.Since is null ? (long?)null : Clock.ToMicros(request.Since);
        var publicOnly = !DvkAccess.SeesAll(caller);
        var batch = new List<ExportDvkModelsResponse>(ExportBatchSize);
        await foreach (var (row, updateTime) in repository.ExportAsync(since, after is null ? null : (after.UpdateTime, after.Id), ExportBatchSize, publicOnly, context.CancellationToken))
        {
            batch.Add(new ExportDvkModelsResponse
            {
                DvkModel = DvkModelMapping.ToProto(row),
                ResumeToken = pageTokens.Encode(new ExportCursor(updateTime, row.Id), ExportFingerprint),
            });
            if (batch.Count == ExportBatchSize)
            {
                await responseStream.WriteBatchAsync(batch, context.CancellationToken);
                batch.Clear();
            }
        }

        await responseStream.WriteBatchAsync(batch, context.CancellationToken);
    }

    /// <summary>Aggregates only, which the ward publishes anyway: any caller holding the internal token.</summary>
    public override async Task<DvkStatistics> GetDvkStatistics(GetDvkStatisticsRequest request, ServerCallContext context)
    {
        new Validation().Range("year", request.Year, DvkModelRules.MinYear, DvkModelRules.MaxYear, "year", "Năm").ThrowIfInvalid();
        return DvkModelMapping.ToProto(request.Year, await repository.StatisticsAsync(request.Year, context.CancellationToken));
    }

    private static void RequireId(string field, string id) =>
        new Validation().Required(field, id, field, "Mã mô hình").ThrowIfInvalid();

    private static RpcException NotFound(string id) => Problems.NotFound("DVK model", "mô hình Dân vận khéo", id);

    public sealed record ExportCursor(long UpdateTime, string Id);
}
