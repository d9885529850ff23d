using System.Globalization;
using System.Text;
using CuKhoi.Protos.Reports.V1;

namespace CuKhoi.Gateway.Reports;

/// <summary>
/// The annual report as CSV for spreadsheets (RFC 4180): UTF-8 with a byte-order mark so
/// Excel reads the Vietnamese labels as UTF-8, a header row, one indicator a row, CRLF line
/// ends, fields quoted only when they hold a comma, quote or line break. Numbers are plain
/// digits (no grouping) so they stay numbers in any locale.
///
/// Every indicator code always has its row, in the contract's order, so a job can read the
/// file by position. The rows of a service that did not answer keep their code, label and
/// `source` (who to ask) but have an empty `value` and `denominator`: an empty value means
/// "not available", never zero. No comment or note rows: the table stays a table.
/// </summary>
public static class AnnualReportCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly string[] Header = ["code", "labelVi", "value", "denominator", "source"];

    public static string FileName(int year) => $"bao-cao-dan-van-{year.ToString(CultureInfo.InvariantCulture)}.csv";

    public static byte[] Write(AnnualReport report)
    {
        var text = new StringBuilder();
        AppendRow(text, Header);
        var byCode = report.Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        foreach (var definition in Indicators.All)
        {
            if (byCode.TryGetValue(definition.Code, out var indicator))
            {
                AppendRow(text,
                [
                    indicator.Code,
                    indicator.LabelVi,
                    indicator.Value.ToString(CultureInfo.InvariantCulture),
                    indicator.HasDenominator ? indicator.Denominator.ToString(CultureInfo.InvariantCulture) : string.Empty,
                    indicator.Source,
                ]);
            }
            else if (report.Unavailable.Contains(definition.Source))
            {
                AppendRow(text, [definition.Code, definition.LabelVi, string.Empty, string.Empty, definition.Source]);
            }
        }

        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            AppendField(text, fields[i]);
        }

        text.Append("\r\n");
    }

    private static void AppendField(StringBuilder text, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            text.Append(field);
            return;
        }

        text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
