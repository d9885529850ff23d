namespace CuKhoi.ServiceDefaults.Text;

/// <summary>
/// Instants are stored in UTC; "the year 2020" and calendar days are Asia/Ho_Chi_Minh
/// (UTC+7, no daylight saving).
/// </summary>
public static class VietnamTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    /// <summary>[start, end) of a calendar year in Vietnam, as UTC instants.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Year(int year) =>
        (StartOfDay(new DateOnly(year, 1, 1)), StartOfDay(new DateOnly(year + 1, 1, 1)));

    /// <summary>The UTC instant at which a Vietnamese calendar day starts.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The first instant after a Vietnamese calendar day ends (exclusive bound).</summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => StartOfDay(day.AddDays(1));

    /// <summary>The Vietnamese calendar day of a UTC instant.</summary>
    public static DateOnly Today(TimeProvider time) => ToLocalDate(time.GetUtcNow());

    public static DateOnly ToLocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
        }
        catch (TimeZoneNotFoundException)
        {
            // Minimal images may lack tzdata; Vietnam has had no DST since 1975.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", TimeSpan.FromHours(7), "Indochina Time", "ICT");
        }
    }
}
