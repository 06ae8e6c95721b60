using System.Text.RegularExpressions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>The Slack mention a destination's <c>mention</c> setting stands for.</summary>
public static partial class SlackMention
{
    /// <summary>
    /// The mention markup for <c>here</c>, <c>channel</c>, <c>subteam:S…</c> or <c>user:U…</c>; null when the text is none of these.
    /// </summary>
    public static string? Tag(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting)) return null;
        var s = setting.Trim();
        if (s == "here") return "<!here>";
        if (s == "channel") return "<!channel>";
        var m = Pattern().Match(s);
        if (!m.Success) return null;
        return m.Groups[1].Value == "subteam" ? $"<!subteam^{m.Groups[2].Value}>" : $"<@{m.Groups[2].Value}>";
    }

    [GeneratedRegex("^(subteam|user):([A-Z0-9]{6,15})$")]
    private static partial Regex Pattern();
}
