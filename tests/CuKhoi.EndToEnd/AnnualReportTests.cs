using System.Net;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>The year-end figures of the sample data, computed live from the three services.</summary>
[Collection(SystemCollection.Name)]
public sealed class AnnualReportTests(SystemFixture fixture)
{
    [Fact]
    public async Task The_2020_report_shows_the_sample_contest_chain_and_the_district_model()
    {
        // curl "$GW/api/v1/reports/annual/2020"
        using var response = await fixture.Http.SendAsync(HttpMethod.Get, "/api/v1/reports/annual/2020");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        var indicators = report.GetProperty("indicators").EnumerateArray()
            .ToDictionary(i => i.GetProperty("code").GetString()!, i => i.Int64("value"));
        Assert.Equal(11, indicators["CONTEST_ENTRIES_SUBMITTED"]);
        Assert.Equal(1, indicators["CONTEST_ENTRIES_FORWARDED_CITY"]);
        Assert.Equal(1, indicators["DVK_MODELS_RECOGNISED_DISTRICT"]);
        // Every service answered: not a partial report.
        Assert.True(!report.TryGetProperty("unavailable", out var unavailable) || unavailable.GetArrayLength() == 0, $"partial report: {report}");
    }
}
