using CuKhoi.Gateway.Reports;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;

namespace CuKhoi.Reports.Tests;

/// <summary>Fixed statistics shaped like the sample year, for rendering tests that need no service.</summary>
public static class ReportSamples
{
    public static readonly DateTimeOffset GeneratedAt = new(2021, 1, 7, 9, 49, 0, TimeSpan.Zero);

    public static ArticleStatistics Articles()
    {
        var stats = new ArticleStatistics { Year = 2020, Published = 3, Views = 1234 };
        stats.Months.Add(new ArticleStatistics.Types.Month { Month_ = 1, Published = 2, Views = 1200 });
        stats.Months.Add(new ArticleStatistics.Types.Month { Month_ = 12, Published = 1, Views = 34 });
        return stats;
    }

    public static DvkStatistics Dvk()
    {
        var stats = new DvkStatistics { Year = 2020, Registered = 4 };
        stats.RecognisedByLevel.Add("DISTRICT", 1);
        stats.RecognisedByField.Add("PARTY_POLITICAL_SYSTEM", 1);
        return stats;
    }

    public static ContestStatistics Contests() => new() { Year = 2020, WardEntriesSubmitted = 11, ReachedDistrict = 1, ReachedCity = 1 };

    public static AnnualFigures Full() => new(2020, GeneratedAt, Articles(), Dvk(), Contests());
}
