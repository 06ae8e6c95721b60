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

    /// <summary>
    /// Round tick values from 0 to at least <paramref name="max"/>: steps of 1, 2 or 5 times a power of ten, about
    /// <paramref name="target"/> of them, so axes read 0, 200,000, 400,000 … rather than quarters of the maximum.
    /// </summary>
    public static IReadOnlyList<double> NiceTicks(double max, int target = 5)
    {
        if (!(max > 0) || !double.IsFinite(max)) return [0, 1];
        var raw = max / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (var i = 0; ticks.Count == 0 || ticks[^1] < max; i++) ticks.Add(Math.Round(i * step, 10));
        return ticks;
    }

    /// <summary>Bars per day with an optional line (e.g. the 7-day average) over them, y ticks at round numbers, and a break
    /// marker on the axis before each day that does not follow the previous one.</summary>
    public static string BarsWithLine(IReadOnlyList<ChartDay> points, string title, string yTitle, int width = 900, int height = 300)
    {
        const int left = 80, bottom = 40, top = 30, right = 20;
        var ticks = NiceTicks(points.SelectMany(p => new[] { p.Bar ?? 0, p.Line ?? 0 }).DefaultIfEmpty(0).Max());
        var max = ticks[^1];
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var step = points.Count == 0 ? plotW : plotW / (double)points.Count;
        double Y(double v) => top + plotH - v / max * plotH;
        var sb = new StringBuilder($"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Esc(title)}\"><title>{Esc(title)}</title>");
        foreach (var v in ticks)
        {
            sb.Append($"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" stroke=\"#ddd\"/>")
              .Append($"<text x=\"{left - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"11\">{Esc(Num(v))}</text>");
        }
        sb.Append($"<text x=\"14\" y=\"{top + plotH / 2}\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 14 {top + plotH / 2})\">{Esc(yTitle)}</text>");
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = left + i * step;
            if (p.Bar is { } b && b > 0)
                sb.Append($"<rect x=\"{F(x + step * 0.1)}\" y=\"{F(Y(b))}\" width=\"{F(step * 0.8)}\" height=\"{F(top + plotH - Y(b))}\" fill=\"#9ecae1\"><title>{Esc(p.Label)}: {Num(b)}</title></rect>");
            if (p.BreakBefore)
            {
                // A zigzag across the x axis between the two days: the dates skip here.
                var y0 = top + plotH;
                sb.Append($"<polyline class=\"break\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.5\" points=\"{F(x - 4)},{y0 + 6} {F(x - 1)},{y0 - 6} {F(x + 1)},{y0 + 6} {F(x + 4)},{y0 - 6}\"><title>gap in the report dates before {Esc(p.Label)}</title></polyline>");
            }
            if (i % Math.Max(1, points.Count / 8) == 0)
                sb.Append($"<text x=\"{F(x + step / 2)}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\" font-size=\"11\">{Esc(p.Label)}</text>");
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

    /// <summary>
    /// HDI against GDP per capita (log scale, ticks in dollars at 1, 2 and 5 times powers of ten), coloured by cluster, each
    /// point's area by a third value (population density) when given, with legends for both.
    /// </summary>
    public static string Scatter(IReadOnlyList<ScatterPoint> points, string xTitle, string yTitle, string? sizeTitle, string title,
        int width = 900, int height = 440)
    {
        const int left = 80, bottom = 50, top = 20, right = 190;
        var sb = new StringBuilder($"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Esc(title)}\"><title>{Esc(title)}</title>");
        if (points.Count == 0) return sb.Append("</svg>").ToString();
        var xTicks = LinearTicks(points.Min(p => p.X), points.Max(p => p.X));
        var yTicks = DollarTicks(points.Min(p => p.Dollars), points.Max(p => p.Dollars));
        var (x0, x1) = (xTicks[0], xTicks[^1]);
        var (y0, y1) = (Math.Log10(yTicks[0]), Math.Log10(yTicks[^1]));
        if (x1 <= x0) x1 = x0 + 1;
        if (y1 <= y0) y1 = y0 + 1;
        double X(double v) => left + (v - x0) / (x1 - x0) * (width - left - right);
        double Y(double dollars) => top + (1 - (Math.Log10(Math.Max(dollars, yTicks[0])) - y0) / (y1 - y0)) * (height - top - bottom);
        var maxSize = points.Select(p => p.Size ?? 0).DefaultIfEmpty(0).Max();
        double R(double? size) => size is { } v && v > 0 && maxSize > 0 ? 3 + 11 * Math.Sqrt(v / maxSize) : 4;
        sb.Append($"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"#888\"/>")
          .Append($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"#888\"/>")
          .Append($"<text x=\"{(left + width - right) / 2}\" y=\"{height - 12}\" text-anchor=\"middle\" font-size=\"12\">{Esc(xTitle)}</text>")
          .Append($"<text x=\"16\" y=\"{(top + height - bottom) / 2}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 16 {(top + height - bottom) / 2})\">{Esc(yTitle)}</text>");
        foreach (var v in xTicks)
            sb.Append($"<text x=\"{F(X(v))}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{v.ToString("0.0#", CultureInfo.InvariantCulture)}</text>");
        foreach (var v in yTicks)
            sb.Append($"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" stroke=\"#eee\"/>")
              .Append($"<text x=\"{left - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"11\">{Esc(Dollars(v))}</text>");
        foreach (var p in points.OrderByDescending(p => p.Size ?? 0))
            sb.Append($"<circle cx=\"{F(X(p.X))}\" cy=\"{F(Y(p.Dollars))}\" r=\"{F(R(p.Size))}\" fill=\"{Palette[p.Group % Palette.Length]}\" fill-opacity=\"0.6\" stroke=\"#fff\" stroke-width=\"0.5\"><title>{Esc(p.Label)}</title></circle>");
        var groups = points.Select(p => p.Group).Distinct().Order().ToList();
        foreach (var (g, i) in groups.Select((g, i) => (g, i)))
            sb.Append($"<circle cx=\"{width - right + 20}\" cy=\"{top + 10 + i * 20}\" r=\"6\" fill=\"{Palette[g % Palette.Length]}\"/>")
              .Append($"<text x=\"{width - right + 32}\" y=\"{top + 14 + i * 20}\" font-size=\"12\">cluster {g}</text>");
        if (sizeTitle is not null && maxSize > 0)
        {
            var y = top + 30 + groups.Count * 20;
            sb.Append($"<text x=\"{width - right + 10}\" y=\"{y}\" font-size=\"11\">{Esc(sizeTitle)}</text>");
            foreach (var (v, i) in LinearTicks(0, maxSize).Where(v => v > 0).TakeLast(3).Select((v, i) => (v, i)))
                sb.Append($"<circle cx=\"{width - right + 24}\" cy=\"{y + 22 + i * 30}\" r=\"{F(R(v))}\" fill=\"none\" stroke=\"#666\"/>")
                  .Append($"<text x=\"{width - right + 44}\" y=\"{y + 26 + i * 30}\" font-size=\"11\">{Esc(Num(v))}</text>");
        }
        return sb.Append("</svg>").ToString();
    }

    /// <summary>Round ticks covering [min, max] on a linear axis.</summary>
    private static IReadOnlyList<double> LinearTicks(double min, double max)
    {
        var span = NiceTicks(Math.Max(max - min, 1e-9))[1];
        var first = Math.Floor(min / span) * span;
        var ticks = new List<double>();
        for (var v = first; ticks.Count == 0 || ticks[^1] < max - 1e-12; v += span) ticks.Add(Math.Round(v, 10));
        return ticks;
    }

    /// <summary>Dollar ticks at 1, 2 and 5 times powers of ten, from the largest at or below <paramref name="min"/> (at least $1) to the
    /// first at or above <paramref name="max"/>.</summary>
    internal static IReadOnlyList<double> DollarTicks(double min, double max)
    {
        min = Math.Max(1, min);
        max = Math.Max(min, max);
        var candidates = new List<double>();
        for (var p = Math.Pow(10, Math.Floor(Math.Log10(min))); candidates.Count == 0 || candidates[^1] < max; p *= 10)
            candidates.AddRange([p, 2 * p, 5 * p]);
        var first = candidates.FindLastIndex(v => v <= min);
        var last = candidates.FindIndex(v => v >= max);
        return candidates.GetRange(first, last - first + 1);
    }

    /// <summary>$500, $2k, $10k, $100k.</summary>
    internal static string Dollars(double v) => v >= 1000
        ? "$" + (v / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k"
        : "$" + v.ToString("0", CultureInfo.InvariantCulture);
}

/// <summary>One day of a bar-and-line chart.</summary>
/// <param name="Label">The x label (MM-dd).</param>
/// <param name="Bar">The bar's value; none for a day whose difference spans a gap.</param>
/// <param name="Line">The line's value (e.g. a 7-day average).</param>
/// <param name="BreakBefore">The report dates skip between the previous day and this one.</param>
internal sealed record ChartDay(string Label, double? Bar, double? Line, bool BreakBefore = false);

/// <summary>One point of the cluster scatter.</summary>
/// <param name="X">Human development index.</param>
/// <param name="Dollars">GDP per capita in US$, drawn on a log scale.</param>
/// <param name="Size">The value drawn as the point's area (population density); null for a fixed size.</param>
/// <param name="Group">Cluster (colour).</param>
/// <param name="Label">Tooltip text.</param>
internal sealed record ScatterPoint(double X, double Dollars, double? Size, int Group, string Label);
