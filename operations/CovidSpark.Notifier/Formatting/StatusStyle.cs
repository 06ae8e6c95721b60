using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>How a state looks in chat: an emoji (Unicode, so every room shows it), a Slack attachment colour and a Teams text colour.</summary>
/// <param name="Emoji">The status emoji.</param>
/// <param name="Color">Hex colour of the Slack attachment bar.</param>
/// <param name="Rank">Severity used to order digests (higher first) and to pick a digest's colour.</param>
/// <param name="TeamsColor">Adaptive Card TextBlock colour name (<c>attention</c>, <c>warning</c>, <c>good</c>, <c>accent</c>, <c>default</c>).</param>
public sealed record StatusStyle(string Emoji, string Color, int Rank, string TeamsColor = "default")
{
    /// <summary>The style of a state of the ledger contract.</summary>
    public static StatusStyle For(JobState state) => state switch
    {
        JobState.Failed => new("\u274C", "#E01E5A", 5, "attention"),
        JobState.Partial => new("\u26A0\uFE0F", "#ECB22E", 4, "warning"),
        JobState.Cancelled => new("\U0001F6AB", "#868686", 3),
        JobState.Succeeded => new("\u2705", "#2EB67D", 1, "good"),
        JobState.Running => new("\u25B6\uFE0F", "#36C5F0", 0, "accent"),
        JobState.Submitted => new("\U0001F4E4", "#1D9BD1", 0, "accent"),
        _ => new("\u2139\uFE0F", "#999999", 2),
    };
}
