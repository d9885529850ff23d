using System.Globalization;
using System.Text;
using CuKhoi.Protos.Reports.V1;
using CuKhoi.ServiceDefaults.Text;

namespace CuKhoi.Gateway.Reports;

/// <summary>
/// The printable annual report: one self-contained HTML page (inline CSS and SVG, no
/// script, no external resource) laid out for A4. Every text that is not a literal here is
/// encoded.
/// </summary>
public static class AnnualReportPage
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>Nothing on the page may load or run anything: inline styles only.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Title(int year) => $"Báo cáo tổng kết công tác Dân vận năm {year.ToString(CultureInfo.InvariantCulture)}";

    public static string Render(AnnualFigures figures, AnnualReport report)
    {
        var generated = TimeZoneInfo.ConvertTime(figures.GenerateTime, VietnamTime.Zone);
        var html = new StringBuilder();
        html.Append(Head(Title(figures.Year)));
        html.Append($"""
            <header>
            <p class="issuer">Đảng ủy phường Cự Khối · Khối Dân vận</p>
            <h1>{E(Title(figures.Year))}</h1>
            <p class="subtitle">Phường Cự Khối, quận Long Biên, thành phố Hà Nội</p>
            <p class="meta">Lập lúc <time datetime="{figures.GenerateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}">{generated.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)}</time> (giờ Việt Nam). Số liệu tính trực tiếp từ dữ liệu của các dịch vụ tại thời điểm lập.</p>
            </header>
            """);
        if (report.Unavailable.Count > 0)
        {
            var names = string.Join("; ", report.Unavailable.Select(s => $"{ReportSources.NameVi(s)} ({s})"));
            html.Append($"""<p class="notice" role="status"><strong>Số liệu chưa đầy đủ.</strong> Không nhận được số liệu từ dịch vụ: {E(names)}. Các chỉ tiêu của dịch vụ này để trống.</p>""");
        }

        html.Append("<section><h2>I. Các chỉ tiêu</h2>").Append(Table(report)).Append("</section>");
        html.Append("<section class=\"charts\"><h2>II. Biểu đồ</h2>").Append(AnnualReportCharts.Render(figures)).Append("</section>");
        html.Append($"""
            <footer>
            <p>Năm được tính theo giờ Việt Nam (Asia/Ho_Chi_Minh). Tỷ lệ tính trên tổng số bài dự thi cấp phường.</p>
            <p class="screen-only">Tải số liệu: <a href="/api/v1/reports/annual/{figures.Year.ToString(CultureInfo.InvariantCulture)}?format=csv">CSV</a> · <a href="/api/v1/reports/annual/{figures.Year.ToString(CultureInfo.InvariantCulture)}">JSON</a></p>
            </footer>
            </body>
            </html>
            """);
        return html.ToString();
    }

    /// <summary>A 400 page for a year the report does not cover.</summary>
    public static string RenderError(string message, string messageVi) =>
        Head("Yêu cầu không hợp lệ") +
        $"""
        <header><h1>Yêu cầu không hợp lệ</h1></header>
        <p class="notice" role="alert">{E(messageVi)}</p>
        <p lang="en">{E(message)}</p>
        </body>
        </html>
        """;

    /// <summary>All nine indicators in the contract's order; those of a silent service say so.</summary>
    private static string Table(AnnualReport report)
    {
        var byCode = report.Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var rows = new StringBuilder();
        var index = 0;
        foreach (var definition in Indicators.All)
        {
            index++;
            var cells = byCode.TryGetValue(definition.Code, out var indicator)
                ? $"""<td class="num">{SvgChart.Number(indicator.Value)}</td><td class="num">{Share(indicator)}</td>"""
                : """<td class="num missing" colspan="2">không có số liệu</td>""";
            rows.Append($"""<tr><td class="num">{index}</td><td>{E(definition.LabelVi)}<br><code>{E(definition.Code)}</code></td>{cells}<td class="source">{E(definition.Source)}</td></tr>""");
        }

        return $"""
            <table>
            <thead><tr><th scope="col">TT</th><th scope="col">Chỉ tiêu</th><th scope="col">Số liệu</th><th scope="col">Tỷ lệ</th><th scope="col">Nguồn</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            """;
    }

    private static string Share(Indicator indicator) =>
        !indicator.HasDenominator ? string.Empty
        : indicator.Denominator == 0 ? $"{SvgChart.Number(indicator.Value)}/0"
        : $"{SvgChart.Number(indicator.Value)}/{SvgChart.Number(indicator.Denominator)} ({((double)indicator.Value / indicator.Denominator).ToString("P1", SvgChart.Vietnamese)})";

    private static string Head(string title) => $"""
        <!DOCTYPE html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title>
        <style>{Styles}</style>
        </head>
        <body>

        """;

    private static string E(string text) => SvgChart.Encoder.Encode(text);

    // A4 portrait: 210 mm less 2 × 16 mm margins leaves 178 mm ≈ 673 CSS px, the charts' width.
    private const string Styles = """
        @page { size: A4; margin: 16mm 16mm 18mm 16mm; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: "Noto Serif", "DejaVu Serif", "Times New Roman", serif; font-size: 12pt; line-height: 1.45; color: #222; max-width: 190mm; margin: 0 auto; padding: 12px; }
        header { text-align: center; border-bottom: 2px solid #b3261e; margin-bottom: 14px; padding-bottom: 8px; }
        .issuer { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10pt; letter-spacing: .04em; text-transform: uppercase; margin: 0; color: #555; }
        h1 { font-size: 17pt; color: #b3261e; margin: 6px 0 2px; }
        h2 { font-size: 13pt; margin: 18px 0 8px; break-after: avoid; page-break-after: avoid; }
        .subtitle { font-size: 12pt; font-weight: 600; margin: 0; }
        .meta { font-size: 9.5pt; color: #555; margin: 4px 0 0; }
        .notice { border: 1px solid #c77c02; background: #fff4e0; padding: 6px 10px; font-size: 10.5pt; }
        table { width: 100%; border-collapse: collapse; font-size: 10.5pt; break-inside: avoid; page-break-inside: avoid; }
        th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; }
        th { background: #f1e4e2; text-align: left; white-space: nowrap; }
        td.source { white-space: nowrap; font-size: 9.5pt; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.missing { text-align: center; font-style: italic; color: #8a5a00; }
        code { font-size: 8pt; color: #666; }
        figure { margin: 0 0 14px; break-inside: avoid; page-break-inside: avoid; }
        figure svg { display: block; width: 100%; height: auto; max-width: 680px; margin: 0 auto; }
        figcaption { font-size: 10pt; font-style: italic; text-align: center; margin-top: 4px; }
        .no-data { border: 1px dashed #999; padding: 14px; text-align: center; color: #8a5a00; }
        footer { border-top: 1px solid #ccc; margin-top: 16px; font-size: 9pt; color: #555; }
        a { color: #1f4e79; }
        @media print { body { padding: 0; max-width: none; } .screen-only { display: none; } }
        """;
}
