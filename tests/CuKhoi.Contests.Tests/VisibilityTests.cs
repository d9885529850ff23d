using CuKhoi.Protos.Contests.V1;
using CuKhoi.Testing;
using Grpc.Core;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using Status = CuKhoi.Protos.Contests.V1.Contest.Types.Status;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;
using Prize = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Prize;

namespace CuKhoi.Contests.Tests;

/// <summary>
/// Callers without contests:write see FORWARDED and AWARDED entries only, never phones;
/// they cannot write. A sibling service (no principal) is trusted fully.
/// </summary>
public class VisibilityTests(ContestsWithDvk fixture) : IClassFixture<ContestsWithDvk>
{
    private ContestService.ContestServiceClient Organiser => fixture.Host.Organiser;

    private ContestService.ContestServiceClient Anonymous => fixture.Host.Anonymous;

    /// <summary>A ward contest in JUDGING with one entry in each of SUBMITTED, FORWARDED and AWARDED.</summary>
    private async Task<(Contest Ward, ContestEntry Submitted, ContestEntry Forwarded, ContestEntry Awarded)> ArrangeAsync()
    {
        var (ward, district, _) = await Organiser.ChainAsync(ContestsWithDvk.NewYear());
        var submitted = await Organiser.SubmitAsync(ward.Id);
        var forwarded = await Organiser.ForwardAsync(await Organiser.ShortlistedAsync(ward.Id), district.Id);
        var awarded = await Organiser.ShortlistedAsync(ward.Id);
        await Organiser.MoveAsync(ward.Id, Status.Judging);
        awarded = await Organiser.AwardEntryAsync(new AwardEntryRequest { ContestId = ward.Id, Id = awarded.Id, Prize = Prize.Second });
        return (ward, submitted, forwarded, awarded);
    }

    [Fact]
    public async Task Anonymous_lists_show_forwarded_and_awarded_entries_without_phones()
    {
        var (ward, _, forwarded, awarded) = await ArrangeAsync();

        var list = await Anonymous.ListEntriesAsync(new ListEntriesRequest { ContestId = ward.Id });

        Assert.Equal(2, list.TotalSize);
        Assert.Equal(new[] { forwarded.Id, awarded.Id }.Order(), list.Entries.Select(e => e.Id).Order());
        Assert.All(list.Entries.SelectMany(e => e.Authors), a => Assert.Empty(a.Phone));
        Assert.All(list.Entries.SelectMany(e => e.Authors), a => Assert.NotEmpty(a.FullName));
        var awardedOnly = await Anonymous.ListEntriesAsync(new ListEntriesRequest { ContestId = ward.Id, Status = EntryStatus.Awarded });
        Assert.Equal(awarded.Id, Assert.Single(awardedOnly.Entries).Id);
        Assert.Equal(3, (await Organiser.ListEntriesAsync(new ListEntriesRequest { ContestId = ward.Id })).TotalSize);
    }

    [Theory]
    [InlineData(EntryStatus.Submitted)]
    [InlineData(EntryStatus.Shortlisted)]
    [InlineData(EntryStatus.NotAwarded)]
    public async Task Asking_for_another_status_without_contests_write_is_403(EntryStatus status)
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));

        await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => Anonymous.ListEntriesAsync(new ListEntriesRequest { ContestId = contest.Id, Status = status }).ResponseAsync);
        await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => fixture.Host.Reporter.ListEntriesAsync(new ListEntriesRequest { ContestId = contest.Id, Status = status }).ResponseAsync);
    }

    [Fact]
    public async Task Hidden_entries_are_not_found_and_visible_ones_have_no_phones()
    {
        var (ward, submitted, forwarded, _) = await ArrangeAsync();

        await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => Anonymous.GetAsync(ward.Id, submitted.Id));
        var seen = await Anonymous.GetAsync(ward.Id, forwarded.Id);
        Assert.Empty(seen.Authors[0].Phone);
        Assert.Equal("0900 000 001", (await Organiser.GetAsync(ward.Id, forwarded.Id)).Authors[0].Phone);
        Assert.Equal("0900 000 001", (await fixture.Host.Service.GetAsync(ward.Id, submitted.Id)).Authors[0].Phone);
    }

    [Fact]
    public async Task Every_write_needs_contests_write()
    {
        var (ward, submitted, _, awarded) = await ArrangeAsync();
        var clients = new[] { Anonymous, fixture.Host.Reporter, fixture.Host.Client("other-key", "articles:write dvk:write") };

        foreach (var client in clients)
        {
            await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => client.SubmitAsync(ward.Id));
            await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => client.SetStatusAsync(submitted, EntryStatus.Valid));
            await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => client.ScoreEntryAsync(new ScoreEntryRequest { ContestId = ward.Id, Id = awarded.Id, Judge = "A", Score = 1 }).ResponseAsync);
            await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => client.AwardEntryAsync(new AwardEntryRequest { ContestId = ward.Id, Id = awarded.Id, Prize = Prize.First }).ResponseAsync);
            await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => client.MoveAsync(ward.Id, Status.Closed));
        }

        // The admin scope includes contests:write.
        Assert.Equal(EntryStatus.Valid, (await fixture.Host.Admin.SetStatusAsync(submitted, EntryStatus.Valid)).Status);
    }
}
