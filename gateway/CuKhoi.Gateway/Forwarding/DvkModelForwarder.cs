using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Downstream;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Client = CuKhoi.Protos.Dvk.V1.DvkModelService.DvkModelServiceClient;

namespace CuKhoi.Gateway.Forwarding;

/// <summary>
/// DvkModelService at the front door (see <see cref="ArticleForwarder"/>).
/// GetDvkStatistics is internal and stays UNIMPLEMENTED here.
/// </summary>
public sealed class DvkModelForwarder(DownstreamClient<Client> dvk) : DvkModelService.DvkModelServiceBase
{
    public override Task<ListDvkModelsResponse> ListDvkModels(ListDvkModelsRequest request, ServerCallContext context) =>
        dvk.ForwardAsync((c, o) => c.ListDvkModelsAsync(request, o), context);

    public override Task<DvkModel> GetDvkModel(GetDvkModelRequest request, ServerCallContext context) =>
        dvk.ForwardAsync((c, o) => c.GetDvkModelAsync(request, o), context);

    public override Task<BatchGetDvkModelsResponse> BatchGetDvkModels(BatchGetDvkModelsRequest request, ServerCallContext context) =>
        dvk.ForwardAsync((c, o) => c.BatchGetDvkModelsAsync(request, o), context);

    public override Task<DvkModel> RegisterDvkModel(RegisterDvkModelRequest request, ServerCallContext context) =>
        dvk.ForwardAsync((c, o) => c.RegisterDvkModelAsync(request, o), context);

    public override Task<DvkModel> UpdateDvkModel(UpdateDvkModelRequest request, ServerCallContext context) =>
        dvk.ForwardAsync((c, o) => c.UpdateDvkModelAsync(request, o), context);

    public override Task<DvkModel> AddRecognition(AddRecognitionRequest request, ServerCallContext context) =>
        dvk.ForwardAsync((c, o) => c.AddRecognitionAsync(request, o), context);

    public override Task<DvkModel> TransitionDvkModel(TransitionDvkModelRequest request, ServerCallContext context) =>
        dvk.ForwardAsync((c, o) => c.TransitionDvkModelAsync(request, o), context);

    public override Task<Empty> DeleteDvkModel(DeleteDvkModelRequest request, ServerCallContext context) =>
        dvk.ForwardAsync((c, o) => c.DeleteDvkModelAsync(request, o), context);

    public override Task<DvkModel> UndeleteDvkModel(UndeleteDvkModelRequest request, ServerCallContext context) =>
        dvk.ForwardAsync((c, o) => c.UndeleteDvkModelAsync(request, o), context);

    public override Task ExportDvkModels(ExportDvkModelsRequest request, IServerStreamWriter<ExportDvkModelsResponse> responseStream, ServerCallContext context) =>
        dvk.ForwardStreamAsync((c, o) => c.ExportDvkModels(request, o), responseStream, context);
}
