using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Downstream;
using Grpc.Core;
using Client = CuKhoi.Protos.Contests.V1.ContestService.ContestServiceClient;

namespace CuKhoi.Gateway.Forwarding;

/// <summary>
/// ContestService at the front door (see <see cref="ArticleForwarder"/>).
/// GetContestStatistics is internal and stays UNIMPLEMENTED here.
/// </summary>
public sealed class ContestForwarder(DownstreamClient<Client> contests) : ContestService.ContestServiceBase
{
    public override Task<ListContestsResponse> ListContests(ListContestsRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.ListContestsAsync(request, o), context);

    public override Task<Contest> GetContest(GetContestRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.GetContestAsync(request, o), context);

    public override Task<ListEntriesResponse> ListEntries(ListEntriesRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.ListEntriesAsync(request, o), context);

    public override Task<ContestEntry> GetEntry(GetEntryRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.GetEntryAsync(request, o), context);

    public override Task<Contest> CreateContest(CreateContestRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.CreateContestAsync(request, o), context);

    public override Task<Contest> TransitionContest(TransitionContestRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.TransitionContestAsync(request, o), context);

    public override Task<ContestEntry> SubmitEntry(SubmitEntryRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.SubmitEntryAsync(request, o), context);

    public override Task<ContestEntry> UpdateEntry(UpdateEntryRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.UpdateEntryAsync(request, o), context);

    public override Task<ContestEntry> ForwardEntry(ForwardEntryRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.ForwardEntryAsync(request, o), context);

    public override Task<ContestEntry> ScoreEntry(ScoreEntryRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.ScoreEntryAsync(request, o), context);

    public override Task<ContestEntry> AwardEntry(AwardEntryRequest request, ServerCallContext context) =>
        contests.ForwardAsync((c, o) => c.AwardEntryAsync(request, o), context);

    public override Task ExportEntries(ExportEntriesRequest request, IServerStreamWriter<ExportEntriesResponse> responseStream, ServerCallContext context) =>
        contests.ForwardStreamAsync((c, o) => c.ExportEntries(request, o), responseStream, context);
}
