using System.Globalization;
using System.Net;
using System.Text;

namespace CovidSpark.Jobs.Report;

/// <summary>Small inline-SVG charts for the self-contained report (no scripts, no external files).</summary>
internal static class Svg
{
    public static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Esc(string s) => WebUtility.HtmlEncode(s);

    public static string Num(double? v, string format = "N0") => v is null || double.IsNaN(v.Value) ? "–" : v.Value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Bars per day with an optional line (e.g. the 7-day average) over them.</summary>
    public static string BarsWithLine(IReadOnlyList<(string Label, double? Bar, double? Line)> points, string title, int width = 900, int height = 300)
    {
        const int left = 70, bottom = 40, top = 30, right = 20;
        var max = points.SelectMany(p => new[] { p.Bar ?? 0, p.Line ?? 0 }).DefaultIfEmpty(1).Max();
        if (max <= 0) max = 1;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var step = points.Count == 0 ? plotW : plotW / (double)points.Count;
        double Y(double v) => top + plotH - v / max * plotH;
        var sb = new StringBuilder($"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Esc(title)}\"><title>{Esc(title)}</title>");
        for (var g = 0; g <= 4; g++)
        {
            var v = max * g / 4;
            sb.Append($"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" stroke=\"#ddd\"/>")
              .Append($"<text x=\"{left - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"11\">{Esc(Num(v))}</text>");
        }
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = left + i * step;
            if (p.Bar is { } b && b > 0)
                sb.Append($"<rect x=\"{F(x + step * 0.1)}\" y=\"{F(Y(b))}\" width=\"{F(step * 0.8)}\" height=\"{F(top + plotH - Y(b))}\" fill=\"#9ecae1\"><title>{Esc(p.Label)}: {Num(b)}</title></rect>");
            if (i % Math.Max(1, points.Count / 8) == 0)
                sb.Append($"<text x=\"{F(x + step / 2)}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{Esc(p.Label)}</text>");
        }
        var line = points.Select((p, i) => p.Line is { } l ? $"{F(left + i * step + step / 2)},{F(Y(l))}" : null).Where(s => s is not null).ToList();
        if (line.Count > 1) sb.Append($"<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"{string.Join(" ", line)}\"/>");
        return sb.Append("</svg>").ToString();
    }

    /// <summary>Horizontal bars, largest first.</summary>
    public static string HorizontalBars(IReadOnlyList<(string Label, double Value)> bars, string title, int width = 900)
    {
        const int left = 180, right = 90, rowH = 26, top = 10;
        var height = top * 2 + bars.Count * rowH;
        var max = bars.Select(b => b.Value).DefaultIfEmpty(1).Max();
        if (max <= 0) max = 1;
        var sb = new StringBuilder($"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Esc(title)}\"><title>{Esc(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var y = top + i * rowH;
            var w = bars[i].Value / max * (width - left - right);
            sb.Append($"<text x=\"{left - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"13\">{Esc(bars[i].Label)}</text>")
              .Append($"<rect x=\"{left}\" y=\"{y + 4}\" width=\"{F(w)}\" height=\"{rowH - 8}\" fill=\"#3182bd\"/>")
              .Append($"<text x=\"{F(left + w + 6)}\" y=\"{y + 17}\" font-size=\"12\">{Esc(Num(bars[i].Value))}</text>");
        }
        return sb.Append("</svg>").ToString();
    }

    /// <summary>A scatter plot coloured by group, with a legend.</summary>
    public static string Scatter(IReadOnlyList<(double X, double Y, int Group, string Label)> points, string xTitle, string yTitle, string title,
        int width = 900, int height = 420)
    {
        const int left = 70, bottom = 50, top = 20, right = 140;
        var sb = new StringBuilder($"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Esc(title)}\"><title>{Esc(title)}</title>");
        if (points.Count == 0) return sb.Append("</svg>").ToString();
        var (x0, x1) = (points.Min(p => p.X), points.Max(p => p.X));
        var (y0, y1) = (points.Min(p => p.Y), points.Max(p => p.Y));
        if (x1 <= x0) x1 = x0 + 1;
        if (y1 <= y0) y1 = y0 + 1;
        double X(double v) => left + (v - x0) / (x1 - x0) * (width - left - right);
        double Y(double v) => top + (1 - (v - y0) / (y1 - y0)) * (height - top - bottom);
        sb.Append($"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"#888\"/>")
          .Append($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"#888\"/>")
          .Append($"<text x=\"{(left + width - right) / 2}\" y=\"{height - 12}\" text-anchor=\"middle\" font-size=\"12\">{Esc(xTitle)}</text>")
          .Append($"<text x=\"16\" y=\"{(top + height - bottom) / 2}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 16 {(top + height - bottom) / 2})\">{Esc(yTitle)}</text>");
        foreach (var (v, anchor) in new[] { (x0, "start"), (x1, "end") })
            sb.Append($"<text x=\"{F(X(v))}\" y=\"{height - bottom + 16}\" text-anchor=\"{anchor}\" font-size=\"11\">{F(v)}</text>");
        foreach (var v in new[] { y0, y1 })
            sb.Append($"<text x=\"{left - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"11\">{F(v)}</text>");
        foreach (var p in points)
            sb.Append($"<circle cx=\"{F(X(p.X))}\" cy=\"{F(Y(p.Y))}\" r=\"5\" fill=\"{Palette[p.Group % Palette.Length]}\" fill-opacity=\"0.75\"><title>{Esc(p.Label)}</title></circle>");
        foreach (var (g, i) in points.Select(p => p.Group).Distinct().Order().Select((g, i) => (g, i)))
            sb.Append($"<circle cx=\"{width - right + 20}\" cy=\"{top + 10 + i * 20}\" r=\"6\" fill=\"{Palette[g % Palette.Length]}\"/>")
              .Append($"<text x=\"{width - right + 32}\" y=\"{top + 14 + i * 20}\" font-size=\"12\">cluster {g}</text>");
        return sb.Append("</svg>").ToString();
    }
}
