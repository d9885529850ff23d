using System.Reflection;
using Google.Protobuf.Reflection;

namespace CuKhoi.ServiceDefaults.Errors;

/// <summary>Wire names (the proto names, e.g. PUBLISHED) of generated protobuf enums.</summary>
public static class EnumNames
{
    /// <summary>The proto name of a value: `Article.Types.Status.PendingReview` → "PENDING_REVIEW".</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var member = typeof(TEnum).GetField(value.ToString());
        return member?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? value.ToString();
    }

    /// <summary>Every accepted value (the zero "…_UNSPECIFIED" excluded), by proto name.</summary>
    public static IReadOnlyList<string> Allowed<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>()
            .Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0)
            .Select(Of)
            .ToList();

    /// <summary>Parses a proto name back to the value (for names stored in the database).</summary>
    public static TEnum Parse<TEnum>(string name)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().First(v => Of(v) == name);
}
