using System.Text;
using CuKhoi.ServiceDefaults.Text;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>The Vietnamese-text rules of DOMAIN.md, one vector at a time.</summary>
public class VietnameseTextTests
{
    [Theory]
    [InlineData("dan van kheo")]
    [InlineData("DÂN VẬN")]
    [InlineData("Dân Vận")]
    [InlineData("dân vận khéo")]
    [InlineData("KHÉO")]
    public void Queries_fold_to_a_part_of_the_folded_title(string query)
    {
        var title = VietnameseText.Fold("Dân vận khéo");

        Assert.Equal("dan van kheo", title);
        Assert.Contains(VietnameseText.Fold(query), title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Đảng ủy", "dang uy")]
    [InlineData("đường Đê", "duong de")]
    [InlineData("Cộng hòa", "cong hoa")]          // ộ: circumflex and dot below
    [InlineData("Nghệ An", "nghe an")]            // ệ: circumflex and dot below
    [InlineData("những người", "nhung nguoi")]    // ữ: horn and tilde; ườ: horn and grave
    [InlineData("Phường Cự Khối", "phuong cu khoi")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Fold_drops_every_mark_and_maps_d_with_stroke(string? text, string expected)
    {
        Assert.Equal(expected, VietnameseText.Fold(text));
    }

    [Fact]
    public void Fold_treats_NFD_and_NFC_alike()
    {
        const string title = "Hội nghị tổng kết công tác Dân vận năm 2020";

        Assert.Equal(VietnameseText.Fold(title.Normalize(NormalizationForm.FormC)), VietnameseText.Fold(title.Normalize(NormalizationForm.FormD)));
    }

    [Fact]
    public void Nfc_turns_NFD_input_into_the_NFC_string()
    {
        var nfc = "Dân vận khéo, Đảng ủy, những người".Normalize(NormalizationForm.FormC);
        var nfd = nfc.Normalize(NormalizationForm.FormD);

        Assert.NotEqual(nfc, nfd);
        Assert.Equal(nfc, VietnameseText.Nfc(nfd));
        Assert.Same(nfc, VietnameseText.Nfc(nfc));
        Assert.Equal(string.Empty, VietnameseText.Nfc(null));
    }

    [Fact]
    public void Names_sort_in_Vietnamese_order_by_comparer_and_by_sort_key()
    {
        string[] expected = ["An", "Ân", "Ấp", "Ba", "Dung", "Đức"];

        AssertOrder(expected);
        Assert.Equal(expected, expected.Reverse().Order(VietnameseText.Comparer));
    }

    [Theory]
    [InlineData("a", "ă")]
    [InlineData("ă", "â")]
    [InlineData("â", "b")]
    [InlineData("d", "đ")]
    [InlineData("đ", "e")]
    [InlineData("Dzung", "Đa")]   // đ is its own letter after d, not a d with an accent
    [InlineData("e", "ê")]
    [InlineData("o", "ô")]
    [InlineData("ô", "ơ")]
    [InlineData("ơ", "p")]
    [InlineData("u", "ư")]
    [InlineData("ba", "bá")]      // tones only break ties...
    [InlineData("bạ", "bác")]     // ...they never outrank a letter
    public void Vietnamese_letters_sort_after_their_base_letter(string before, string after)
    {
        AssertOrder([before, after]);
    }

    [Fact]
    public void Collation_ignores_the_normalisation_form()
    {
        var nfc = "Đức Hạnh";
        var nfd = nfc.Normalize(NormalizationForm.FormD);

        Assert.Equal(0, VietnameseText.Comparer.Compare(nfc, nfd));
        Assert.Equal(VietnameseText.SortKey(nfc), VietnameseText.SortKey(nfd));
    }

    [Fact]
    public void People_sort_by_given_name_then_the_rest()
    {
        string[] expected =
        [
            "Nguyễn Văn An",
            "Trần Văn An",
            "Lê Thị Ánh",
            "Trần Thị Bình",
            "Phạm Thị Thùy Dung",
            "Hoàng Văn Đức",
            "Vũ Thị Ước",
        ];

        var shuffled = expected.Reverse().ToList();
        shuffled.Sort(VietnameseText.ComparePersonNames);

        Assert.Equal(expected, shuffled);
        Assert.Equal(expected, expected.Reverse().OrderBy(n => VietnameseText.SortKey(VietnameseText.GivenNameFirst(n)), ByteOrder.Instance));
    }

    [Theory]
    [InlineData("Phạm Thị Thùy Dung", "Dung Phạm Thị Thùy")]
    [InlineData("  Nguyễn   Văn  An ", "An Nguyễn Văn")]
    [InlineData("Bình", "Bình")]
    [InlineData("", "")]
    public void Given_name_moves_to_the_front(string fullName, string expected)
    {
        Assert.Equal(expected, VietnameseText.GivenNameFirst(fullName));
    }

    [Theory]
    [InlineData("Phường Cự Khối tổ chức Hội nghị tổng kết công tác Dân vận", 13)]
    [InlineData("  Dân   vận\tkhéo\n", 3)]
    [InlineData("Dân\u00a0vận", 2)]
    [InlineData("07/01/2021 | 16:49", 3)]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData(null, 0)]
    public void Words_are_whitespace_separated_syllables(string? text, int expected)
    {
        Assert.Equal(expected, VietnameseText.CountWords(text));
    }

    // Built in code and not enumerated at discovery: a lone surrogate survives neither an
    // attribute argument nor xunit's serialisation of theory data.
    public static TheoryData<string, bool> Surrogates => new()
    {
        { "Dân vận khéo", true },
        { "\ud83d\ude00 vui", true },   // a surrogate pair is one scalar value
        { string.Empty, true },
        { "\ud800", false },
        { "abc\ud83d", false },
        { "\ude00abc", false },
        { "\ude00\ud83d", false },
    };

    [Theory]
    [MemberData(nameof(Surrogates), DisableDiscoveryEnumeration = true)]
    public void Lone_surrogates_are_not_well_formed(string text, bool expected)
    {
        Assert.Equal(expected, VietnameseText.IsWellFormed(text));
    }

    [Theory]
    [InlineData("Phường Cự Khối tổ chức Hội nghị tổng kết công tác Dân vận, Kiểm tra giám sát năm 2020", "phuong-cu-khoi-to-chuc-hoi-nghi-tong-ket-cong-tac-dan-van-kiem-tra-giam-sat-nam-2020")]
    [InlineData("Đảng ủy", "dang-uy")]
    [InlineData("  --Ân--  ", "an")]
    [InlineData("Mô hình \"Dân vận khéo\" (GPMB)!", "mo-hinh-dan-van-kheo-gpmb")]
    [InlineData("", "")]
    [InlineData("!!!", "")]
    public void Slugs_are_folded_ascii_with_hyphens(string title, string expected)
    {
        Assert.Equal(expected, VietnameseText.Slugify(title));
    }

    [Fact]
    public void Icu_is_available()
    {
        Icu.Ensure();
        Assert.False(AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant);
    }

    private static void AssertOrder(string[] ordered)
    {
        for (var i = 0; i + 1 < ordered.Length; i++)
        {
            var (a, b) = (ordered[i], ordered[i + 1]);
            Assert.True(VietnameseText.Comparer.Compare(a, b) < 0, $"Comparer: expected {a} < {b}");
            Assert.True(ByteOrder.Instance.Compare(VietnameseText.SortKey(a), VietnameseText.SortKey(b)) < 0, $"SortKey: expected {a} < {b}");
        }
    }
}

/// <summary>How SQLite BLOB and PostgreSQL bytea compare: unsigned bytes, shorter prefix first.</summary>
internal sealed class ByteOrder : IComparer<byte[]>
{
    public static readonly ByteOrder Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
