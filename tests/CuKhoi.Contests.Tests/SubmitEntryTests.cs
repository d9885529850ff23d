using CuKhoi.Contests.Domain;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Text;
using CuKhoi.Testing;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using Status = CuKhoi.Protos.Contests.V1.Contest.Types.Status;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;

namespace CuKhoi.Contests.Tests;

/// <summary>A contests host whose clock the tests move (forward only), with a real DVK host.</summary>
public sealed class ContestsWithClock : ContestsWithDvk
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public DateOnly Today => VietnamTime.Today(Clock);

    protected override TimeProvider? Time => Clock;
}

/// <summary>SubmitEntry: fields, the contest's window and word limit, duplicates, the DVK check.</summary>
public class SubmitEntryTests(ContestsWithClock fixture) : IClassFixture<ContestsWithClock>
{
    private ContestService.ContestServiceClient Organiser => fixture.Host.Organiser;

    private Task<Contest> OpenContestAsync(int maxWords = 0) =>
        Organiser.CreateAsync(Samples.Contest(Level.Ward, maxWords: maxWords, today: fixture.Today));

    [Fact]
    public async Task An_entry_starts_SUBMITTED_with_its_words_counted()
    {
        var contest = await OpenContestAsync();

        var entry = await Organiser.SubmitAsync(contest.Id, Samples.Entry(body: "Dân vận  khéo\ttrong công tác\n giải phóng mặt bằng"));

        Assert.Equal(EntryStatus.Submitted, entry.Status);
        Assert.Equal(10, entry.WordCount);
        Assert.Equal(contest.Id, entry.ContestId);
        Assert.Equal("0900 000 001", entry.Authors[0].Phone);
        Assert.False(entry.HasScore);
        Assert.Equal(entry, await Organiser.GetAsync(contest.Id, entry.Id));
    }

    [Fact]
    public async Task Text_is_stored_in_NFC()
    {
        var contest = await OpenContestAsync();
        var nfd = "Dân vận khéo".Normalize(System.Text.NormalizationForm.FormD);

        var entry = await Organiser.SubmitAsync(contest.Id, Samples.Entry(title: nfd + " " + Guid.NewGuid().ToString("N")));

        Assert.StartsWith("Dân vận khéo", entry.Title);
        Assert.True(entry.Title.IsNormalized());
    }

    [Fact]
    public async Task Every_bad_field_is_named()
    {
        var contest = await OpenContestAsync();
        var entry = new ContestEntry
        {
            Title = new string('a', 301),
            Body = "  ",
            Authors = { new Author { FullName = "", Phone = "gọi tôi" } },
            Subject = new Subject { Kind = Subject.Types.Kind.Model },
        };

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Organiser.SubmitAsync(contest.Id, entry));

        var fields = e.BadRequest()!.FieldViolations.Select(v => v.Field).ToHashSet();
        Assert.Equal(
            new HashSet<string> { "entry.title", "entry.body", "entry.authors[0].fullName", "entry.authors[0].phone", "entry.subject.dvkModelId" },
            fields);
        Assert.Equal(0, await Organiser.CountAsync(contest.Id));
    }

    [Fact]
    public async Task One_to_ten_authors_and_a_named_subject()
    {
        var contest = await OpenContestAsync();
        var none = Samples.Entry();
        none.Authors.Clear();
        var eleven = Samples.Entry();
        eleven.Authors.AddRange(Enumerable.Range(1, 10).Select(i => new Author { FullName = $"Tác giả {i}" }));
        var nameless = Samples.Entry(subject: new Subject { Kind = Subject.Types.Kind.Collective });

        foreach (var (entry, field) in new[] { (none, "entry.authors"), (eleven, "entry.authors"), (nameless, "entry.subject.name") })
        {
            var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Organiser.SubmitAsync(contest.Id, entry));
            Assert.Contains(e.BadRequest()!.FieldViolations, v => v.Field == field);
        }
    }

    [Fact]
    public async Task Entries_are_taken_until_the_end_of_the_closing_day_in_Vietnam()
    {
        var today = fixture.Today;
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward, opens: today, closes: today));

        fixture.Clock.SetUtcNow(VietnamTime.EndOfDay(today).AddTicks(-10));
        await Organiser.SubmitAsync(contest.Id);

        fixture.Clock.SetUtcNow(VietnamTime.EndOfDay(today));
        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.SubmitAsync(contest.Id));
        Assert.Equal(ContestReasons.ContestClosed, e.Reason());
        Assert.Contains(today.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), e.VietnameseMessage());
        Assert.Equal(1, await Organiser.CountAsync(contest.Id));
    }

    [Fact]
    public async Task Entries_are_not_taken_before_the_opening_day()
    {
        var tomorrow = fixture.Today.AddDays(1);
        var contest = await Organiser.CreateAsync(Samples.Contest(Level.Ward, opens: tomorrow, closes: tomorrow.AddDays(5)));

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.SubmitAsync(contest.Id));
        Assert.Equal(ContestReasons.ContestNotYetOpen, e.Reason());

        fixture.Clock.SetUtcNow(VietnamTime.StartOfDay(tomorrow));
        await Organiser.SubmitAsync(contest.Id);
    }

    [Fact]
    public async Task A_contest_that_is_not_OPEN_takes_no_entries()
    {
        var contest = await OpenContestAsync();
        await Organiser.MoveAsync(contest.Id, Status.Judging);

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.SubmitAsync(contest.Id));
        Assert.Equal(ContestReasons.ContestNotOpen, e.Reason());
    }

    [Fact]
    public async Task Too_many_words_names_the_count_and_the_limit()
    {
        var contest = await OpenContestAsync(maxWords: 5);
        await Organiser.SubmitAsync(contest.Id, Samples.Entry(body: "một hai ba bốn năm"));

        var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => Organiser.SubmitAsync(contest.Id, Samples.Entry(body: "một hai ba bốn năm sáu")));

        Assert.Equal(ContestReasons.TooManyWords, e.Reason());
        Assert.Contains("6 words", e.Status.Detail);
        Assert.Contains("at most 5", e.Status.Detail);
        Assert.Contains("6 chữ", e.VietnameseMessage());
    }

    [Fact]
    public async Task The_same_title_by_the_same_primary_author_twice_is_a_conflict()
    {
        var contest = await OpenContestAsync();
        await Organiser.SubmitAsync(contest.Id, Samples.Entry(title: "Dân vận khéo ở Tổ dân phố số 5", author: "Nguyễn Văn Đức"));

        var e = await RpcAssert.ThrowsAsync(StatusCode.AlreadyExists, () => Organiser.SubmitAsync(
            contest.Id,
            Samples.Entry(title: "  DÂN VẬN KHÉO  ở tổ dân phố số 5 ", author: "nguyen van duc")));
        Assert.Equal(ContestReasons.DuplicateEntry, e.Reason());
        Assert.Equal("entry.title", Assert.Single(e.BadRequest()!.FieldViolations).Field);

        // Another primary author, or the same title in another contest, is a different entry.
        await Organiser.SubmitAsync(contest.Id, Samples.Entry(title: "Dân vận khéo ở Tổ dân phố số 5", author: "Trần Thị Lan"));
        var other = await OpenContestAsync();
        await Organiser.SubmitAsync(other.Id, Samples.Entry(title: "Dân vận khéo ở Tổ dân phố số 5", author: "Nguyễn Văn Đức"));
        Assert.Equal(2, await Organiser.CountAsync(contest.Id));
    }

    [Fact]
    public async Task A_model_is_confirmed_with_the_DVK_service_and_its_name_kept()
    {
        var model = await fixture.Dvk.RegisterAsync("Dân vận khéo trong công tác giải phóng mặt bằng");
        var contest = await OpenContestAsync();

        var entry = await Organiser.SubmitAsync(contest.Id, Samples.Entry(subject: new Subject { Kind = Subject.Types.Kind.Model, DvkModelId = model.Id, Name = "tên do người gửi tự đặt" }));

        Assert.Equal(model.Id, entry.Subject.DvkModelId);
        Assert.Equal(model.Name, entry.Subject.Name);
    }

    [Fact]
    public async Task A_model_the_caller_could_not_read_is_unknown_to_it_and_its_name_stays_unseen()
    {
        var hidden = await fixture.Dvk.RegisterAsync("Mô hình chưa được công nhận (dữ liệu thử)", recognised: false);
        var contest = await OpenContestAsync();
        var both = fixture.Host.Client("organiser-and-dvk-editor", "contests:write dvk:write");

        // contests:write alone cannot read an unrecognised model: as if it did not exist.
        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Organiser.SubmitAsync(
            contest.Id, Samples.Entry(subject: new Subject { Kind = Subject.Types.Kind.Model, DvkModelId = hidden.Id })));
        var entry = await both.SubmitAsync(contest.Id, Samples.Entry(subject: new Subject { Kind = Subject.Types.Kind.Model, DvkModelId = hidden.Id }));

        Assert.Equal(ContestReasons.UnknownDvkModel, e.Reason());
        Assert.DoesNotContain(hidden.Name, e.ToString());
        Assert.Equal(hidden.Name, entry.Subject.Name); // a caller who may read it may write about it
    }

    [Fact]
    public async Task An_unknown_or_deleted_model_is_a_bad_field()
    {
        var contest = await OpenContestAsync();
        var deleted = await fixture.Dvk.RegisterAsync("Mô hình đã xóa");
        await fixture.Dvk.DeleteAsync(deleted.Id);

        foreach (var id in new[] { "0000000000000000000000000000beef", deleted.Id })
        {
            var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Organiser.SubmitAsync(
                contest.Id,
                Samples.Entry(subject: new Subject { Kind = Subject.Types.Kind.Model, DvkModelId = id })));
            Assert.Equal(ContestReasons.UnknownDvkModel, e.Reason());
            var violation = Assert.Single(e.BadRequest()!.FieldViolations);
            Assert.Equal("entry.subject.dvkModelId", violation.Field);
            Assert.Contains("không tồn tại", violation.LocalizedMessage.Message);
        }

        Assert.Equal(0, await Organiser.CountAsync(contest.Id));
    }

    [Fact]
    public async Task A_replayed_request_id_returns_the_first_entry()
    {
        var contest = await OpenContestAsync();
        var request = new SubmitEntryRequest { ContestId = contest.Id, Entry = Samples.Entry(), RequestId = Guid.NewGuid().ToString("N") };

        var first = await Organiser.SubmitEntryAsync(request);
        var replay = await Organiser.SubmitEntryAsync(request);

        Assert.Equal(first, replay);
        Assert.Equal(1, await Organiser.CountAsync(contest.Id));
    }

    [Fact]
    public async Task An_update_without_a_mask_changes_the_fields_it_fills_in()
    {
        var contest = await OpenContestAsync();
        var entry = await Organiser.SubmitAsync(contest.Id);

        var updated = await Organiser.UpdateEntryAsync(new UpdateEntryRequest
        {
            Entry = new ContestEntry { ContestId = contest.Id, Id = entry.Id, Genre = "Phóng sự", Status = EntryStatus.Valid },
        });

        Assert.Equal(("Phóng sự", EntryStatus.Valid, entry.Title, entry.Body), (updated.Genre, updated.Status, updated.Title, updated.Body));
    }

    [Fact]
    public async Task An_unknown_contest_is_not_found()
    {
        await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => Organiser.SubmitAsync("0000000000000000000000000000f00d"));
    }
}
