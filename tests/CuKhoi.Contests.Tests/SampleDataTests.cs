using CuKhoi.Contests.Seed;
using CuKhoi.DvkModels.Seed;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Text;
using Microsoft.Extensions.Time.Testing;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;

namespace CuKhoi.Contests.Tests;

/// <summary>A host started with Seed:Sample=true, its clock in mid-2020 so 2020 contests take entries.</summary>
public sealed class SampleContests2020 : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2020, 6, 1, 3, 0, 0, TimeSpan.Zero));

    public ContestsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ContestsHost.StartAsync(time: Clock, sample: true);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// The sample data reproduces the seed document: 11 ward entries in 2020, 1 of which the
/// district sent to the city. The figures are counted by SQL, and move with the data.
/// </summary>
public class SampleDataTests(SampleContests2020 fixture) : IClassFixture<SampleContests2020>
{
    private ContestService.ContestServiceClient Organiser => fixture.Host.Organiser;

    [Fact]
    public async Task The_2020_chain_is_there_and_closed()
    {
        var ward = await Organiser.GetContestAsync(new GetContestRequest { Id = SampleContests.WardContestId });
        var district = await Organiser.GetContestAsync(new GetContestRequest { Id = ward.ParentContestId });
        var city = await Organiser.GetContestAsync(new GetContestRequest { Id = district.ParentContestId });

        Assert.Equal("Cuộc thi viết về điển hình Dân vận khéo phường Cự Khối năm 2020", ward.Name);
        Assert.Equal("Ban Dân vận Đảng ủy phường Cự Khối", ward.Organiser);
        Assert.Equal((Level.Ward, Level.District, Level.City), (ward.Level, district.Level, city.Level));
        Assert.All(new[] { ward, district, city }, c => Assert.Equal((2020, Status.Closed), (c.Year, c.Status)));
        Assert.Empty(city.ParentContestId);

        var entries = await Organiser.ListEntriesAsync(new ListEntriesRequest { ContestId = ward.Id, PageSize = 100 });
        Assert.Equal(11, entries.TotalSize);
        Assert.All(entries.Entries, e => Assert.StartsWith(SampleContests.SampleMarker, e.Body));
        Assert.All(entries.Entries, e => Assert.DoesNotContain(e.Status, new[] { EntryStatus.Submitted, EntryStatus.Valid, EntryStatus.Shortlisted }));
        Assert.Contains(entries.Entries, e => e.Subject.Kind == Subject.Types.Kind.Model && e.Subject.DvkModelId == SampleContests.DvkModels.GpmbTeamId);
        Assert.Equal(4, entries.Entries.Count(e => e.Status == EntryStatus.Awarded && e.Prize != ContestEntry.Types.Prize.Unspecified));
    }

    [Fact]
    public async Task The_models_the_sample_entries_name_are_the_DVK_services_sample_models()
    {
        await using var dvk = new RealDvkHost(sample: true);
        var entries = await Organiser.ListEntriesAsync(new ListEntriesRequest { ContestId = SampleContests.WardContestId, PageSize = 100 });
        var aboutModels = entries.Entries.Where(e => e.Subject.Kind == Subject.Types.Kind.Model).ToList();
        Assert.Equal(3, aboutModels.Count);

        var request = new BatchGetDvkModelsRequest();
        request.Ids.AddRange(aboutModels.Select(e => e.Subject.DvkModelId));
        var found = await dvk.Admin.BatchGetDvkModelsAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Empty(found.MissingIds);
        Assert.All(aboutModels, e => Assert.Equal(found.DvkModels.Single(m => m.Id == e.Subject.DvkModelId).Name, e.Subject.Name));
        Assert.Contains(SampleDvkModels.GpmbTeam, found.DvkModels.Select(m => m.Id));
    }

    [Fact]
    public async Task The_one_entry_that_reached_the_city_is_traceable_both_ways()
    {
        var cityEntries = await Organiser.ListEntriesAsync(new ListEntriesRequest { ContestId = SampleContests.CityContestId });
        var cityCopy = Assert.Single(cityEntries.Entries);

        var districtCopy = await Organiser.GetAsync(cityCopy.OriginContestId, cityCopy.OriginEntryId);
        var wardEntry = await Organiser.GetAsync(districtCopy.OriginContestId, districtCopy.OriginEntryId);
        Assert.Equal(SampleContests.WardContestId, wardEntry.ContestId);
        Assert.Equal((EntryStatus.Forwarded, SampleContests.DistrictContestId), (wardEntry.Status, wardEntry.ForwardedToContestId));
        Assert.Equal(districtCopy.Id, wardEntry.ForwardedEntryId);
        Assert.Equal(cityCopy.Id, districtCopy.ForwardedEntryId);
        Assert.Equal(wardEntry.Title, cityCopy.Title);

        // The public sees the ward's forwarded and awarded entries, without phones.
        var seen = await fixture.Host.Anonymous.ListEntriesAsync(new ListEntriesRequest { ContestId = SampleContests.WardContestId });
        Assert.Equal(6, seen.TotalSize);
        Assert.All(seen.Entries.SelectMany(e => e.Authors), a => Assert.Empty(a.Phone));
    }

    [Fact]
    public async Task Statistics_2020_read_11_submitted_and_1_reached_the_city()
    {
        var stats = await fixture.Host.Service.GetContestStatisticsAsync(new GetContestStatisticsRequest { Year = 2020 });

        Assert.Equal(11, stats.WardEntriesSubmitted);
        Assert.Equal(2, stats.ReachedDistrict);
        Assert.Equal(1, stats.ReachedCity);
        Assert.Equal(11, stats.EntriesByLevel["WARD"]);
        Assert.Equal(2, stats.EntriesByLevel["DISTRICT"]);
        Assert.Equal(1, stats.EntriesByLevel["CITY"]);
        Assert.Equal(2, stats.EntriesByLevelStatus["WARD/FORWARDED"]);
        Assert.Equal(4, stats.EntriesByLevelStatus["WARD/AWARDED"]);
        Assert.Equal(4, stats.EntriesByLevelStatus["WARD/NOT_AWARDED"]);
        Assert.Equal(1, stats.EntriesByLevelStatus["WARD/INVALID"]);
        Assert.Equal(1, stats.EntriesByLevelStatus["DISTRICT/FORWARDED"]);
        Assert.Equal(1, stats.EntriesByLevelStatus["CITY/NOT_AWARDED"]);
        Assert.Equal(stats.EntriesByLevel.Values.Sum(), stats.EntriesByLevelStatus.Values.Sum());
    }

    [Fact]
    public async Task Statistics_are_computed_so_they_move_with_new_entries()
    {
        // A year of its own, so the sample 2020 figures of the other tests stay as they are.
        var year = ContestsWithDvk.NewYear();
        var today = VietnamTime.Today(fixture.Clock);
        var (ward, district, city) = await Organiser.ChainAsync(year, today);
        var before = await fixture.Host.Service.GetContestStatisticsAsync(new GetContestStatisticsRequest { Year = year });
        Assert.Equal((0, 0, 0), (before.WardEntriesSubmitted, before.ReachedDistrict, before.ReachedCity));

        await Organiser.SubmitAsync(ward.Id);
        var entry = await Organiser.ShortlistedAsync(ward.Id);
        var afterSubmit = await fixture.Host.Service.GetContestStatisticsAsync(new GetContestStatisticsRequest { Year = year });
        Assert.Equal((2, 0, 0), (afterSubmit.WardEntriesSubmitted, afterSubmit.ReachedDistrict, afterSubmit.ReachedCity));

        var forwarded = await Organiser.ForwardAsync(entry, district.Id);
        // An entry sent straight to the district did not come up the chain: not "reached".
        await Organiser.SubmitAsync(district.Id);
        var copy = await Organiser.GetAsync(district.Id, forwarded.ForwardedEntryId);
        await Organiser.SetStatusAsync(copy, EntryStatus.Valid);
        await Organiser.SetStatusAsync(copy, EntryStatus.Shortlisted);
        await Organiser.ForwardAsync(copy, city.Id);

        var after = await fixture.Host.Service.GetContestStatisticsAsync(new GetContestStatisticsRequest { Year = year });
        Assert.Equal((2, 1, 1), (after.WardEntriesSubmitted, after.ReachedDistrict, after.ReachedCity));
        Assert.Equal(2, after.EntriesByLevel["DISTRICT"]);
        Assert.Equal(1, after.EntriesByLevelStatus["CITY/SUBMITTED"]);
    }

    [Fact]
    public async Task Adding_a_2020_ward_entry_moves_the_2020_figure()
    {
        // A host of its own: the other tests read the untouched 2020 figures.
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 6, 1, 3, 0, 0, TimeSpan.Zero));
        await using var host = await ContestsHost.StartAsync(time: clock, sample: true);
        var today = VietnamTime.Today(clock);
        var district = await host.Organiser.CreateAsync(Samples.Contest(Level.District, 2020, SampleContests.CityContestId, today: today));
        var ward = await host.Organiser.CreateAsync(Samples.Contest(Level.Ward, 2020, district.Id, today: today));
        Assert.Equal(11, (await host.Service.GetContestStatisticsAsync(new GetContestStatisticsRequest { Year = 2020 })).WardEntriesSubmitted);

        await host.Organiser.SubmitAsync(ward.Id);

        var after = await host.Service.GetContestStatisticsAsync(new GetContestStatisticsRequest { Year = 2020 });
        Assert.Equal((12, 1), (after.WardEntriesSubmitted, after.ReachedCity));
    }
}
