using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace CuKhoi.ServiceDefaults.Errors;

/// <summary>
/// Wire names (the proto names, e.g. PUBLISHED) of generated protobuf enums. The names are
/// read from the generated [OriginalName] attributes once per enum type: every row a service
/// maps parses its status this way, and reflection per call was a measurable share of a read.
/// </summary>
public static class EnumNames
{
    /// <summary>The proto name of a value: `Article.Types.Status.PendingReview` → "PENDING_REVIEW".</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Names<TEnum>.ByValue.TryGetValue(value, out var name) ? name : value.ToString();

    /// <summary>Every accepted value (the zero "…_UNSPECIFIED" excluded), by proto name.</summary>
    public static IReadOnlyList<string> Allowed<TEnum>()
        where TEnum : struct, Enum => Names<TEnum>.Allowed;

    /// <summary>Parses a proto name back to the value (for names stored in the database).</summary>
    /// <exception cref="InvalidOperationException">The name is not one of the enum's proto names.</exception>
    public static TEnum Parse<TEnum>(string name)
        where TEnum : struct, Enum =>
        Names<TEnum>.ByName.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"'{name}' is not a {typeof(TEnum).Name} value.");

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>()
            .Distinct()
            .ToFrozenDictionary(v => v, v => typeof(TEnum).GetField(v.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? v.ToString());

        public static readonly FrozenDictionary<string, TEnum> ByName = ByValue
            .ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        public static readonly IReadOnlyList<string> Allowed = Enum.GetValues<TEnum>()
            .Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0)
            .Select(v => ByValue[v])
            .ToList()
            .AsReadOnly();
    }
}
