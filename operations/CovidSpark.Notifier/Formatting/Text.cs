using System.Globalization;
using System.Text;

namespace CovidSpark.Notifier.Formatting;

/// <summary>Small text helpers shared by the Slack and Chime formatters (invariant culture throughout).</summary>
public static class Text
{
    /// <summary><c>1h 02m</c>, <c>3m 12s</c>, <c>850 ms</c>.</summary>
    public static string Duration(TimeSpan d)
    {
        if (d < TimeSpan.Zero) d = TimeSpan.Zero;
        if (d.TotalSeconds < 1) return string.Create(CultureInfo.InvariantCulture, $"{d.TotalMilliseconds:0} ms");
        if (d.TotalMinutes < 1) return string.Create(CultureInfo.InvariantCulture, $"{d.Seconds}s");
        if (d.TotalHours < 1) return string.Create(CultureInfo.InvariantCulture, $"{d.Minutes}m {d.Seconds:00}s");
        return string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours}h {d.Minutes:00}m");
    }

    /// <summary>A count with thousands separators: <c>1,234,567</c>.</summary>
    public static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>An ISO date: <c>2020-11-09</c>.</summary>
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Escapes the three characters Slack mrkdwn treats as control characters (&amp;, &lt;, &gt;).</summary>
    public static string SlackEscape(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>Cuts text to at most <paramref name="max"/> characters, ending with an ellipsis when cut.</summary>
    public static string Truncate(string s, int max)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Length <= max) return s;
        var sb = new StringBuilder(s, 0, Math.Max(0, max - 1), max);
        return sb.Append('\u2026').ToString();
    }
}
