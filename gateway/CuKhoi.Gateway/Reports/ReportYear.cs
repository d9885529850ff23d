using CuKhoi.ServiceDefaults.Errors;

namespace CuKhoi.Gateway.Reports;

/// <summary>The checks every way into the annual report shares (gRPC/JSON, CSV, printable page).</summary>
public static class ReportYear
{
    public const int Min = 1990;
    public const int Max = 2100;

    /// <summary>400 with a field violation on `year` when it is outside 1990–2100.</summary>
    public static void Validate(int year) =>
        new Validation().Range("year", year, Min, Max, "Year", "Năm").ThrowIfInvalid();

    /// <summary>The route segment as a year, or the same 400 when it is not a number.</summary>
    public static int Parse(string? value)
    {
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year))
        {
            throw Problems.InvalidArgument("year", $"Year must be a number between {Min} and {Max}.", $"Năm phải là một số từ {Min} đến {Max}.");
        }

        Validate(year);
        return year;
    }

    /// <summary>`format` over gRPC and JSON: empty or json. CSV is written by the REST layer before the call gets here.</summary>
    public static void ValidateFormat(string format)
    {
        if (format.Length == 0 || string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        throw string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? Problems.InvalidArgument("format", "format=csv is served over REST only: GET /api/v1/reports/annual/{year}?format=csv.", "Định dạng csv chỉ được phục vụ qua REST: GET /api/v1/reports/annual/{year}?format=csv.")
            : Problems.InvalidArgument("format", "format must be json or csv.", "Định dạng (format) phải là json hoặc csv.");
    }

    public static bool IsCsv(string? format) => string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
}
