using System.Data.Common;
using CuKhoi.Contests.Data;
using CuKhoi.Contests.Domain;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Text;
using static CuKhoi.Contests.Seed.SampleContests;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;
using Prize = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Prize;

namespace CuKhoi.Contests.Seed;

/// <summary>
/// The 2020 chain ward → district → city, written directly as it stood at the end of
/// 2020: 11 ward entries (2 forwarded to the district, 4 awarded, 4 not awarded, 1
/// invalid), the 2 district copies (1 forwarded to the city, 1 awarded), the 1 city copy;
/// every contest CLOSED. So the 2020 statistics read 11 submitted, 2 reached the
/// district, 1 reached the city. Runs once, inside the migration transaction.
/// </summary>
public sealed class ContestSampleSeeder(ContestRepository contests, EntryRepository entries) : ISampleSeeder
{
    public async Task SeedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await contests.InsertAsync(connection, transaction, Contest(CityContestId, "Cuộc thi viết về điển hình Dân vận khéo thành phố Hà Nội năm 2020", Level.City, null, "Ban Dân vận Thành ủy Hà Nội", CityDates, 5000), ct);
        await contests.InsertAsync(connection, transaction, Contest(DistrictContestId, "Cuộc thi viết về điển hình Dân vận khéo quận Long Biên năm 2020", Level.District, CityContestId, "Ban Dân vận Quận ủy Long Biên", DistrictDates, 4000), ct);
        await contests.InsertAsync(connection, transaction, Contest(WardContestId, "Cuộc thi viết về điển hình Dân vận khéo phường Cự Khối năm 2020", Level.Ward, DistrictContestId, "Ban Dân vận Đảng ủy phường Cự Khối", WardDates, 3000), ct);

        var closedWard = Micros(new DateTimeOffset(2020, 9, 5, 3, 0, 0, TimeSpan.Zero));
        foreach (var sample in WardEntries)
        {
            var row = Row(sample.Id, WardContestId, sample.Status, sample.Prize, sample.SubmitTime, closedWard).WithContent(Content(sample));
            await entries.InsertAsync(connection, transaction, row, ct);
            foreach (var (judge, score) in sample.Scores)
            {
                await entries.ScoreAsync(connection, transaction, row, judge, score, ct);
            }
        }

        // Forwarded copies start SUBMITTED in the parent and run the machine there; written here as they ended.
        var forwardedToDistrict = new DateTimeOffset(2020, 9, 7, 2, 0, 0, TimeSpan.Zero);
        var closedDistrict = Micros(new DateTimeOffset(2020, 10, 12, 3, 0, 0, TimeSpan.Zero));
        var first = WardEntries[0];
        var second = WardEntries[1];
        await InsertCopyAsync(connection, transaction, first, DistrictCopy1, DistrictContestId, WardContestId, first.Id, EntryStatus.Forwarded, Prize.Unspecified, forwardedToDistrict, closedDistrict, ct);
        var awardedCopy = await InsertCopyAsync(connection, transaction, second, DistrictCopy2, DistrictContestId, WardContestId, second.Id, EntryStatus.Awarded, Prize.Third, forwardedToDistrict, closedDistrict, ct);
        await entries.ScoreAsync(connection, transaction, awardedCopy, "Trương Thị Kim Oanh", 82, ct);

        // "01 bài được Quận gửi dự thi cấp Thành phố": the first entry's district copy.
        var forwardedToCity = new DateTimeOffset(2020, 10, 14, 2, 0, 0, TimeSpan.Zero);
        var closedCity = Micros(new DateTimeOffset(2020, 12, 4, 3, 0, 0, TimeSpan.Zero));
        await InsertCopyAsync(connection, transaction, first, CityCopy1, CityContestId, DistrictContestId, DistrictCopy1, EntryStatus.NotAwarded, Prize.Unspecified, forwardedToCity, closedCity, ct);

        await entries.LinkForwardAsync(connection, transaction, first.Id, DistrictContestId, DistrictCopy1, ct);
        await entries.LinkForwardAsync(connection, transaction, second.Id, DistrictContestId, DistrictCopy2, ct);
        await entries.LinkForwardAsync(connection, transaction, DistrictCopy1, CityContestId, CityCopy1, ct);
    }

    private async Task<EntryRow> InsertCopyAsync(
        DbConnection connection, DbTransaction transaction, SampleEntry sample, string id, string contestId, string originContestId, string originEntryId,
        EntryStatus status, Prize prize, DateTimeOffset submitTime, long updateTime, CancellationToken ct)
    {
        var row = Row(id, contestId, status, prize, submitTime, updateTime).WithContent(Content(sample));
        row.OriginContestId = originContestId;
        row.OriginEntryId = originEntryId;
        await entries.InsertAsync(connection, transaction, row, ct);
        return row;
    }

    private static ContestRow Contest(string id, string name, Level level, string? parentId, string organiser, (DateOnly Opens, DateOnly Closes) dates, int maxWords)
    {
        var created = Micros(new DateTimeOffset(2020, 2, 20, 2, 0, 0, TimeSpan.Zero));
        return new ContestRow
        {
            Id = id,
            Name = name,
            Year = 2020,
            Level = EnumNames.Of(level),
            LevelRank = (int)level,
            ParentContestId = parentId,
            Organiser = organiser,
            OpensOn = ContestRules.ToStored(dates.Opens),
            ClosesOn = ContestRules.ToStored(dates.Closes),
            MaxWords = maxWords,
            Status = EnumNames.Of(Status.Closed),
            Version = 3, // created OPEN, then JUDGING, then CLOSED
            CreateTime = created,
            UpdateTime = Micros(VietnamTime.EndOfDay(dates.Closes).AddDays(20)),
        };
    }

    private static EntryRow Row(string id, string contestId, EntryStatus status, Prize prize, DateTimeOffset submitTime, long updateTime) => new()
    {
        Id = id,
        ContestId = contestId,
        Status = EnumNames.Of(status),
        Prize = prize == Prize.Unspecified ? null : EnumNames.Of(prize),
        Version = 3,
        SubmitTime = Micros(submitTime),
        UpdateTime = updateTime,
    };

    private static EntryContent Content(SampleEntry sample) =>
        new(sample.Title, sample.Genre, sample.Text, sample.Authors, sample.SubjectKind, sample.SubjectName, sample.DvkModelId);

    private static long Micros(DateTimeOffset instant) => Clock.ToMicros(instant);
}
