using System.Text.RegularExpressions;
using CuKhoi.Gateway.Reports;

namespace CuKhoi.Reports.Tests;

public partial class PageTests
{
    [Fact]
    public void Page_has_the_title_the_table_and_the_charts_and_loads_nothing()
    {
        var figures = ReportSamples.Full();
        var html = AnnualReportPage.Render(figures, Indicators.ToReport(figures));

        AssertSelfContainedReport(html, 2020);
        Assert.Contains("07/01/2021 16:49", html); // 09:49 UTC in Asia/Ho_Chi_Minh
        Assert.Contains("1.234", html);            // vi-VN grouping
        Assert.Contains("1/11 (9,1", html);
        Assert.DoesNotContain("Số liệu chưa đầy đủ", html);
    }

    [Fact]
    public void A_silent_service_is_named_and_its_charts_give_way_to_a_note()
    {
        var figures = ReportSamples.Full() with { Articles = null };
        var html = AnnualReportPage.Render(figures, Indicators.ToReport(figures));

        Assert.Contains("Số liệu chưa đầy đủ", html);
        Assert.Contains("Tin bài (articles)", html);
        Assert.Equal(3, SvgCount(html));
        Assert.Equal(2, Regex.Count(html, "không có số liệu"));
    }

    [Fact]
    public void Text_in_charts_is_encoded()
    {
        var svg = SvgChart.Bars("<b>&", [new("<script>alert(1)</script>", 1)], "#000");

        Assert.DoesNotContain("<script>", svg);
        Assert.Contains("&lt;script&gt;", svg);
        Assert.Contains("&lt;b&gt;&amp;", svg);
    }

    [Fact]
    public void Error_page_is_Vietnamese_and_encoded()
    {
        var html = AnnualReportPage.RenderError("Year <x>", "Năm <x>");

        Assert.Contains("lang=\"vi\"", html);
        Assert.Contains("Năm &lt;x&gt;", html);
    }

    /// <summary>The checks shared with the end-to-end page test.</summary>
    internal static void AssertSelfContainedReport(string html, int year)
    {
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains($"<title>Báo cáo tổng kết công tác Dân vận năm {year}</title>", html);
        Assert.Contains($"<h1>Báo cáo tổng kết công tác Dân vận năm {year}</h1>", html);
        Assert.Contains("Phường Cự Khối", html);
        Assert.Contains("<table>", html);
        foreach (var definition in Indicators.All)
        {
            Assert.Contains(definition.LabelVi, html);
        }

        Assert.True(SvgCount(html) >= 3, "expected at least three inline SVG charts");
        Assert.Contains("@page { size: A4", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalUrl(), html);
    }

    internal static int SvgCount(string html) => Regex.Count(html, "<svg[ >]");

    [GeneratedRegex(@"(https?:)?//[a-z0-9]", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
