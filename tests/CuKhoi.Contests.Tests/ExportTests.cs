using CuKhoi.Contests.Grpc;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using Status = CuKhoi.Protos.Contests.V1.Contest.Types.Status;

namespace CuKhoi.Contests.Tests;

/// <summary>ExportEntries: a resumable stream in (update_time, id) order, in keyset batches.</summary>
public class ExportTests(ContestsWithDvk fixture) : IClassFixture<ContestsWithDvk>
{
    private ContestService.ContestServiceClient Organiser => fixture.Host.Organiser;

    private static async Task<List<ExportEntriesResponse>> ReadAllAsync(ContestService.ContestServiceClient client, ExportEntriesRequest request)
    {
        using var call = client.ExportEntries(request);
        var all = new List<ExportEntriesResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            all.Add(message);
        }

        return all;
    }

    [Fact]
    public async Task A_since_that_is_no_real_instant_is_400_not_an_internal_error()
    {
        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => ReadAllAsync(fixture.Host.Admin, new ExportEntriesRequest { ContestId = "-", Since = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue } }));

        Assert.Equal("since", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }

    [Fact]
    public async Task Every_entry_of_a_contest_streams_in_order_across_batches_and_resumes()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));
        var count = ContestServiceImpl.ExportBatchSize + 3;
        for (var i = 0; i < count; i++)
        {
            await Organiser.SubmitAsync(contest.Id, Samples.Entry(title: $"Bài {i}"));
        }

        var all = await ReadAllAsync(fixture.Host.Admin, new ExportEntriesRequest { ContestId = contest.Id });

        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Select(m => m.Entry.Id).Distinct().Count());
        var keys = all.Select(m => (m.Entry.UpdateTime.ToDateTimeOffset(), m.Entry.Id)).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1).ThenBy(k => k.Id, StringComparer.Ordinal), keys);
        Assert.All(all, m => Assert.NotEmpty(m.ResumeToken));

        var rest = await ReadAllAsync(fixture.Host.Admin, new ExportEntriesRequest { ContestId = contest.Id, ResumeToken = all[41].ResumeToken });
        Assert.Equal(all.Skip(42).Select(m => m.Entry.Id), rest.Select(m => m.Entry.Id));
    }

    [Fact]
    public async Task Since_and_all_contests()
    {
        var first = await Organiser.CreateAsync(Samples.Contest(Level.Ward));
        var second = await Organiser.CreateAsync(Samples.Contest(Level.Ward));
        var a = await Organiser.SubmitAsync(first.Id);
        var b = await Organiser.SubmitAsync(second.Id);

        var everything = await ReadAllAsync(fixture.Host.Admin, new ExportEntriesRequest { ContestId = "-", Since = a.UpdateTime });
        Assert.Contains(everything, m => m.Entry.Id == a.Id);
        Assert.Contains(everything, m => m.Entry.Id == b.Id);

        var later = await ReadAllAsync(fixture.Host.Admin, new ExportEntriesRequest { ContestId = "-", Since = Timestamp.FromDateTimeOffset(b.UpdateTime.ToDateTimeOffset().AddTicks(10)) });
        Assert.DoesNotContain(later, m => m.Entry.Id == a.Id || m.Entry.Id == b.Id);
    }

    [Fact]
    public async Task Unpublished_entries_and_phones_only_for_contests_write_and_exports_need_a_scope()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));
        await Organiser.SubmitAsync(contest.Id);

        // A SUBMITTED entry is not public: a reporting job does not get it.
        Assert.Empty(await ReadAllAsync(fixture.Host.Reporter, new ExportEntriesRequest { ContestId = contest.Id }));
        var organiser = await ReadAllAsync(Organiser, new ExportEntriesRequest { ContestId = contest.Id });
        Assert.Equal("0900 000 001", Assert.Single(organiser).Entry.Authors[0].Phone);
        await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => ReadAllAsync(fixture.Host.Anonymous, new ExportEntriesRequest { ContestId = contest.Id }));
    }

    [Fact]
    public async Task A_token_of_another_export_or_a_forged_one_is_refused()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));
        await Organiser.SubmitAsync(contest.Id);
        var token = (await ReadAllAsync(fixture.Host.Admin, new ExportEntriesRequest { ContestId = contest.Id }))[0].ResumeToken;

        foreach (var request in new[]
        {
            new ExportEntriesRequest { ContestId = "-", ResumeToken = token },
            new ExportEntriesRequest { ContestId = contest.Id, ResumeToken = token + "x" },
        })
        {
            var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => ReadAllAsync(fixture.Host.Admin, request));
            Assert.Equal("resumeToken", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        }

        await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => ReadAllAsync(fixture.Host.Admin, new ExportEntriesRequest { ContestId = "nope" }));
    }
}
