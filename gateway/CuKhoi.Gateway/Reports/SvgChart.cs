using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace CuKhoi.Gateway.Reports;

/// <summary>
/// Three small charts drawn as inline SVG on the server, so the printable report needs no
/// script, no CDN and no JavaScript: horizontal bars (long Vietnamese labels), columns (12
/// months) and a funnel (ward → district → city). Every text is encoded; numbers use vi-VN.
/// </summary>
public static class SvgChart
{
    public readonly record struct Item(string Label, long Value);

    public const int Width = 680;

    /// <summary>Keeps Vietnamese letters as they are (HtmlEncoder.Default would turn them into entities).</summary>
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static string Number(long value) => value.ToString("N0", Vietnamese);

    /// <summary>One bar a row, label on the left: for levels and fields.</summary>
    public static string Bars(string title, IReadOnlyList<Item> items, string colour)
    {
        const int labelWidth = 270, row = 30, pad = 6, valueRoom = 70;
        var max = Math.Max(1, items.Max(i => i.Value));
        var svg = Open(title, 2 * pad + items.Count * row);
        for (var i = 0; i < items.Count; i++)
        {
            var y = pad + i * row;
            var width = Scale(items[i].Value, max, Width - labelWidth - valueRoom);
            Text(svg, labelWidth - 10, y + row / 2, items[i].Label, "end");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{labelWidth}" y="{y + 5}" width="{width}" height="{row - 10}" rx="2" fill="{colour}"/>""");
            Value(svg, labelWidth + width + 6, y + row / 2, items[i].Value, "start");
        }

        return Close(svg);
    }

    /// <summary>One column per item, labels underneath: for the months of a year.</summary>
    public static string Columns(string title, IReadOnlyList<Item> items, string colour)
    {
        const int top = 22, plot = 150, bottom = 26, left = 10;
        var max = Math.Max(1, items.Max(i => i.Value));
        var slot = (Width - 2 * left) / (double)items.Count;
        var barWidth = Math.Min(34, slot * 0.6);
        var svg = Open(title, top + plot + bottom);
        for (var i = 0; i < items.Count; i++)
        {
            var centre = left + slot * (i + 0.5);
            var height = Scale(items[i].Value, max, plot);
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{centre - barWidth / 2:0.#}" y="{top + plot - height}" width="{barWidth:0.#}" height="{height}" fill="{colour}"/>""");
            Value(svg, centre, top + plot - height - 8, items[i].Value, "middle");
            Text(svg, centre, top + plot + 15, items[i].Label, "middle");
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" y1="{top + plot}" x2="{Width - left}" y2="{top + plot}" stroke="#555" stroke-width="1"/>""");
        return Close(svg);
    }

    /// <summary>Stages narrowing from the first; each shows its count and its share of the first.</summary>
    public static string Funnel(string title, IReadOnlyList<Item> stages, string colour, string unit)
    {
        const int labelWidth = 210, funnelWidth = 300, row = 38, gap = 14, pad = 4;
        var first = stages.Count > 0 ? stages[0].Value : 0;
        var max = Math.Max(1, stages.Max(s => s.Value));
        var centre = labelWidth + funnelWidth / 2.0;
        var svg = Open(title, 2 * pad + stages.Count * row + (stages.Count - 1) * gap);
        var previous = (Left: 0.0, Right: 0.0, Bottom: 0);
        for (var i = 0; i < stages.Count; i++)
        {
            var y = pad + i * (row + gap);
            var half = Math.Max(3, Scale(stages[i].Value, max, funnelWidth)) / 2.0;
            if (i > 0)
            {
                // The narrowing between two stages, drawn light so the bars stay the figure.
                svg.Append(CultureInfo.InvariantCulture, $"""<polygon points="{previous.Left:0.#},{previous.Bottom} {previous.Right:0.#},{previous.Bottom} {centre + half:0.#},{y} {centre - half:0.#},{y}" fill="{colour}" opacity="0.18"/>""");
            }

            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{centre - half:0.#}" y="{y}" width="{2 * half:0.#}" height="{row}" rx="3" fill="{colour}"/>""");
            Text(svg, labelWidth - 10, y + row / 2, stages[i].Label, "end");
            var share = i > 0 && first > 0 ? $" ({((double)stages[i].Value / first).ToString("P1", Vietnamese)})" : string.Empty;
            Text(svg, labelWidth + funnelWidth + 12, y + row / 2, $"{Number(stages[i].Value)} {unit}{share}", "start", bold: true);
            previous = (centre - half, centre + half, y + row);
        }

        return Close(svg);
    }

    private static int Scale(long value, long max, int room) => (int)Math.Round(room * (double)Math.Max(0, value) / max);

    private static StringBuilder Open(string title, int height)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg viewBox="0 0 {Width} {height}" width="{Width}" height="{height}" role="img" aria-label="{Encoder.Encode(title)}" font-family="'Noto Sans', 'DejaVu Sans', Arial, sans-serif" font-size="13" fill="#222">""");
        svg.Append("<title>").Append(Encoder.Encode(title)).Append("</title>");
        return svg;
    }

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor, bool bold = false, string? colour = null) =>
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{y:0.#}" text-anchor="{anchor}" dominant-baseline="middle"{(bold ? " font-weight=\"600\"" : string.Empty)}{(colour is null ? string.Empty : $" fill=\"{colour}\"")}>{Encoder.Encode(text)}</text>""");

    /// <summary>A figure beside its bar; zeros in grey so the bars that exist stand out.</summary>
    private static void Value(StringBuilder svg, double x, double y, long value, string anchor) =>
        Text(svg, x, y, Number(value), anchor, bold: value != 0, colour: value == 0 ? "#888" : null);
}
