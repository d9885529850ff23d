using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Text;
using Google.Protobuf.WellKnownTypes;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;

namespace CuKhoi.Contests.Tests;

/// <summary>Builders for test data: each test makes its own contests and entries.</summary>
public static class Samples
{
    public static Google.Type.Date Day(DateOnly day) => new() { Year = day.Year, Month = day.Month, Day = day.Day };

    /// <summary>A contest open from 30 days before to 30 days after <paramref name="today"/> (real today by default).</summary>
    public static Contest Contest(Level level, int year = 2024, string? parentId = null, int maxWords = 0, DateOnly? today = null, DateOnly? opens = null, DateOnly? closes = null) => new()
    {
        Name = $"Cuộc thi thử {level} {Guid.NewGuid():N}",
        Year = year,
        Level = level,
        ParentContestId = parentId ?? string.Empty,
        Organiser = "Ban Dân vận Đảng ủy phường Cự Khối",
        OpensOn = Day(opens ?? (today ?? VietnamTime.Today(TimeProvider.System)).AddDays(-30)),
        ClosesOn = Day(closes ?? (today ?? VietnamTime.Today(TimeProvider.System)).AddDays(30)),
        MaxWords = maxWords,
    };

    public static ContestEntry Entry(
        string? title = null,
        string author = "Nguyễn Văn An",
        string phone = "0900 000 001",
        string body = "(Dữ liệu thử) Người tổ trưởng gõ cửa từng nhà vận động giải phóng mặt bằng.",
        Subject? subject = null,
        string genre = "Bút ký") => new()
    {
        Title = title ?? $"Bài thử {Guid.NewGuid():N}",
        Genre = genre,
        Body = body,
        Authors = { new Author { FullName = author, Unit = "Chi bộ Tổ dân phố số 5", Phone = phone } },
        Subject = subject ?? new Subject { Kind = Subject.Types.Kind.Individual, Name = "Bà Nguyễn Thị Hòa" },
    };

    public static async Task<Contest> CreateAsync(this ContestService.ContestServiceClient client, Contest contest) =>
        await client.CreateContestAsync(new CreateContestRequest { Contest = contest });

    /// <summary>WARD → DISTRICT → CITY of one year, all OPEN.</summary>
    public static async Task<(Contest Ward, Contest District, Contest City)> ChainAsync(this ContestService.ContestServiceClient client, int year = 2024, DateOnly? today = null)
    {
        var city = await client.CreateAsync(Contest(Level.City, year, today: today));
        var district = await client.CreateAsync(Contest(Level.District, year, city.Id, today: today));
        var ward = await client.CreateAsync(Contest(Level.Ward, year, district.Id, today: today));
        return (ward, district, city);
    }

    public static async Task<ContestEntry> SubmitAsync(this ContestService.ContestServiceClient client, string contestId, ContestEntry? entry = null) =>
        await client.SubmitEntryAsync(new SubmitEntryRequest { ContestId = contestId, Entry = entry ?? Entry() });

    public static async Task<ContestEntry> SetStatusAsync(this ContestService.ContestServiceClient client, ContestEntry entry, EntryStatus status) =>
        await client.UpdateEntryAsync(new UpdateEntryRequest
        {
            Entry = new ContestEntry { Id = entry.Id, ContestId = entry.ContestId, Status = status },
            UpdateMask = new FieldMask { Paths = { "status" } },
        });

    /// <summary>Submits an entry and moves it SUBMITTED → VALID → SHORTLISTED.</summary>
    public static async Task<ContestEntry> ShortlistedAsync(this ContestService.ContestServiceClient client, string contestId, ContestEntry? entry = null)
    {
        var submitted = await client.SubmitAsync(contestId, entry);
        await client.SetStatusAsync(submitted, EntryStatus.Valid);
        return await client.SetStatusAsync(submitted, EntryStatus.Shortlisted);
    }

    public static async Task<ContestEntry> ForwardAsync(this ContestService.ContestServiceClient client, ContestEntry entry, string targetContestId) =>
        await client.ForwardEntryAsync(new ForwardEntryRequest { ContestId = entry.ContestId, Id = entry.Id, TargetContestId = targetContestId });

    public static async Task<ContestEntry> GetAsync(this ContestService.ContestServiceClient client, string contestId, string id) =>
        await client.GetEntryAsync(new GetEntryRequest { ContestId = contestId, Id = id });

    public static async Task<Contest> MoveAsync(this ContestService.ContestServiceClient client, string contestId, Status to) =>
        await client.TransitionContestAsync(new TransitionContestRequest { Id = contestId, To = to });

    public static async Task<int> CountAsync(this ContestService.ContestServiceClient client, string contestId) =>
        (await client.ListEntriesAsync(new ListEntriesRequest { ContestId = contestId, PageSize = 1 })).TotalSize;
}
