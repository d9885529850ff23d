using CuKhoi.Contests.Data;
using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;
using static CuKhoi.Contests.Grpc.ContestMapping;

namespace CuKhoi.Contests.Grpc;

/// <summary>The bulk export and the annual figures.</summary>
public sealed partial class ContestServiceImpl
{
    public const string ReportsScope = "reports:read";

    /// <summary>Rows read per query: memory stays flat however large the export.</summary>
    public const int ExportBatchSize = 100;

    /// <summary>The position after an exported row; signed into every message's resume_token.</summary>
    public sealed record ExportCursor(long UpdateTime, string Id);

    /// <summary>
    /// Every entry, of one contest or of all ("-"), in (update_time, id) order, from
    /// `since` on; each message carries a token that resumes after it. An entry changed
    /// during the export moves to the end and is sent again in its new state. Needs
    /// reports:read (or contests:write); phones only for contests:write.
    /// </summary>
    public override async Task ExportEntries(ExportEntriesRequest request, IServerStreamWriter<ExportEntriesResponse> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        if (!caller.Has(ReportsScope) && !caller.Has(WriteScope))
        {
            throw Problems.PermissionDenied(
                $"Exports need the {ReportsScope} scope.",
                $"Xuất dữ liệu cần quyền {ReportsScope}.");
        }

        var ct = context.CancellationToken;
        // "-" (or nothing) means every contest.
        var contestId = request.ContestId is "" or "-" ? null : request.ContestId;
        if (contestId is not null)
        {
            _ = await contests.GetAsync(contestId, ct) ?? throw ContestNotFound(contestId);
        }

        var since = request.Since is null ? long.MinValue : Clock.ToMicros(request.Since);
        var fingerprint = $"export|{contestId ?? "-"}|{since}";
        var after = DecodeResumeToken(request.ResumeToken, fingerprint);
        var showPhones = caller.Has(WriteScope);
        while (true)
        {
            var batch = await entries.ExportBatchAsync(contestId, since, after is null ? null : (after.UpdateTime, after.Id), ExportBatchSize, ct);
            foreach (var row in batch)
            {
                after = new ExportCursor(row.UpdateTime, row.Id);
                await responseStream.WriteAsync(
                    new ExportEntriesResponse { Entry = ToProto(row, showPhones), ResumeToken = pageTokens.Encode(after, fingerprint) },
                    ct);
            }

            if (batch.Count < ExportBatchSize)
            {
                return;
            }
        }
    }

    /// <summary>Counted by SQL on every call; see <see cref="EntryRepository.ChainCountsAsync"/> for the definitions.</summary>
    public override async Task<ContestStatistics> GetContestStatistics(GetContestStatisticsRequest request, ServerCallContext context)
    {
        new Validation().Range("year", request.Year, ContestRules.MinYear, ContestRules.MaxYear, "year", "Năm").ThrowIfInvalid();
        var ct = context.CancellationToken;
        var chain = await entries.ChainCountsAsync(request.Year, ct);
        var statistics = new ContestStatistics
        {
            Year = request.Year,
            WardEntriesSubmitted = chain.WardEntries,
            ReachedDistrict = chain.ReachedDistrict,
            ReachedCity = chain.ReachedCity,
        };
        foreach (var count in await entries.CountByLevelAndStatusAsync(request.Year, ct))
        {
            statistics.EntriesByLevelStatus[$"{count.Level}/{count.Status}"] = count.Count;
        }

        foreach (var count in await entries.CountByLevelAsync(request.Year, ct))
        {
            statistics.EntriesByLevel[count.Level] = count.Count;
        }

        return statistics;
    }

    private ExportCursor? DecodeResumeToken(string token, string fingerprint)
    {
        try
        {
            return pageTokens.Decode<ExportCursor>(token, fingerprint);
        }
        catch (RpcException)
        {
            throw Problems.InvalidArgument(
                "resumeToken",
                "resumeToken is not valid for this export; start again without it.",
                "resumeToken không hợp lệ cho lần xuất dữ liệu này; hãy bắt đầu lại không dùng resumeToken.",
                Problems.Reasons.InvalidPageToken);
        }
    }
}
