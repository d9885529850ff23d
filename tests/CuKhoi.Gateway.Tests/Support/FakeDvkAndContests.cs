using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>Stand-ins for the creates of the other two services (their Location rules live in the gateway).</summary>
public sealed class FakeDvkModels : DvkModelService.DvkModelServiceBase
{
    public override Task<DvkModel> RegisterDvkModel(RegisterDvkModelRequest request, ServerCallContext context) =>
        Task.FromResult(new DvkModel { Id = "m1", Name = request.DvkModel.Name, Etag = "v1" });

    public override Task<DvkModel> AddRecognition(AddRecognitionRequest request, ServerCallContext context) =>
        Task.FromResult(new DvkModel { Id = request.DvkModelId, Recognitions = { request.Recognition }, Etag = "v2" });

    public override Task<Empty> DeleteDvkModel(DeleteDvkModelRequest request, ServerCallContext context) =>
        Task.FromResult(new Empty());
}

public sealed class FakeContests : ContestService.ContestServiceBase
{
    public override Task<Contest> CreateContest(CreateContestRequest request, ServerCallContext context) =>
        Task.FromResult(new Contest { Id = "c1", Name = request.Contest.Name, Etag = "v1" });

    public override Task<ContestEntry> SubmitEntry(SubmitEntryRequest request, ServerCallContext context) =>
        Task.FromResult(new ContestEntry { Id = "e1", ContestId = request.ContestId, Title = request.Entry.Title, Etag = "v1" });

    public override Task<ContestEntry> UpdateEntry(UpdateEntryRequest request, ServerCallContext context) =>
        Task.FromResult(new ContestEntry { Id = request.Entry.Id, ContestId = request.Entry.ContestId, Title = string.Join(",", request.UpdateMask.Paths), Etag = request.Entry.Etag });
}
