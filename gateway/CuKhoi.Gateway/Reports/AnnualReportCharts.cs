using System.Text;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using Item = CuKhoi.Gateway.Reports.SvgChart.Item;

namespace CuKhoi.Gateway.Reports;

/// <summary>The charts of the printable report, drawn from what each service answered.</summary>
public static class AnnualReportCharts
{
    private static readonly (string Name, string Vi)[] Levels =
        [("WARD", "Phường"), ("DISTRICT", "Quận"), ("CITY", "Thành phố"), ("CENTRAL", "Trung ương")];

    private static readonly (string Name, string Vi)[] Fields =
    [
        ("ECONOMY", "Kinh tế"),
        ("CULTURE_SOCIETY", "Văn hóa – xã hội"),
        ("DEFENCE_SECURITY", "Quốc phòng – an ninh"),
        ("PARTY_POLITICAL_SYSTEM", "Xây dựng Đảng và hệ thống chính trị"),
    ];

    /// <summary>Every chart as a numbered &lt;figure&gt;; a service that did not answer gets a note in place of its charts.</summary>
    public static string Render(AnnualFigures figures)
    {
        var html = new StringBuilder();
        var number = 0;
        void Figure(string caption, string? source, Func<string>? svg)
        {
            number++;
            html.Append("<figure>");
            html.Append(svg is null
                ? $"""<p class="no-data">Không có số liệu: dịch vụ {Encode(ReportSources.NameVi(source!))} ({Encode(source!)}) không phản hồi.</p>"""
                : svg());
            html.Append($"<figcaption>Biểu đồ {number}. {Encode(caption)}</figcaption></figure>");
        }

        var c = figures.Contests;
        Figure("Bài dự thi viết về điển hình “Dân vận khéo”: từ cấp phường lên cấp Quận, cấp Thành phố", ReportSources.Contests,
            c is null ? null : () => SvgChart.Funnel("Bài dự thi theo cấp", ContestStages(c), "#b3261e", "bài"));

        var d = figures.Dvk;
        Figure("Mô hình “Dân vận khéo” được công nhận trong năm, theo cấp công nhận", ReportSources.DvkModels,
            d is null ? null : () => SvgChart.Bars("Mô hình được công nhận theo cấp", Named(d.RecognisedByLevel, Levels), "#1f4e79"));
        Figure("Mô hình “Dân vận khéo” được công nhận trong năm, theo lĩnh vực", ReportSources.DvkModels,
            d is null ? null : () => SvgChart.Bars("Mô hình được công nhận theo lĩnh vực", Named(d.RecognisedByField, Fields), "#2e7d6b"));

        var a = figures.Articles;
        Figure("Số bài viết được đăng theo tháng", ReportSources.Articles,
            a is null ? null : () => SvgChart.Columns("Bài viết được đăng theo tháng", Months(a, m => m.Published), "#1f4e79"));
        Figure("Lượt xem của các bài viết, theo tháng đăng", ReportSources.Articles,
            a is null ? null : () => SvgChart.Columns("Lượt xem theo tháng đăng bài", Months(a, m => m.Views), "#c77c02"));
        return html.ToString();
    }

    private static List<Item> ContestStages(ContestStatistics c) =>
    [
        new("Bài dự thi cấp phường", c.WardEntriesSubmitted),
        new("Gửi dự thi cấp Quận", c.ReachedDistrict),
        new("Gửi dự thi cấp Thành phố", c.ReachedCity),
    ];

    /// <summary>Every known name in a fixed order (zeros included, so years compare), then any name the service added later.</summary>
    private static List<Item> Named(IDictionary<string, long> counts, (string Name, string Vi)[] known) =>
    [
        .. known.Select(k => new Item(k.Vi, counts.TryGetValue(k.Name, out var v) ? v : 0)),
        .. counts.Where(kv => known.All(k => k.Name != kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Item(kv.Key, kv.Value)),
    ];

    /// <summary>Twelve columns, T1–T12, whether or not the service sent empty months.</summary>
    private static List<Item> Months(ArticleStatistics a, Func<ArticleStatistics.Types.Month, long> value) =>
        [.. Enumerable.Range(1, 12).Select(m => new Item($"T{m}", a.Months.Where(x => x.Month_ == m).Sum(value)))];

    private static string Encode(string text) => SvgChart.Encoder.Encode(text);
}
