using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>How a state looks in chat: an emoji (Unicode, so Slack and Chime both show it) and a Slack attachment colour.</summary>
/// <param name="Emoji">The status emoji.</param>
/// <param name="Color">Hex colour of the Slack attachment bar.</param>
/// <param name="Rank">Severity used to order digests (higher first) and to pick a digest's colour.</param>
public sealed record StatusStyle(string Emoji, string Color, int Rank)
{
    /// <summary>The style of a state; states the contract does not know get a neutral style.</summary>
    public static StatusStyle For(JobState state) => state.Name switch
    {
        "FAILED" => new("\u274C", "#E01E5A", 5),
        "PARTIAL" => new("\u26A0\uFE0F", "#ECB22E", 4),
        "CANCELLED" => new("\U0001F6AB", "#868686", 3),
        "SUCCEEDED" => new("\u2705", "#2EB67D", 1),
        "RUNNING" => new("\u25B6\uFE0F", "#36C5F0", 0),
        "SUBMITTED" => new("\U0001F4E4", "#1D9BD1", 0),
        _ => new("\u2139\uFE0F", "#999999", 2),
    };
}
