using System.Globalization;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Text;
using static CuKhoi.Protos.Contests.V1.Contest.Types;

namespace CuKhoi.Contests.Domain;

/// <summary>The pure rules of contests: fields, the parent chain, and when entries are taken.</summary>
public static class ContestRules
{
    public const int MinYear = 1990;
    public const int MaxYear = 2100;
    public const int MaxNameLength = 300;

    /// <summary>Checks the fields of a new contest (the parent is checked against the database separately).</summary>
    public static void Validate(Contest contest, Validation validation)
    {
        validation
            .Required("contest.name", contest.Name, "Contest name", "Tên cuộc thi")
            .MaxLength("contest.name", contest.Name, MaxNameLength, "Contest name", "Tên cuộc thi")
            .MaxLength("contest.organiser", contest.Organiser, MaxNameLength, "Organiser", "Đơn vị tổ chức")
            .Range("contest.year", contest.Year, MinYear, MaxYear, "Year", "Năm")
            .RequiredEnum("contest.level", contest.Level, "Level", "Cấp")
            .Range("contest.maxWords", contest.MaxWords, 0, int.MaxValue, "maxWords", "Số chữ tối đa");
        var opens = ToDate(contest.OpensOn);
        var closes = ToDate(contest.ClosesOn);
        if (opens is null)
        {
            validation.Add("contest.opensOn", "opensOn must be a valid calendar date.", "Ngày mở phải là một ngày hợp lệ.");
        }

        if (closes is null)
        {
            validation.Add("contest.closesOn", "closesOn must be a valid calendar date.", "Ngày đóng phải là một ngày hợp lệ.");
        }

        if (opens is { } o && closes is { } c && c < o)
        {
            validation.Add("contest.closesOn", "closesOn must not be before opensOn.", "Ngày đóng không được trước ngày mở.");
        }
    }

    /// <summary>
    /// Why <paramref name="parent"/> cannot be the parent of a contest of this year and
    /// level, or null when it can: it must exist, be exactly one level up, and be of the same year.
    /// </summary>
    public static (string En, string Vi)? ParentProblem(int year, Level level, string parentId, (int Year, Level Level)? parent)
    {
        if (parent is not { } p)
        {
            return ($"Parent contest '{parentId}' does not exist.", $"Cuộc thi cấp trên '{parentId}' không tồn tại.");
        }

        if (p.Level != LevelAbove(level))
        {
            var expected = LevelAbove(level) is { } above ? EnumNames.Of(above) : "none";
            return (
                $"The parent of a {EnumNames.Of(level)} contest must be a {expected} contest, not {EnumNames.Of(p.Level)}.",
                $"Cuộc thi cấp trên của cuộc thi cấp {EnumNames.Of(level)} phải là cấp {expected}, không phải {EnumNames.Of(p.Level)}.");
        }

        if (p.Year != year)
        {
            return (
                $"The parent contest is of {p.Year}; it must be of the same year ({year}).",
                $"Cuộc thi cấp trên thuộc năm {p.Year}; phải cùng năm ({year}).");
        }

        return null;
    }

    /// <summary>The level that receives forwarded entries: WARD → DISTRICT → CITY → CENTRAL.</summary>
    public static Level? LevelAbove(Level level) => level switch
    {
        Level.Ward => Level.District,
        Level.District => Level.City,
        Level.City => Level.Central,
        _ => null,
    };

    /// <summary>
    /// A contest takes entries while OPEN, from the start of its opening day to the end of
    /// its closing day, both in Asia/Ho_Chi_Minh.
    /// </summary>
    public static void EnsureTakingEntries(Status status, DateOnly opensOn, DateOnly closesOn, DateTimeOffset now)
    {
        if (status != Status.Open)
        {
            throw Problems.FailedPrecondition(
                ContestReasons.ContestNotOpen,
                $"The contest is {EnumNames.Of(status)} and takes no more entries.",
                $"Cuộc thi đang ở trạng thái {EnumNames.Of(status)}, không nhận thêm bài dự thi.");
        }

        if (now < VietnamTime.StartOfDay(opensOn))
        {
            throw Problems.FailedPrecondition(
                ContestReasons.ContestNotYetOpen,
                $"The contest opens on {Display(opensOn)}; entries are not taken before then.",
                $"Cuộc thi bắt đầu nhận bài từ ngày {Display(opensOn)}.");
        }

        if (now >= VietnamTime.EndOfDay(closesOn))
        {
            throw Problems.FailedPrecondition(
                ContestReasons.ContestClosed,
                $"The contest closed at the end of {Display(closesOn)} (Asia/Ho_Chi_Minh); entries are no longer taken.",
                $"Cuộc thi đã hết hạn nhận bài vào cuối ngày {Display(closesOn)}.");
        }
    }

    /// <summary>0 means no limit.</summary>
    public static void EnsureWordLimit(int wordCount, int maxWords)
    {
        if (maxWords > 0 && wordCount > maxWords)
        {
            throw Problems.FailedPrecondition(
                ContestReasons.TooManyWords,
                $"The entry has {wordCount} words; the contest allows at most {maxWords}.",
                $"Bài dự thi có {wordCount} chữ; cuộc thi cho phép tối đa {maxWords} chữ.",
                "entry.body");
        }
    }

    public static DateOnly? ToDate(Google.Type.Date? date)
    {
        if (date is null || date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1)
        {
            return null;
        }

        return date.Day <= DateTime.DaysInMonth(date.Year, date.Month) ? new DateOnly(date.Year, date.Month, date.Day) : null;
    }

    public static Google.Type.Date ToProto(DateOnly day) => new() { Year = day.Year, Month = day.Month, Day = day.Day };

    /// <summary>Days are stored as ISO text: portable and ordered.</summary>
    public static string ToStored(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly FromStored(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>dd/MM/yyyy, as Vietnamese documents write dates.</summary>
    private static string Display(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
