using CuKhoi.Protos.Articles.V1;
using Microsoft.Extensions.Time.Testing;

namespace CuKhoi.Articles.Tests;

/// <summary>Seeded hosts whose clock the test sets, to publish at chosen instants.</summary>
public sealed class ClockedHosts : ArticleHosts
{
    private readonly Dictionary<string, FakeTimeProvider> _clocks = new()
    {
        ["sqlite"] = new(new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero)),
        ["postgres"] = new(new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero)),
    };

    public FakeTimeProvider Clock(string provider) => _clocks[provider];

    protected override IDictionary<string, string?>? Settings => SeededHosts.SeedSettings;

    protected override TimeProvider? Time(string provider) => _clocks[provider];
}

public class StatisticsTests(ClockedHosts hosts) : IClassFixture<ClockedHosts>
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task New_articles_count_in_the_local_month_they_were_first_published(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var before2021 = await Statistics(host, 2021);
        var before2022 = await Statistics(host, 2022);

        // 23:30 on 31 December 2021 in Hà Nội: December 2021.
        hosts.Clock(provider).SetUtcNow(new DateTimeOffset(2021, 12, 31, 16, 30, 0, TimeSpan.Zero));
        var december = await host.Editor.CreatePublishedAsync(Data.NewTag());
        for (var i = 0; i < 5; i++)
        {
            await host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = december.Id });
        }

        // 00:30 on 1 January 2022 in Hà Nội (still 2021 in UTC): January 2022.
        hosts.Clock(provider).SetUtcNow(new DateTimeOffset(2021, 12, 31, 17, 30, 0, TimeSpan.Zero));
        var january = await host.Editor.CreatePublishedAsync(Data.NewTag());
        await host.Anonymous.RecordViewAsync(new RecordViewRequest { Id = january.Id });

        // Republishing later does not move an article to another year.
        hosts.Clock(provider).SetUtcNow(new DateTimeOffset(2022, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await host.Editor.UnpublishArticleAsync(new ChangeArticleStatusRequest { Id = december.Id });
        await host.Editor.PublishArticleAsync(new ChangeArticleStatusRequest { Id = december.Id });

        await host.FlushViewsAsync();
        var after2021 = await Statistics(host, 2021);
        var after2022 = await Statistics(host, 2022);

        Assert.Equal(before2021.Published + 1, after2021.Published);
        Assert.Equal(before2021.Views + 5, after2021.Views);
        Assert.Equal(before2021.Months[11].Published + 1, after2021.Months[11].Published);
        Assert.Equal(before2021.Months[0], after2021.Months[0]);
        Assert.Equal(before2022.Published + 1, after2022.Published);
        Assert.Equal(before2022.Months[0].Views + 1, after2022.Months[0].Views);
        Assert.Equal(before2022.Months[2], after2022.Months[2]);
    }

    private static async Task<ArticleStatistics> Statistics(ArticleHost host, int year) =>
        await host.Anonymous.GetArticleStatisticsAsync(new GetArticleStatisticsRequest { Year = year });
}
