using System.Text;
using CuKhoi.Gateway.Reports;

namespace CuKhoi.Reports.Tests;

public class CsvTests
{
    [Fact]
    public void Starts_with_a_BOM_then_the_header_and_uses_CRLF()
    {
        var bytes = AnnualReportCsv.Write(Indicators.ToReport(ReportSamples.Full()));

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("code,labelVi,value,denominator,source\r\n", text);
        Assert.EndsWith("\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        Assert.Equal(1 + Indicators.All.Count, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Vietnamese_labels_round_trip_and_fields_with_commas_are_quoted()
    {
        var rows = Parse(AnnualReportCsv.Write(Indicators.ToReport(ReportSamples.Full())));

        var registered = rows.Single(r => r[0] == "DVK_MODELS_REGISTERED");
        Assert.Equal(["DVK_MODELS_REGISTERED", "Số mô hình, điển hình “Dân vận khéo” đăng ký", "4", "", "dvk-models"], registered);
        Assert.Equal(["CONTEST_ENTRIES_FORWARDED_CITY", "Số bài dự thi được Quận gửi dự thi cấp Thành phố", "1", "11", "contests"], rows.Single(r => r[0] == "CONTEST_ENTRIES_FORWARDED_CITY"));
        Assert.Equal("1234", rows.Single(r => r[0] == "ARTICLE_VIEWS_TOTAL")[2]);
    }

    [Fact]
    public void A_silent_service_keeps_its_rows_with_an_empty_value()
    {
        var figures = ReportSamples.Full() with { Contests = null };
        var report = Indicators.ToReport(figures);
        var rows = Parse(AnnualReportCsv.Write(report));

        Assert.Equal(["contests"], report.Unavailable);
        Assert.Equal(Indicators.All.Select(d => d.Code), rows.Skip(1).Select(r => r[0]));
        Assert.All(rows.Skip(1).Where(r => r[4] == "contests"), r => Assert.Equal(("", ""), (r[2], r[3])));
        Assert.Equal("1", rows.Single(r => r[0] == "DVK_MODELS_RECOGNISED_DISTRICT")[2]);
    }

    [Fact]
    public void File_name_names_the_year() => Assert.Equal("bao-cao-dan-van-2020.csv", AnnualReportCsv.FileName(2020));

    /// <summary>A small RFC 4180 reader, so the test checks quoting rather than trusting it.</summary>
    internal static List<string[]> Parse(byte[] bytes)
    {
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString()); field.Clear();
                rows.Add([.. row]); row.Clear();
                i++;
            }
            else { field.Append(c); }
        }

        Assert.Empty(row);
        Assert.Equal(0, field.Length);
        return rows;
    }
}
