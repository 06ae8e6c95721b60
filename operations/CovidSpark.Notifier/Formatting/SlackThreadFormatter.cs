using System.Globalization;
using System.Text.Json.Nodes;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>One reply a transition adds to its run's thread.</summary>
/// <param name="Key">Names the reply within the transition (<c>reason</c>, <c>quarantine</c>, …); part of its idempotency key.</param>
/// <param name="Message">The Slack message object.</param>
/// <param name="Broadcast">Also show the reply in the channel (<c>reply_broadcast</c>).</param>
public sealed record ThreadReply(string Key, JsonObject Message, bool Broadcast = false);

/// <summary>
/// Messages of a Slack thread per run: the root shows the run's current state (updated in place with <c>chat.update</c>);
/// replies carry what someone acts on: the failure reason, quarantined rows, later dates to refresh.
/// </summary>
public static class SlackThreadFormatter
{
    private static readonly SlackMessageFormatter Formatter = new();

    /// <summary>The root message: title, state change, facts and console buttons.</summary>
    public static JsonObject Root(JobTransition transition) => Formatter.SingleMessage(transition, details: false);

    /// <summary>The replies <paramref name="transition"/> adds to its thread (none for SUBMITTED, RUNNING or a clean SUCCEEDED).</summary>
    public static IReadOnlyList<ThreadReply> Replies(JobTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var j = transition.Current;
        var style = StatusStyle.For(j.State);
        var replies = new List<ThreadReply>();
        var attempt = j.Attempt.ToString(CultureInfo.InvariantCulture);
        if ((j.State == JobState.Failed || j.State == JobState.Cancelled) && !string.IsNullOrWhiteSpace(j.Message))
            replies.Add(new("reason", SlackMessageFormatter.Reply($"{style.Emoji} attempt {attempt} {j.State.Name}",
                $"{style.Emoji} *Attempt {attempt} {j.State.Name}*\n{SlackMessageFormatter.Quote(j.Message)}")));
        if (j.State.IsTerminal && j.RowsQuarantined is > 0)
            replies.Add(new("quarantine", SlackMessageFormatter.Reply($"{Text.Count(j.RowsQuarantined.Value)} rows quarantined",
                $"\u26A0\uFE0F *{Text.Count(j.RowsQuarantined.Value)} input rows quarantined* (see the lake's `quarantine/` folder for file, line and reason)")));
        if (j.RefreshFrom is not null && j.RefreshTo is not null)
            replies.Add(new("refresh", SlackMessageFormatter.Reply("Later dates need a refresh", SlackMessageFormatter.RefreshText(transition))));
        return replies;
    }
}
