using CuKhoi.DvkModels.Seed;
using CuKhoi.Protos.Dvk.V1;
using Field = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Field;
using Level = CuKhoi.Protos.Dvk.V1.Recognition.Types.Level;
using RecognitionKind = CuKhoi.Protos.Dvk.V1.Recognition.Types.Kind;

namespace CuKhoi.DvkModels.Tests;

/// <summary>
/// The sample data reproduces the seed document (one model commended by the district in
/// 2020) and the statistics are computed from whatever is stored, so they move with it.
/// The shared hosts are only read: the test that changes the figures adds a recognition to
/// a sample model, so it starts a sample host of its own rather than leave that behind for
/// whichever test runs next.
/// </summary>
[TestCaseOrderer("CuKhoi.DvkModels.Tests.StatsFirst", "CuKhoi.DvkModels.Tests")]
public class SampleDataTests(SampleDvkHosts hosts) : IClassFixture<SampleDvkHosts>
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_sample_models_are_loaded_under_their_fixed_ids(string provider)
    {
        var host = await hosts.GetAsync(provider);

        var response = await host.Service.BatchGetDvkModelsAsync(new BatchGetDvkModelsRequest { Ids = { SampleDvkModels.All } });
        var models = response.DvkModels;

        Assert.Empty(response.MissingIds);
        Assert.True(models.Count >= 8);
        Assert.All(models, m => Assert.Contains("(Dữ liệu mẫu)", m.Description));
        Assert.Equal(Enum.GetValues<Field>().Skip(1).Order(), models.Select(m => m.Field).Distinct().Order());
        Assert.True(models.Select(m => m.OwnerUnit).Distinct().Count() >= 5);
        Assert.Contains(models, m => m.Topics.Contains("GPMB"));
        Assert.Contains(models, m => m.Topics.Contains("tôn giáo"));
        Assert.True(models.Count(m => m.Recognitions.Any(r => r.Level == Level.Ward)) >= 2);

        // Exactly one district recognition, in 2020, by the district of the time.
        var district = Assert.Single(models.SelectMany(m => m.Recognitions), r => r.Level == Level.District);
        Assert.Equal((2020, RecognitionKind.Commendation, 2020, "UBND quận Long Biên"), (district.Year, district.Kind, district.DecisionDate.Year, district.Issuer));
        var gpmb = models.Single(m => m.Id == SampleDvkModels.GpmbTeam);
        Assert.Equal(Level.District, gpmb.HighestLevel);
        Assert.Equal("DVK-2020-01", gpmb.Code);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_sample_models_are_found_by_topic_words(string provider)
    {
        var host = await hosts.GetAsync(provider);

        var gpmb = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { Q = "GPMB" });
        var religion = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { Q = "ton giao" });
        var police = await host.Anonymous.ListDvkModelsAsync(new ListDvkModelsRequest { Q = "cong an", OrderBy = "relevance" });

        Assert.Contains(gpmb.DvkModels, m => m.Id == SampleDvkModels.GpmbTeam);
        Assert.Contains(gpmb.DvkModels, m => m.Id == SampleDvkModels.LandDonor);
        Assert.Contains(religion.DvkModels, m => m.Id == SampleDvkModels.ParishNeighbourhood);
        Assert.Contains(religion.DvkModels, m => m.Id == SampleDvkModels.FestivalSecurity);
        Assert.Equal(SampleDvkModels.SecurityCameras, police.DvkModels[0].Id);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Statistics_for_2020_show_one_district_recognition_and_move_with_the_data(string provider)
    {
        await using var host = await DvkHost.StartAsync(provider, sample: true).WaitAsync(TimeSpan.FromSeconds(60));

        var before = await host.Service.GetDvkStatisticsAsync(new GetDvkStatisticsRequest { Year = 2020 });

        Assert.Equal(2020, before.Year);
        Assert.Equal(2, before.Registered);
        Assert.Equal(1, before.RecognisedByLevel["DISTRICT"]);
        Assert.Equal(2, before.RecognisedByLevel["WARD"]);
        Assert.Equal(0, before.RecognisedByLevel["CITY"]);
        Assert.Equal(2, before.ByStatus["RECOGNISED"]);
        Assert.Equal(0, before.ByStatus["CLOSED"]);
        Assert.Equal(1, before.ByField["ECONOMY"]);
        Assert.Equal(1, before.RecognisedByField["DEFENCE_SECURITY"]);

        // A second 2020 district decision, for the other 2020 model: the figure moves.
        await host.Editor.RecogniseAsync(SampleDvkModels.SecurityCameras, TestData.Recognition(Level.District, 2020, 12, 28, "3601/QĐ-UBND"));
        // A second recognition of an already counted model at the same level does not.
        await host.Editor.RecogniseAsync(SampleDvkModels.GpmbTeam, TestData.Recognition(Level.Ward, 2020, 12, 20, "61/QĐ-UBND"));
        // Models registered for 2020 count; deleted ones do not.
        await host.Editor.RegisterAsync(TestData.Model(TestData.Tag(), year: 2020));
        var deleted = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag(), year: 2020));
        await host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = deleted.Id });

        var after = await host.Service.GetDvkStatisticsAsync(new GetDvkStatisticsRequest { Year = 2020 });

        Assert.Equal(2, after.RecognisedByLevel["DISTRICT"]);
        Assert.Equal(2, after.RecognisedByLevel["WARD"]);
        Assert.Equal(3, after.Registered);
        Assert.Equal(1, after.ByStatus["REGISTERED"]);
        Assert.Equal(1, after.RecognisedByField["DEFENCE_SECURITY"]);
    }
}
