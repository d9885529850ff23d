using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Downstream;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;

namespace CuKhoi.Contests.Grpc;

/// <summary>
/// Confirms a DVK model with the DVK service before an entry about it is stored. It asks on
/// behalf of its own caller (the gateway's principal and scopes travel on), so the DVK
/// service decides what that caller may see: a model the caller could not read (an
/// unrecognised one, without `dvk:write`) is as unknown as a missing one, and its name never
/// reaches an entry. A read (UNAVAILABLE may be retried), within the incoming call's deadline
/// and the configured bound (Services:DvkModels:Deadline, 3 s), cancelled with it.
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
                headers: OnBehalfOf(context),
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

    /// <summary>The end caller as the gateway named it; none when a sibling service called (full trust).</summary>
    private static Metadata? OnBehalfOf(ServerCallContext context)
    {
        var caller = context.GetCaller();
        return caller.IsService
            ? null
            : new Metadata { { CallMetadata.Principal, caller.Principal }, { CallMetadata.Scopes, string.Join(' ', caller.Scopes) } };
    }

    private static RpcException Unknown(string modelId) =>
        Problems.InvalidArgument(
            Field,
            $"DVK model '{modelId}' does not exist (or was deleted).",
            $"Mô hình Dân vận khéo '{modelId}' không tồn tại (hoặc đã bị xóa).",
            ContestReasons.UnknownDvkModel);
}
