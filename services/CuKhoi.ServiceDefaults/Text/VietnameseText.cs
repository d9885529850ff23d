using System.Globalization;
using System.Text;

namespace CuKhoi.ServiceDefaults.Text;

/// <summary>
/// The Vietnamese-text rules of DOMAIN.md, in one place: NFC at the boundary, an
/// accent-folded copy for search, and vi-VN collation for sorting.
/// </summary>
public static class VietnameseText
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>Vietnamese ordering: a &lt; ă &lt; â, d &lt; đ, e &lt; ê, o &lt; ô &lt; ơ, u &lt; ư; tones break ties.</summary>
    public static readonly StringComparer Comparer = StringComparer.Create(Culture, CompareOptions.None);

    /// <summary>Unicode NFC, as every stored string must be.</summary>
    public static string Nfc(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : text.IsNormalized() ? text : text.Normalize(NormalizationForm.FormC);

    /// <summary>
    /// Search form: NFD, combining marks dropped, đ→d and Đ→D, lower-case.
    /// "Đảng ủy" → "dang uy"; "DÂN VẬN" → "dan van".
    /// </summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            // đ/Đ have no decomposition, so they need the explicit map.
            folded.Append(c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            });
        }

        return folded.ToString();
    }

    /// <summary>
    /// A binary sort key whose byte order is vi-VN collation order, so SQL can
    /// ORDER BY it (BLOB/bytea compare bytewise) and page with cursors.
    /// </summary>
    public static byte[] SortKey(string? text) =>
        Culture.CompareInfo.GetSortKey(Nfc(text), CompareOptions.None).KeyData;

    /// <summary>
    /// Official lists sort people by given name (the last word), then the rest:
    /// "Phạm Thị Thùy Dung" sorts as "Dung Phạm Thị Thùy".
    /// </summary>
    public static string GivenNameFirst(string? fullName)
    {
        var parts = Nfc(fullName).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length <= 1 ? string.Join(' ', parts) : $"{parts[^1]} {string.Join(' ', parts[..^1])}";
    }

    /// <summary>Compares person names the official way: given name first, then the rest.</summary>
    public static int ComparePersonNames(string? a, string? b) =>
        Comparer.Compare(GivenNameFirst(a), GivenNameFirst(b));

    /// <summary>Vietnamese words are whitespace-separated syllables.</summary>
    public static int CountWords(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// True when the string holds only valid Unicode scalar values; a lone surrogate is
    /// what invalid UTF-8 or a bad JSON escape leaves behind.
    /// </summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A URL slug from a title: folded, ASCII letters and digits, hyphens.</summary>
    public static string Slugify(string? text)
    {
        var folded = Fold(text);
        var slug = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }
}
