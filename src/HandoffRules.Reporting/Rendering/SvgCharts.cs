using System.Globalization;
using System.Net;
using System.Text;

namespace HandoffRules.Reporting.Rendering;

/// <summary>Small inline SVG charts: no scripts, no fonts to fetch, the same bytes for the same data.</summary>
internal static class SvgCharts
{
    private static readonly string[] Palette = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];

    /// <summary>Vertical bars with a label under each and the value above.</summary>
    public static string Bars(IReadOnlyList<(string Label, double Value)> bars, string unit = "")
    {
        const int width = 640, height = 240, top = 20, bottom = 40, left = 10;
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var slot = (width - 2 * left) / Math.Max(1, bars.Count);
        var svg = Open(width, height);
        for (var i = 0; i < bars.Count; i++)
        {
            var h = (height - top - bottom) * bars[i].Value / max;
            var x = left + i * slot + slot * 0.15;
            var y = height - bottom - h;
            svg.Append($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(slot * 0.7)}\" height=\"{N(h)}\" fill=\"{Palette[0]}\" rx=\"3\"/>");
            svg.Append($"<text x=\"{N(x + slot * 0.35)}\" y=\"{N(y - 4)}\" text-anchor=\"middle\" class=\"value\">{E(Value(bars[i].Value, unit))}</text>");
            svg.Append($"<text x=\"{N(x + slot * 0.35)}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\" class=\"label\">{E(bars[i].Label)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Horizontal bars, one a row, for long labels (members, reasons).</summary>
    public static string HorizontalBars(IReadOnlyList<(string Label, double Value)> bars)
    {
        const int width = 640, row = 22, labelWidth = 190;
        var height = Math.Max(1, bars.Count) * row + 10;
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var svg = Open(width, height);
        for (var i = 0; i < bars.Count; i++)
        {
            var y = 5 + i * row;
            var w = (width - labelWidth - 60) * bars[i].Value / max;
            svg.Append($"<text x=\"{labelWidth - 8}\" y=\"{y + 15}\" text-anchor=\"end\" class=\"label\">{E(bars[i].Label)}</text>");
            svg.Append($"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{N(Math.Max(1, w))}\" height=\"{row - 8}\" fill=\"{Palette[5]}\" rx=\"2\"/>");
            svg.Append($"<text x=\"{N(labelWidth + w + 6)}\" y=\"{y + 15}\" class=\"value\">{E(Value(bars[i].Value, ""))}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Lines of rates (0–100%) over labelled points, with a legend.</summary>
    public static string Lines(IReadOnlyList<string> labels, IReadOnlyList<(string Name, IReadOnlyList<double?> Values)> series)
    {
        const int width = 640, height = 260, top = 30, bottom = 40, left = 40, right = 20;
        var svg = Open(width, height);
        for (var g = 0; g <= 4; g++)
        {
            var y = top + (height - top - bottom) * (1 - g / 4.0);
            svg.Append($"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{N(y)}\" y2=\"{N(y)}\" class=\"grid\"/>");
            svg.Append($"<text x=\"{left - 6}\" y=\"{N(y + 4)}\" text-anchor=\"end\" class=\"label\">{g * 25}%</text>");
        }

        var step = labels.Count > 1 ? (double)(width - left - right) / (labels.Count - 1) : 0;
        for (var i = 0; i < labels.Count; i++)
        {
            svg.Append($"<text x=\"{N(left + i * step)}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\" class=\"label\">{E(labels[i])}</text>");
        }

        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var points = series[s].Values.Select((v, i) => v is null ? null : $"{N(left + i * step)},{N(top + (height - top - bottom) * (1 - v.Value))}").ToList();
            svg.Append($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2.5\" points=\"{string.Join(' ', points.OfType<string>())}\"/>");
            foreach (var point in points.OfType<string>())
            {
                var xy = point.Split(',');
                svg.Append($"<circle cx=\"{xy[0]}\" cy=\"{xy[1]}\" r=\"3.5\" fill=\"{color}\"/>");
            }

            svg.Append($"<rect x=\"{left + s * 170}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{color}\" rx=\"2\"/>");
            svg.Append($"<text x=\"{left + s * 170 + 18}\" y=\"16\" class=\"label\">{E(series[s].Name)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(int width, int height) =>
        new($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\">");

    private static string Value(double value, string unit) =>
        (value == Math.Floor(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0", CultureInfo.InvariantCulture)) + unit;

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
