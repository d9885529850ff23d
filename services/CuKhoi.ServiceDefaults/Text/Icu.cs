using System.Globalization;

namespace CuKhoi.ServiceDefaults.Text;

/// <summary>
/// Fails loudly when .NET runs without ICU (globalization-invariant mode): Vietnamese
/// collation and normalisation would silently be wrong. A class of its own because
/// <see cref="VietnameseText"/>'s fields ask for the vi-VN culture when the class is first
/// touched, which invariant mode refuses with an exception that names no cause.
/// </summary>
public static class Icu
{
    public static void Ensure()
    {
        if (!Available())
        {
            throw new InvalidOperationException(
                "ICU is not available (globalization-invariant mode?). Vietnamese collation and " +
                "normalisation need it: install libicu and unset DOTNET_SYSTEM_GLOBALIZATION_INVARIANT.");
        }
    }

    private static bool Available()
    {
        try
        {
            // Invariant mode knows no vi-VN (it throws), and without ICU every culture compares
            // ordinally, so "Ân" would sort after "Ba".
            var comparer = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), CompareOptions.None);
            return comparer.Compare("Ân", "Ba") < 0 && "e\u0301".Normalize() == "\u00e9";
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
