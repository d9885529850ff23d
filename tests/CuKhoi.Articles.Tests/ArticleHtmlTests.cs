using System.Net;
using CsCheck;
using CuKhoi.Articles.Domain;
using CuKhoi.Articles.Seed;

namespace CuKhoi.Articles.Tests;

public class ArticleHtmlTests
{
    private static readonly ArticleHtml Html = new();

    [Theory]
    [InlineData("<p>Xin chào<script>alert(1)</script></p>", "<p>Xin chào</p>")]
    [InlineData("<p onclick=\"alert(1)\">Dân vận</p>", "<p>Dân vận</p>")]
    [InlineData("<p style=\"color:red\">Dân vận</p>", "<p>Dân vận</p>")]
    [InlineData("<style>p{color:red}</style><p>Dân vận</p>", "<p>Dân vận</p>")]
    [InlineData("<iframe src=\"https://example.org\"></iframe><p>a</p>", "<p>a</p>")]
    [InlineData("<form action=\"https://example.org\"><input name=\"x\"></form><p>a</p>", "<p>a</p>")]
    [InlineData("<div class=\"x\" id=\"y\"><p>a</p></div>", "<p>a</p>")]
    [InlineData("<h1>Tiêu đề</h1><h2>Mục</h2>", "Tiêu đề<h2>Mục</h2>")]
    [InlineData("<table><tr><td colspan=\"2\">ô</td></tr></table>", "<table><tbody><tr><td colspan=\"2\">ô</td></tr></tbody></table>")]
    [InlineData("<ul><li><strong>a</strong> <em>b</em> <u>c</u></li></ul>", "<ul><li><strong>a</strong> <em>b</em> <u>c</u></li></ul>")]
    public void Only_the_allow_list_survives(string input, string expected)
    {
        Assert.Equal(expected, Html.Sanitize(input));
    }

    [Theory]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>")]
    [InlineData("<a href=\"/tin-tuc/bai-1\">x</a>")]
    [InlineData("<a href=\"//evil.example/x\">x</a>")]
    [InlineData("<a href=\"ftp://example.org/file\">x</a>")]
    [InlineData("<a href=\"JavaScript:alert(1)\">x</a>")]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1)\">x</a>")]
    [InlineData("<a href=\" javascript:alert(1)\">x</a>")]
    public void Links_other_than_http_https_mailto_lose_their_href(string input)
    {
        Assert.Equal("<a>x</a>", Html.Sanitize(input));
    }

    [Theory]
    [InlineData("https://cukhoi.example.vn/tin-tuc")]
    [InlineData("http://cukhoi.example.vn/")]
    [InlineData("mailto:vanphong@cukhoi.example.vn")]
    public void Safe_links_are_kept_with_rel_noopener(string href)
    {
        var sanitized = Html.Sanitize($"<a href=\"{href}\" target=\"_blank\" onclick=\"x()\">liên kết</a>");

        Assert.Equal($"<a href=\"{href}\" rel=\"noopener\">liên kết</a>", sanitized);
    }

    [Theory]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:a@b.vn")]
    public void Images_keep_only_http_and_https_sources(string src)
    {
        Assert.Equal("<img alt=\"ảnh\">", Html.Sanitize($"<img src=\"{src}\" alt=\"ảnh\" onerror=\"x()\">"));
    }

    [Fact]
    public void An_https_image_keeps_src_and_alt()
    {
        Assert.Equal(
            "<img src=\"https://cukhoi.example.vn/a.jpg\" alt=\"Hội nghị\">",
            Html.Sanitize("<img src=\"https://cukhoi.example.vn/a.jpg\" alt=\"Hội nghị\" style=\"width:100px\" width=\"100\">"));
    }

    [Fact]
    public void Body_text_drops_tags_decodes_entities_and_collapses_whitespace()
    {
        var html = Html.Sanitize("<p>Đảng&nbsp;ủy   phường</p><p>Cự&amp;Khối<br>năm <b>20</b>20</p>\n\n<ul><li>một</li><li>hai</li></ul>");

        Assert.Equal("Đảng ủy phường Cự&Khối năm 2020 một hai", ArticleHtml.ToText(html));
    }

    [Fact]
    public void Preview_is_at_most_about_200_characters_cut_at_a_word()
    {
        var text = string.Join(' ', Enumerable.Repeat("Dân vận khéo", 40));

        var preview = ArticleHtml.Preview(text);

        Assert.True(preview.Length <= 201, preview.Length.ToString());
        Assert.EndsWith("…", preview);
        Assert.StartsWith(preview[..^1], text);
        Assert.Equal("ngắn", ArticleHtml.Preview("ngắn"));
    }

    /// <summary>
    /// GetArticle and the export lines take the preview from the row's UTF-8 bytes, decoding only
    /// the start of them: it must be the preview of the whole text, for any text (one- to
    /// four-byte characters, a surrogate pair across the cut, long words, short texts).
    /// </summary>
    [Fact]
    public void The_preview_of_utf8_bytes_is_the_preview_of_the_whole_text()
    {
        // Mixed text, and text of the widest characters only (three bytes, or four for two chars).
        string[][] alphabets =
        [
            ["a", "Z", "0", " ", " ", "ư", "ờ", "Đ", "ế", "漢", "😀", "\u00A0", "-"],
            ["ờ", "ế", "漢", " "],
            ["😀", "ờ", " "],
        ];
        Gen.Int[0, alphabets.Length - 1]
            .SelectMany(alphabet => Gen.Int[0, 700].SelectMany(length => Gen.Int[0, alphabets[alphabet].Length - 1].Array[length])
                .Select(picks => string.Concat(picks.Select(p => alphabets[alphabet][p]))))
            .Sample(
                text => Assert.Equal(ArticleHtml.Preview(text), ArticleHtml.Preview(System.Text.Encoding.UTF8.GetBytes(text))),
                iter: 3_000);
    }

    public static TheoryData<string[]> Paragraphs()
    {
        var data = new TheoryData<string[]>
        {
            Array.Empty<string>(),
            new[] { "Cự Khối & Long Biên: 1 < 2 > 0, \"trích\" 'dẫn'", "Đảng\u00A0ủy  phường  ", "&amp; &lt;p&gt; là chữ, không phải thẻ" },
        };
        foreach (var sample in ArticleSampleSeeder.All())
        {
            data.Add(sample.Paragraphs);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Paragraphs))]
    public void Paragraphs_without_the_parser_are_what_the_sanitiser_and_ToText_make_of_them(string[] paragraphs)
    {
        var sanitized = Html.Sanitize(string.Join("\n", paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>")));

        var (html, text) = ArticleHtml.FromParagraphs(paragraphs);

        Assert.Equal(sanitized, html);
        Assert.Equal(ArticleHtml.ToText(sanitized), text);
    }
}
