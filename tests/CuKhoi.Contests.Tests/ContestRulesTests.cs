using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Text;
using CuKhoi.Testing;
using Grpc.Core;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using Status = CuKhoi.Protos.Contests.V1.Contest.Types.Status;

namespace CuKhoi.Contests.Tests;

/// <summary>The pure rules: parents, dates, the submission window, words, phones, scores.</summary>
public class ContestRulesTests
{
    private static readonly DateOnly Opens = new(2020, 3, 2);
    private static readonly DateOnly Closes = new(2020, 8, 31);

    [Theory]
    [InlineData(Level.Ward, Level.District, true)]
    [InlineData(Level.District, Level.City, true)]
    [InlineData(Level.City, Level.Central, true)]
    [InlineData(Level.Ward, Level.City, false)]
    [InlineData(Level.District, Level.Ward, false)]
    [InlineData(Level.Ward, Level.Ward, false)]
    [InlineData(Level.Central, Level.Central, false)]
    public void A_parent_is_exactly_one_level_up(Level child, Level parent, bool ok)
    {
        Assert.Equal(ok, ContestRules.ParentProblem(2020, child, "p", (2020, parent)) is null);
    }

    [Fact]
    public void A_parent_is_of_the_same_year_and_exists()
    {
        Assert.Contains("same year", ContestRules.ParentProblem(2020, Level.Ward, "p", (2021, Level.District))!.Value.En);
        Assert.Contains("does not exist", ContestRules.ParentProblem(2020, Level.Ward, "p", null)!.Value.En);
    }

    [Fact]
    public void Entries_are_taken_until_the_end_of_the_closing_day_in_Vietnam()
    {
        var end = VietnamTime.EndOfDay(Closes); // 2020-08-31T17:00:00Z
        Assert.Equal(new DateTimeOffset(2020, 8, 31, 17, 0, 0, TimeSpan.Zero), end);

        ContestRules.EnsureTakingEntries(Status.Open, Opens, Closes, end.AddTicks(-10));
        var e = Assert.Throws<RpcException>(() => ContestRules.EnsureTakingEntries(Status.Open, Opens, Closes, end));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal(ContestReasons.ContestClosed, e.Reason());
    }

    [Fact]
    public void Entries_are_taken_from_the_start_of_the_opening_day_in_Vietnam()
    {
        var start = VietnamTime.StartOfDay(Opens); // 2020-03-01T17:00:00Z
        ContestRules.EnsureTakingEntries(Status.Open, Opens, Closes, start);
        var e = Assert.Throws<RpcException>(() => ContestRules.EnsureTakingEntries(Status.Open, Opens, Closes, start.AddTicks(-10)));
        Assert.Equal(ContestReasons.ContestNotYetOpen, e.Reason());
    }

    [Theory]
    [InlineData(Status.Judging)]
    [InlineData(Status.Closed)]
    public void Only_an_open_contest_takes_entries(Status status)
    {
        var e = Assert.Throws<RpcException>(() => ContestRules.EnsureTakingEntries(status, Opens, Closes, VietnamTime.StartOfDay(new DateOnly(2020, 5, 1))));
        Assert.Equal(ContestReasons.ContestNotOpen, e.Reason());
    }

    [Fact]
    public void The_word_limit_names_the_count_and_the_limit()
    {
        ContestRules.EnsureWordLimit(100, 0);
        ContestRules.EnsureWordLimit(100, 100);
        var e = Assert.Throws<RpcException>(() => ContestRules.EnsureWordLimit(101, 100));
        Assert.Equal(ContestReasons.TooManyWords, e.Reason());
        Assert.Contains("101", e.Status.Detail);
        Assert.Contains("100", e.Status.Detail);
        Assert.Contains("101", e.VietnameseMessage());
    }

    [Theory]
    [InlineData(2020, 2, 30)]
    [InlineData(2021, 13, 1)]
    [InlineData(0, 1, 1)]
    [InlineData(2020, 1, 0)]
    public void Impossible_dates_are_refused(int year, int month, int day)
    {
        Assert.Null(ContestRules.ToDate(new Google.Type.Date { Year = year, Month = month, Day = day }));
    }

    [Fact]
    public void A_contest_must_close_on_or_after_it_opens()
    {
        var contest = new Contest
        {
            Name = "Cuộc thi",
            Year = 2020,
            Level = Level.Ward,
            OpensOn = Samples.Day(Closes),
            ClosesOn = Samples.Day(Opens),
        };
        var validation = new Validation();
        ContestRules.Validate(contest, validation);
        var e = Assert.Throws<RpcException>(validation.ThrowIfInvalid);
        Assert.Contains(e.BadRequest()!.FieldViolations, v => v.Field == "contest.closesOn");
    }

    [Theory]
    [InlineData("0912 345 678", true)]
    [InlineData("+84.912-345-678", true)]
    [InlineData("0912a45678", false)]
    [InlineData("+ - .", false)]
    [InlineData("012345678901234567890", false)]
    public void Phones_are_checked_loosely(string phone, bool ok)
    {
        Assert.Equal(ok, EntryRules.IsPhone(phone));
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(100.01)]
    [InlineData(double.NaN)]
    public void Scores_outside_0_to_100_are_refused(double score)
    {
        var e = Assert.Throws<RpcException>(() => EntryRules.EnsureScore(score));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(ContestReasons.ScoreOutOfRange, e.Reason());
        Assert.Equal("score", Assert.Single(e.BadRequest()!.FieldViolations).Field);
    }

    [Fact]
    public void Titles_and_names_compare_folded_and_trimmed()
    {
        Assert.Equal(EntryContent.Key("  Dân  vận KHÉO "), EntryContent.Key("dan van kheo"));
        Assert.Equal("dang uy", EntryContent.Key("Đảng ủy"));
    }
}
