using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Testing;
using Grpc.Core;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using Status = CuKhoi.Protos.Contests.V1.Contest.Types.Status;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;

namespace CuKhoi.Contests.Tests;

/// <summary>Forwarding ward → district → city: the linked copies, traceable both ways, and every refusal.</summary>
public class ForwardingTests(ContestsWithDvk fixture) : IClassFixture<ContestsWithDvk>
{
    private ContestService.ContestServiceClient Organiser => fixture.Host.Organiser;

    [Fact]
    public async Task An_entry_goes_up_ward_district_city_and_the_chain_is_traceable_both_ways()
    {
        var (ward, district, city) = await Organiser.ChainAsync(ContestsWithDvk.NewYear());
        var model = await fixture.Dvk.RegisterAsync("Dân vận khéo trong công tác giải phóng mặt bằng");
        var original = Samples.Entry(subject: new Subject { Kind = Subject.Types.Kind.Model, DvkModelId = model.Id });
        original.Authors.Add(new Author { FullName = "Trần Thị Lan", Unit = "Hội Phụ nữ phường", Phone = "0900 000 002" });
        var entry = await Organiser.ShortlistedAsync(ward.Id, original);

        var forwarded = await Organiser.ForwardAsync(entry, district.Id);

        Assert.Equal(EntryStatus.Forwarded, forwarded.Status);
        Assert.Equal(district.Id, forwarded.ForwardedToContestId);
        var copy = await Organiser.GetAsync(district.Id, forwarded.ForwardedEntryId);
        Assert.Equal(EntryStatus.Submitted, copy.Status);
        Assert.Equal((ward.Id, entry.Id), (copy.OriginContestId, copy.OriginEntryId));
        Assert.Equal((entry.Title, entry.Genre, entry.Body, entry.WordCount), (copy.Title, copy.Genre, copy.Body, copy.WordCount));
        Assert.Equal(entry.Authors, copy.Authors);
        Assert.Equal(entry.Subject, copy.Subject);
        Assert.Equal(model.Name, copy.Subject.Name);

        // The copy runs the same machine in the district contest, and goes on to the city.
        await Organiser.SetStatusAsync(copy, EntryStatus.Valid);
        await Organiser.SetStatusAsync(copy, EntryStatus.Shortlisted);
        var forwardedAgain = await Organiser.ForwardAsync(copy, city.Id);
        var cityCopy = await Organiser.GetAsync(city.Id, forwardedAgain.ForwardedEntryId);

        // Down the chain from the ward ...
        var step1 = await Organiser.GetAsync(ward.Id, entry.Id);
        var step2 = await Organiser.GetAsync(step1.ForwardedToContestId, step1.ForwardedEntryId);
        var step3 = await Organiser.GetAsync(step2.ForwardedToContestId, step2.ForwardedEntryId);
        Assert.Equal(cityCopy.Id, step3.Id);
        Assert.Equal(city.Id, step3.ContestId);
        // ... and back up from the city.
        var back1 = await Organiser.GetAsync(cityCopy.OriginContestId, cityCopy.OriginEntryId);
        var back2 = await Organiser.GetAsync(back1.OriginContestId, back1.OriginEntryId);
        Assert.Equal(copy.Id, back1.Id);
        Assert.Equal(entry.Id, back2.Id);
        Assert.Empty(back2.OriginEntryId);
        Assert.Empty(cityCopy.ForwardedEntryId);
    }

    [Fact]
    public async Task Only_to_the_parent_contest()
    {
        var (ward, _, city) = await Organiser.ChainAsync(ContestsWithDvk.NewYear());
        var entry = await Organiser.ShortlistedAsync(ward.Id);

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.ForwardAsync(entry, city.Id));

        Assert.Equal(ContestReasons.NotParentContest, e.Reason());
        Assert.Equal("targetContestId", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Equal(EntryStatus.Shortlisted, (await Organiser.GetAsync(ward.Id, entry.Id)).Status);
        Assert.Equal(0, await Organiser.CountAsync(city.Id));
    }

    [Fact]
    public async Task A_contest_without_a_parent_forwards_nowhere()
    {
        var city = await Organiser.CreateAsync(Samples.Contest(Level.City));
        var other = await Organiser.CreateAsync(Samples.Contest(Level.Central));
        var entry = await Organiser.ShortlistedAsync(city.Id);

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.ForwardAsync(entry, other.Id));
        Assert.Equal(ContestReasons.NotParentContest, e.Reason());
        Assert.Contains("no parent", e.Status.Detail);
    }

    [Fact]
    public async Task Only_once()
    {
        var (ward, district, _) = await Organiser.ChainAsync(ContestsWithDvk.NewYear());
        var entry = await Organiser.ShortlistedAsync(ward.Id);
        await Organiser.ForwardAsync(entry, district.Id);

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.ForwardAsync(entry, district.Id));

        Assert.Equal(ContestReasons.AlreadyForwarded, e.Reason());
        Assert.Equal(1, await Organiser.CountAsync(district.Id));
    }

    [Theory]
    [InlineData(EntryStatus.Submitted)]
    [InlineData(EntryStatus.Valid)]
    [InlineData(EntryStatus.Invalid)]
    public async Task Only_a_shortlisted_entry(EntryStatus status)
    {
        var (ward, district, _) = await Organiser.ChainAsync(ContestsWithDvk.NewYear());
        var entry = await Organiser.SubmitAsync(ward.Id);
        if (status != EntryStatus.Submitted)
        {
            await Organiser.SetStatusAsync(entry, status);
        }

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.ForwardAsync(entry, district.Id));

        Assert.Equal("ILLEGAL_TRANSITION", e.Reason());
        Assert.Equal(0, await Organiser.CountAsync(district.Id));
    }

    [Fact]
    public async Task Not_by_setting_the_status()
    {
        var (ward, _, _) = await Organiser.ChainAsync(ContestsWithDvk.NewYear());
        var entry = await Organiser.ShortlistedAsync(ward.Id);

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.SetStatusAsync(entry, EntryStatus.Forwarded));
        Assert.Contains(":forward", e.Status.Detail);
    }

    [Fact]
    public async Task A_closed_parent_refuses_but_its_past_closing_day_does_not()
    {
        var year = ContestsWithDvk.NewYear();
        var today = CuKhoi.ServiceDefaults.Text.VietnamTime.Today(TimeProvider.System);
        var pastDistrict = await Organiser.CreateAsync(Samples.Contest(Level.District, year, opens: today.AddDays(-60), closes: today.AddDays(-30)));
        var ward = await Organiser.CreateAsync(Samples.Contest(Level.Ward, year, pastDistrict.Id));
        var entry = await Organiser.ShortlistedAsync(ward.Id);
        var forwarded = await Organiser.ForwardAsync(entry, pastDistrict.Id);
        Assert.Equal(EntryStatus.Forwarded, forwarded.Status);

        var closedDistrict = await Organiser.CreateAsync(Samples.Contest(Level.District, year));
        await Organiser.MoveAsync(closedDistrict.Id, Status.Judging);
        await Organiser.MoveAsync(closedDistrict.Id, Status.Closed);
        var ward2 = await Organiser.CreateAsync(Samples.Contest(Level.Ward, year, closedDistrict.Id));
        var entry2 = await Organiser.ShortlistedAsync(ward2.Id);
        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.ForwardAsync(entry2, closedDistrict.Id));
        Assert.Equal(ContestReasons.ContestClosed, e.Reason());
    }

    [Fact]
    public async Task Forwarding_needs_contests_write()
    {
        var (ward, district, _) = await Organiser.ChainAsync(ContestsWithDvk.NewYear());
        var entry = await Organiser.ShortlistedAsync(ward.Id);

        await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => fixture.Host.Reporter.ForwardAsync(entry, district.Id));
    }
}
