using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using Status = CuKhoi.Protos.Contests.V1.Contest.Types.Status;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;
using Prize = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Prize;

namespace CuKhoi.Contests.Tests;

/// <summary>Status changes through UpdateEntry, editing, scoring, awarding and closing.</summary>
public class JudgingTests(ContestsWithDvk fixture) : IClassFixture<ContestsWithDvk>
{
    private ContestService.ContestServiceClient Organiser => fixture.Host.Organiser;

    private Task<ContestEntry> ScoreAsync(ContestEntry entry, string judge, double score) =>
        Organiser.ScoreEntryAsync(new ScoreEntryRequest { ContestId = entry.ContestId, Id = entry.Id, Judge = judge, Score = score }).ResponseAsync;

    private Task<ContestEntry> AwardAsync(ContestEntry entry, Prize prize) =>
        Organiser.AwardEntryAsync(new AwardEntryRequest { ContestId = entry.ContestId, Id = entry.Id, Prize = prize }).ResponseAsync;

    [Fact]
    public async Task Status_changes_follow_the_table_and_name_the_allowed_moves()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));
        var entry = await Organiser.SubmitAsync(contest.Id);

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.SetStatusAsync(entry, EntryStatus.Shortlisted));
        Assert.Equal("ILLEGAL_TRANSITION", e.Reason());
        Assert.Contains("VALID, INVALID", e.Status.Detail);

        Assert.Equal(EntryStatus.Valid, (await Organiser.SetStatusAsync(entry, EntryStatus.Valid)).Status);
        Assert.Equal(EntryStatus.Shortlisted, (await Organiser.SetStatusAsync(entry, EntryStatus.Shortlisted)).Status);
        var notAwarded = await Organiser.SetStatusAsync(entry, EntryStatus.NotAwarded);
        Assert.Equal(EntryStatus.NotAwarded, notAwarded.Status);
        Assert.Equal("v4", notAwarded.Etag);
        e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.SetStatusAsync(entry, EntryStatus.Valid));
        Assert.Contains("none", e.Status.Detail);
    }

    [Fact]
    public async Task Content_changes_only_while_SUBMITTED_and_is_checked_again()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward, maxWords: 6));
        var taken = await Organiser.SubmitAsync(contest.Id, Samples.Entry(title: "Bài đã có", body: "một hai"));
        var entry = await Organiser.SubmitAsync(contest.Id, Samples.Entry(body: "một hai"));

        var updated = await Organiser.UpdateEntryAsync(new UpdateEntryRequest
        {
            Entry = new ContestEntry { ContestId = contest.Id, Id = entry.Id, Body = "một hai ba bốn", Etag = entry.Etag },
            UpdateMask = new FieldMask { Paths = { "body" } },
        });
        Assert.Equal(4, updated.WordCount);
        Assert.Equal(entry.Title, updated.Title);

        var tooLong = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.UpdateEntryAsync(new UpdateEntryRequest
        {
            Entry = new ContestEntry { ContestId = contest.Id, Id = entry.Id, Body = "một hai ba bốn năm sáu bảy" },
            UpdateMask = new FieldMask { Paths = { "body" } },
        }).ResponseAsync);
        Assert.Equal(ContestReasons.TooManyWords, tooLong.Reason());

        var duplicate = await RpcAssert.ThrowsAsync(StatusCode.AlreadyExists, () => Organiser.UpdateEntryAsync(new UpdateEntryRequest
        {
            Entry = new ContestEntry { ContestId = contest.Id, Id = entry.Id, Title = taken.Title },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }).ResponseAsync);
        Assert.Equal(ContestReasons.DuplicateEntry, duplicate.Reason());

        var stale = await RpcAssert.ThrowsAsync(StatusCode.Aborted, () => Organiser.UpdateEntryAsync(new UpdateEntryRequest
        {
            Entry = new ContestEntry { ContestId = contest.Id, Id = entry.Id, Genre = "Phóng sự", Etag = entry.Etag },
            UpdateMask = new FieldMask { Paths = { "genre" } },
        }).ResponseAsync);
        Assert.Equal("ETAG_MISMATCH", stale.Reason());

        var unknown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Organiser.UpdateEntryAsync(new UpdateEntryRequest
        {
            Entry = new ContestEntry { ContestId = contest.Id, Id = entry.Id },
            UpdateMask = new FieldMask { Paths = { "word_count" } },
        }).ResponseAsync);
        Assert.Equal("updateMask", Assert.Single(unknown.BadRequest()!.FieldViolations).Field);

        await Organiser.SetStatusAsync(entry, EntryStatus.Valid);
        var locked = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.UpdateEntryAsync(new UpdateEntryRequest
        {
            Entry = new ContestEntry { ContestId = contest.Id, Id = entry.Id, Genre = "Phóng sự" },
            UpdateMask = new FieldMask { Paths = { "genre" } },
        }).ResponseAsync);
        Assert.Equal(ContestReasons.EntryNotEditable, locked.Reason());
    }

    [Fact]
    public async Task Scores_are_0_to_100_one_per_judge_and_the_entry_has_the_mean()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));
        var entry = await Organiser.SubmitAsync(contest.Id);
        await Organiser.SetStatusAsync(entry, EntryStatus.Valid);

        var open = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => ScoreAsync(entry, "Lê Văn Thắng", 80));
        Assert.Equal(ContestReasons.ContestNotJudging, open.Reason());

        await Organiser.MoveAsync(contest.Id, Status.Judging);
        foreach (var bad in new[] { -1, 100.5 })
        {
            var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => ScoreAsync(entry, "Lê Văn Thắng", bad));
            Assert.Equal(ContestReasons.ScoreOutOfRange, e.Reason());
            Assert.Equal("score", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        }

        Assert.Equal(80, (await ScoreAsync(entry, "Lê Văn Thắng", 80)).Score);
        Assert.Equal(85, (await ScoreAsync(entry, "Nguyễn Thị Thu Hằng", 90)).Score);
        // The same judge again (however the name is typed) replaces the first score.
        Assert.Equal(95, (await ScoreAsync(entry, "le van  THANG", 100)).Score);
        Assert.Equal(45, (await ScoreAsync(entry, "Lê Văn Thắng", 0)).Score);
        Assert.Equal(45, (await Organiser.GetAsync(contest.Id, entry.Id)).Score);
    }

    [Fact]
    public async Task Only_VALID_or_SHORTLISTED_entries_are_scored()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));
        var entry = await Organiser.SubmitAsync(contest.Id);
        await Organiser.MoveAsync(contest.Id, Status.Judging);

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => ScoreAsync(entry, "Lê Văn Thắng", 70));
        Assert.Equal(ContestReasons.EntryNotJudgeable, e.Reason());
    }

    [Fact]
    public async Task A_shortlisted_entry_is_awarded_while_JUDGING()
    {
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward));
        var shortlisted = await Organiser.ShortlistedAsync(contest.Id);
        var valid = await Organiser.SubmitAsync(contest.Id);
        await Organiser.SetStatusAsync(valid, EntryStatus.Valid);

        var open = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => AwardAsync(shortlisted, Prize.First));
        Assert.Equal(ContestReasons.ContestNotJudging, open.Reason());
        await Organiser.MoveAsync(contest.Id, Status.Judging);
        await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => AwardAsync(shortlisted, Prize.Unspecified));
        var notShortlisted = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => AwardAsync(valid, Prize.Second));
        Assert.Equal("ILLEGAL_TRANSITION", notShortlisted.Reason());

        var awarded = await AwardAsync(shortlisted, Prize.First);
        Assert.Equal((EntryStatus.Awarded, Prize.First), (awarded.Status, awarded.Prize));
        var viaUpdate = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.SetStatusAsync(valid, EntryStatus.Awarded));
        Assert.Equal("ILLEGAL_TRANSITION", viaUpdate.Reason());
    }

    [Fact]
    public async Task Closing_decides_every_undecided_entry_and_leaves_the_rest()
    {
        var (ward, district, _) = await Organiser.ChainAsync(ContestsWithDvk.NewYear());
        var submitted = await Organiser.SubmitAsync(ward.Id);
        var valid = await Organiser.SubmitAsync(ward.Id);
        await Organiser.SetStatusAsync(valid, EntryStatus.Valid);
        var invalid = await Organiser.SubmitAsync(ward.Id);
        await Organiser.SetStatusAsync(invalid, EntryStatus.Invalid);
        var shortlisted = await Organiser.ShortlistedAsync(ward.Id);
        var forwarded = await Organiser.ForwardAsync(await Organiser.ShortlistedAsync(ward.Id), district.Id);
        var awarded = await Organiser.ShortlistedAsync(ward.Id);
        await Organiser.MoveAsync(ward.Id, Status.Judging);
        await AwardAsync(awarded, Prize.Consolation);

        await Organiser.MoveAsync(ward.Id, Status.Closed);

        async Task<EntryStatus> StatusOf(ContestEntry e) => (await Organiser.GetAsync(ward.Id, e.Id)).Status;
        Assert.Equal(EntryStatus.NotAwarded, await StatusOf(submitted));
        Assert.Equal(EntryStatus.NotAwarded, await StatusOf(valid));
        Assert.Equal(EntryStatus.NotAwarded, await StatusOf(shortlisted));
        Assert.Equal(EntryStatus.Invalid, await StatusOf(invalid));
        Assert.Equal(EntryStatus.Forwarded, await StatusOf(forwarded));
        Assert.Equal(EntryStatus.Awarded, await StatusOf(awarded));
        // The forwarded copy lives in the district contest, which is still OPEN.
        Assert.Equal(EntryStatus.Submitted, (await Organiser.GetAsync(district.Id, forwarded.ForwardedEntryId)).Status);
    }
}
