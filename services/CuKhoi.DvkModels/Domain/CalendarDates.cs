using System.Globalization;
using GoogleDate = Google.Type.Date;

namespace CuKhoi.DvkModels.Domain;

/// <summary>
/// Calendar days (google.type.Date) as the service stores them: ISO "yyyy-MM-dd" text,
/// which sorts and compares the same way on SQLite and PostgreSQL.
/// </summary>
public static class CalendarDates
{
    /// <summary>A full, real calendar date; partial dates (month or day 0) are not accepted here.</summary>
    public static bool TryGet(GoogleDate? date, out DateOnly value)
    {
        value = default;
        if (date is null || date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            return false;
        }

        value = new DateOnly(date.Year, date.Month, date.Day);
        return true;
    }

    public static GoogleDate ToDate(DateOnly value) => new() { Year = value.Year, Month = value.Month, Day = value.Day };

    public static string ToIso(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly FromIso(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
