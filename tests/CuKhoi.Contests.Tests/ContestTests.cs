using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Testing;
using Grpc.Core;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using Status = CuKhoi.Protos.Contests.V1.Contest.Types.Status;

namespace CuKhoi.Contests.Tests;

/// <summary>Contests: creation rules, the parent chain, the OPEN → JUDGING → CLOSED lifecycle, lists.</summary>
public class ContestTests(ContestsWithDvk fixture) : IClassFixture<ContestsWithDvk>
{
    private ContestService.ContestServiceClient Organiser => fixture.Host.Organiser;

    [Fact]
    public async Task A_new_contest_is_OPEN_with_an_etag()
    {
        var created = await Organiser.CreateAsync(Samples.Contest(Level.Ward, maxWords: 3000));

        Assert.Equal(Status.Open, created.Status);
        Assert.Equal(32, created.Id.Length);
        Assert.Equal("v1", created.Etag);
        Assert.Equal(3000, created.MaxWords);
        Assert.Equal(created, await Organiser.GetContestAsync(new GetContestRequest { Id = created.Id }));
    }

    [Fact]
    public async Task Bad_fields_are_all_named_at_once()
    {
        var contest = new Contest { Year = 1989, OpensOn = new Google.Type.Date { Year = 2020, Month = 2, Day = 30 }, MaxWords = -1 };

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Organiser.CreateAsync(contest));

        var fields = e.BadRequest()!.FieldViolations.Select(v => v.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "contest.name", "contest.year", "contest.level", "contest.opensOn", "contest.closesOn", "contest.maxWords" }, fields);
        Assert.NotNull(e.VietnameseMessage());
    }

    [Fact]
    public async Task A_parent_must_exist_be_one_level_up_and_of_the_same_year()
    {
        var year = ContestsWithDvk.NewYear();
        var city = await Organiser.CreateAsync(Samples.Contest(Level.City, year));
        var district = await Organiser.CreateAsync(Samples.Contest(Level.District, year, city.Id));

        foreach (var (contest, why) in new[]
        {
            (Samples.Contest(Level.Ward, year, "0000000000000000000000000000dead"), "does not exist"),
            (Samples.Contest(Level.Ward, year, city.Id), "DISTRICT"),
            (Samples.Contest(Level.City, year, district.Id), "CENTRAL"),
            (Samples.Contest(Level.Ward, year + 1, district.Id), "same year"),
        })
        {
            var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Organiser.CreateAsync(contest));
            Assert.Equal(ContestReasons.InvalidParentContest, e.Reason());
            var violation = Assert.Single(e.BadRequest()!.FieldViolations);
            Assert.Equal("contest.parentContestId", violation.Field);
            Assert.Contains(why, violation.Description);
        }

        var ward = await Organiser.CreateAsync(Samples.Contest(Level.Ward, year, district.Id));
        Assert.Equal(district.Id, ward.ParentContestId);
    }

    [Fact]
    public async Task A_contest_goes_OPEN_JUDGING_CLOSED_and_nowhere_else()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.MoveAsync(contest.Id, Status.Closed));
        Assert.Equal("ILLEGAL_TRANSITION", e.Reason());
        Assert.Contains("JUDGING", e.Status.Detail);

        var judging = await Organiser.MoveAsync(contest.Id, Status.Judging);
        Assert.Equal(Status.Judging, judging.Status);
        Assert.Equal("v2", judging.Etag);
        var closed = await Organiser.MoveAsync(contest.Id, Status.Closed);
        Assert.Equal(Status.Closed, closed.Status);

        e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.MoveAsync(contest.Id, Status.Open));
        Assert.Equal("ILLEGAL_TRANSITION", e.Reason());
    }

    [Fact]
    public async Task A_stale_etag_is_refused()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));
        await Organiser.MoveAsync(contest.Id, Status.Judging);

        var e = await RpcAssert.ThrowsAsync(StatusCode.Aborted, () => Organiser.TransitionContestAsync(
            new TransitionContestRequest { Id = contest.Id, To = Status.Closed, Etag = contest.Etag }).ResponseAsync);
        Assert.Equal("ETAG_MISMATCH", e.Reason());
    }

    [Fact]
    public async Task Contests_list_by_year_and_level_page_by_page()
    {
        var year = ContestsWithDvk.NewYear();
        var (ward, district, city) = await Organiser.ChainAsync(year);
        var second = await Organiser.CreateAsync(Samples.Contest(Level.Ward, year, district.Id));

        var all = new List<Contest>();
        string token = string.Empty;
        do
        {
            var page = await Organiser.ListContestsAsync(new ListContestsRequest { Year = year, PageSize = 3, PageToken = token });
            Assert.Equal(4, page.TotalSize);
            all.AddRange(page.Contests);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        // Year descending, then WARD, DISTRICT, CITY.
        Assert.Equal([Level.Ward, Level.Ward, Level.District, Level.City], all.Select(c => c.Level));
        Assert.Equal(new[] { ward.Id, second.Id }.Order(), all.Take(2).Select(c => c.Id).Order());
        Assert.Equal(city.Id, all[3].Id);

        var wards = await Organiser.ListContestsAsync(new ListContestsRequest { Year = year, Level = Level.Ward });
        Assert.Equal(2, wards.TotalSize);
        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Organiser.ListContestsAsync(new ListContestsRequest { Year = 3000 }).ResponseAsync);
        Assert.Equal("year", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }

    [Fact]
    public async Task Anyone_reads_contests_but_only_contests_write_changes_them()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));

        Assert.Equal(contest.Name, (await fixture.Host.Anonymous.GetContestAsync(new GetContestRequest { Id = contest.Id })).Name);
        await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => fixture.Host.Anonymous.CreateAsync(Samples.Contest(Level.Ward)));
        await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => fixture.Host.Reporter.MoveAsync(contest.Id, Status.Judging));
        await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => Organiser.GetContestAsync(new GetContestRequest { Id = "nope" }).ResponseAsync);
    }
}
