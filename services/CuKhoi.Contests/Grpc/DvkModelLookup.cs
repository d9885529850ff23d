using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Downstream;
using CuKhoi.ServiceDefaults.Errors;
using Grpc.Core;

namespace CuKhoi.Contests.Grpc;

/// <summary>
/// Confirms a DVK model with the DVK service before an entry about it is stored. The
/// contests service calls as itself (no end-caller principal: a sibling service is fully
/// trusted), as a read (UNAVAILABLE may be retried), within the incoming call's deadline
/// and the configured bound (Services:DvkModels:Deadline, 3 s), and is cancelled with it.
/// </summary>
public sealed class DvkModelLookup(DownstreamClient<DvkModelService.DvkModelServiceClient> dvk, ILogger<DvkModelLookup> logger)
{
    public const string Field = "entry.subject.dvkModelId";

    /// <summary>The model's name (the snapshot the entry keeps), or INVALID_ARGUMENT / UNAVAILABLE.</summary>
    public async Task<string> ConfirmAsync(string modelId, ServerCallContext context)
    {
        BatchGetDvkModelsResponse response;
        try
        {
            response = await dvk.CallAsync(
                (client, options) => client.BatchGetDvkModelsAsync(new BatchGetDvkModelsRequest { Ids = { modelId } }, options),
                isRead: true,
                headers: null,
                callerDeadline: context.Deadline,
                cancellationToken: context.CancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound)
        {
            // A malformed id is as unknown as a missing one.
            throw Unknown(modelId);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !context.CancellationToken.IsCancellationRequested)
        {
            // Down, slow (deadline), misconfigured or failing: to our caller it is unavailable.
            if (Problems.ReasonOf(e) != Problems.Reasons.Unavailable)
            {
                logger.LogWarning("DVK model check for {DvkModelId} failed with {StatusCode}", modelId, e.StatusCode);
            }

            throw Problems.Unavailable(dvk.Name);
        }

        var model = response.DvkModels.FirstOrDefault(m => m.Id == modelId);
        if (model is null || model.DeleteTime is not null)
        {
            throw Unknown(modelId);
        }

        return model.Name;
    }

    private static RpcException Unknown(string modelId) =>
        Problems.InvalidArgument(
            Field,
            $"DVK model '{modelId}' does not exist (or was deleted).",
            $"Mô hình Dân vận khéo '{modelId}' không tồn tại (hoặc đã bị xóa).",
            ContestReasons.UnknownDvkModel);
}
