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

    /// <summary>
    /// The replies <paramref name="transition"/> adds to its thread: a retry submitted; a failure (a date's first failure and
    /// exhausted retries are also shown in the channel and mention <paramref name="mention"/>; a repeat stays in the thread);
    /// quarantined rows; later dates to refresh. None for RUNNING or a clean SUCCEEDED.
    /// </summary>
    public static IReadOnlyList<ThreadReply> Replies(JobTransition transition, string? mention = null)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var j = transition.Current;
        var style = StatusStyle.For(j.State);
        var replies = new List<ThreadReply>();
        var attempt = j.Attempt.ToString(CultureInfo.InvariantCulture);
        if (j.State == JobState.Submitted && Alerts.FirstAttemptOfRetries(j) < j.Attempt)
            replies.Add(new("retry", SlackMessageFormatter.Reply($"attempt {attempt} submitted", $"\U0001F501 *Attempt {attempt} submitted* (retry)")));
        if (j.State == JobState.Failed || j.State == JobState.Cancelled)
        {
            var alert = transition.Alert;
            var headline = alert switch
            {
                AlertKind.RetriesExhausted => $"{style.Emoji} *Attempt {attempt} FAILED: retries exhausted*, someone has to look (`covidspark status --state FAILED`)",
                AlertKind.RepeatFailure => $"{style.Emoji} *Attempt {attempt} failed again*",
                _ => $"{style.Emoji} *Attempt {attempt} {j.State.ToWire()}*",
            };
            var text = $"{j.Job} {Text.Date(j.DataDate)} attempt {attempt} {j.State.ToWire()}";
            var body = string.IsNullOrWhiteSpace(j.Message) ? headline : headline + "\n" + SlackMessageFormatter.Quote(j.Message);
            var mentions = Alerts.Mentions(alert);
            replies.Add(new("reason", SlackMessageFormatter.Reply(mentions ? SlackMessageFormatter.Prefix(mention, Text.SlackEscape(text)) : Text.SlackEscape(text), body),
                Broadcast: mentions));
        }
        if (j.State.IsTerminal() && j.RowsQuarantined is > 0)
            replies.Add(new("quarantine", SlackMessageFormatter.Reply($"{Text.Count(j.RowsQuarantined.Value)} rows quarantined",
                $"\u26A0\uFE0F *{Text.Count(j.RowsQuarantined.Value)} input rows quarantined* (see the lake's `quarantine/` folder for file, line and reason)")));
        if (j.RefreshFrom is not null && j.RefreshTo is not null)
            replies.Add(new("refresh", SlackMessageFormatter.Reply("Later dates need a refresh", SlackMessageFormatter.RefreshText(transition))));
        return replies;
    }

    /// <summary>
    /// The summary message of a backfill (one per backfill step, updated in place): progress over its dates and the failed ones.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="from">First date of the backfill step.</param>
    /// <param name="to">Last date.</param>
    /// <param name="states">Every date's latest state recorded so far (yyyy-MM-dd → state).</param>
    public static JsonObject BackfillSummary(string job, DateOnly from, DateOnly to, IReadOnlyDictionary<string, string> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var total = to.DayNumber - from.DayNumber + 1;
        var byState = states.Values.GroupBy(s => s).ToDictionary(g => JobStates.Parse(g.Key), g => g.Count());
        var finished = byState.Where(kv => kv.Key.IsTerminal()).Sum(kv => kv.Value);
        var worst = byState.Keys.Select(StatusStyle.For).MaxBy(s => s.Rank) ?? StatusStyle.For(JobState.Submitted);
        var tally = string.Join(" \u00B7 ", byState.OrderByDescending(kv => StatusStyle.For(kv.Key).Rank).ThenBy(kv => kv.Key.ToWire(), StringComparer.Ordinal)
            .Select(kv => $"{kv.Value} {StatusStyle.For(kv.Key).Emoji} {kv.Key.ToWire()}"));
        var title = $"\U0001F4E6 Backfill {Text.SlackEscape(job)} {Text.Date(from)} \u2026 {Text.Date(to)}: {finished}/{total} finished";
        var failed = states.Where(kv => kv.Value == JobState.Failed.ToWire()).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var lines = new List<string> { $"*{title}*", tally };
        if (failed.Count > 0)
            lines.Add($"\u274C Failed: {string.Join(", ", failed.Take(20))}{(failed.Count > 20 ? $" and {failed.Count - 20} more" : "")} (reasons in the thread)");
        return new JsonObject
        {
            ["text"] = $"{title} ({tally})",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["color"] = worst.Color,
                ["blocks"] = new JsonArray(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = string.Join("\n", lines) } }),
            }),
        };
    }
}
