using CuKhoi.Articles.Domain;

namespace CuKhoi.Articles.Tests;

public class ArticleRulesTests
{
    [Theory]
    [InlineData("Đảng ủy phường Cự Khối", "dang-uy-phuong-cu-khoi")]
    [InlineData("!!! ???", "bai-viet")]
    [InlineData("0123456789abcdef0123456789abcdef", "bai-viet-0123456789abcdef0123456789abcdef")]
    public void A_slug_is_derived_from_the_title(string title, string slug)
    {
        Assert.Equal(slug, ArticleRules.DeriveSlug(title));
    }

    [Fact]
    public void A_derived_slug_stays_within_120_characters_and_ends_on_a_whole_word()
    {
        var title = string.Join(' ', Enumerable.Repeat("Dân vận khéo", 30));
        var full = CuKhoi.ServiceDefaults.Text.VietnameseText.Slugify(title);

        var slug = ArticleRules.DeriveSlug(title);

        Assert.True(slug.Length <= ArticleRules.SlugMax);
        Assert.StartsWith(slug, full);
        Assert.Equal('-', full[slug.Length]);
    }

    [Fact]
    public void Tags_are_trimmed_and_kept_once()
    {
        Assert.Equal(["dân-vận", "gpmb"], ArticleRules.CleanTags([" dân-vận ", "gpmb", "dân-vận", "  "]));
    }
}
