using System.Globalization;
using System.Text;
using CovidSpark.Ledger;

namespace CovidSpark.Notifier.Formatting;

/// <summary>Small text helpers shared by the Slack, Teams and Chime formatters (invariant culture throughout).</summary>
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
    public static string Date(DateOnly d) => LedgerFormats.FormatDate(d);

    /// <summary>Escapes the three characters Slack mrkdwn treats as control characters (&amp;, &lt;, &gt;).</summary>
    public static string SlackEscape(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>
    /// Escapes text for Adaptive Card Markdown (Teams): a backslash before every character that could start emphasis, a link,
    /// a list or a heading, and no automatic links (<c>https://</c> is broken with a zero-width space).
    /// </summary>
    public static string TeamsEscape(string s) => MarkdownEscape(s, breakMentions: false);

    /// <summary>Breaks <c>scheme://</c> with a zero-width space, so chat clients do not turn data text into links.</summary>
    public static string NoAutoLinks(string s) => s.Replace("://", ":\u200B//", StringComparison.Ordinal);

    /// <summary>Data text as a Slack code span: escaped, and without backticks that would end the span early.</summary>
    public static string SlackCode(string s) => "`" + SlackEscape(s).Replace('`', '\u02CB') + "`";

    /// <summary>
    /// Escapes text for Chime's Markdown (<c>/md</c>): a backslash before Markdown punctuation, no automatic links, and
    /// <c>@</c> followed by a zero-width space so data cannot mention <c>@All</c>, <c>@Present</c> or a person.
    /// </summary>
    public static string ChimeEscape(string s) => MarkdownEscape(s, breakMentions: true);

    /// <summary>A backslash before Markdown punctuation, optionally a zero-width space after <c>@</c>, and no automatic links.</summary>
    private static string MarkdownEscape(string s, bool breakMentions)
    {
        ArgumentNullException.ThrowIfNull(s);
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '`' or '~' or '<' or '>' or '|' or '!') sb.Append('\\');
            sb.Append(c);
            if (breakMentions && c == '@') sb.Append('\u200B');
        }
        return NoAutoLinks(sb.ToString());
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
