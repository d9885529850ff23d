using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Text;
using Microsoft.Extensions.Time.Testing;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>"The year 2020" and calendar days are Asia/Ho_Chi_Minh (UTC+7); instants are UTC.</summary>
public class VietnamTimeTests
{
    [Fact]
    public void Year_2020_runs_from_new_year_in_Hanoi_to_the_next()
    {
        var (start, end) = VietnamTime.Year(2020);

        Assert.Equal(DateTimeOffset.Parse("2019-12-31T17:00:00Z"), start);
        Assert.Equal(DateTimeOffset.Parse("2020-12-31T17:00:00Z"), end);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }

    [Fact]
    public void The_seed_article_was_published_on_7_January_2021_at_16_49_local()
    {
        var published = DateTimeOffset.Parse("2021-01-07T09:49:00Z");

        Assert.Equal(new DateOnly(2021, 1, 7), VietnamTime.ToLocalDate(published));
        Assert.Equal(new DateTime(2021, 1, 7, 16, 49, 0), TimeZoneInfo.ConvertTime(published, VietnamTime.Zone).DateTime);
    }

    [Fact]
    public void Days_start_at_midnight_in_Hanoi()
    {
        var day = new DateOnly(2020, 12, 15);

        Assert.Equal(DateTimeOffset.Parse("2020-12-14T17:00:00Z"), VietnamTime.StartOfDay(day));
        Assert.Equal(DateTimeOffset.Parse("2020-12-15T17:00:00Z"), VietnamTime.EndOfDay(day));
        Assert.Equal(new DateOnly(2021, 1, 1), VietnamTime.ToLocalDate(DateTimeOffset.Parse("2020-12-31T17:00:00Z")));
        Assert.Equal(new DateOnly(2020, 12, 31), VietnamTime.ToLocalDate(DateTimeOffset.Parse("2020-12-31T16:59:59Z")));
    }

    [Fact]
    public void Today_follows_the_injected_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2020-12-31T18:00:00Z"));

        Assert.Equal(new DateOnly(2021, 1, 1), VietnamTime.Today(time));
    }

    [Fact]
    public void Instants_round_trip_through_microseconds()
    {
        var instant = DateTimeOffset.Parse("2021-01-07T09:49:00.123456Z");

        Assert.Equal(instant, Clock.FromMicros(Clock.ToMicros(instant)));
        Assert.Equal(0, Clock.ToMicros(DateTimeOffset.UnixEpoch));
        Assert.Equal(instant, Clock.ToTimestamp(Clock.ToMicros(instant)).ToDateTimeOffset());
        Assert.Null(Clock.ToTimestamp((long?)null));
    }
}
