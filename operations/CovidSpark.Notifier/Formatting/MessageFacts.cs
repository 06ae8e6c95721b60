using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>
/// The facts every formatter shows, computed once so Slack, Teams and Chime messages always agree.
/// </summary>
internal sealed record MessageFacts(
    StatusStyle Style,
    string Title,
    string StateChange,
    string? Range,
    string? Duration,
    string? Rows,
    string? Quarantined,
    Uri? StepLink,
    Uri? LogsLink,
    string? Refresh = null,
    string? RefreshCommand = null)
{
    public static MessageFacts Of(JobTransition t)
    {
        var j = t.Current;
        var style = StatusStyle.For(j.State);
        var title = $"{style.Emoji} {j.Job} \u00B7 {Text.Date(j.DataDate)} \u00B7 {j.State.ToWire()}" + t.Alert switch
        {
            AlertKind.RepeatFailure => " again",
            AlertKind.RetriesExhausted => " \u00B7 retries exhausted",
            _ => "",
        };
        var change = t.Previous is { } p ? $"{p.ToWire()} \u2192 {j.State.ToWire()}" : j.State.ToWire();
        string? range = j.RangeFrom is { } f && j.RangeTo is { } to && (f != j.DataDate || to != j.DataDate)
            ? $"{Text.Date(f)} \u2026 {Text.Date(to)}" : null;
        var duration = j.Duration is { } d ? Text.Duration(d)
            : j.StartedAt is { } s && j.EndedAt is { } e ? Text.Duration(e - s) : null;
        string? rows = j.RowsIn is null && j.RowsOut is null ? null
            : $"{(j.RowsIn is { } i ? Text.Count(i) : "\u2013")} / {(j.RowsOut is { } o ? Text.Count(o) : "\u2013")}";
        var quarantined = j.RowsQuarantined is { } q ? Text.Count(q) : null;
        string? refresh = null, command = null;
        if (j.RefreshFrom is { } rf && j.RefreshTo is { } rt)
        {
            refresh = rf == rt ? Text.Date(rf) : $"{Text.Date(rf)} \u2026 {Text.Date(rt)}";
            command = $"covidspark backfill --from {Text.Date(rf)} --to {Text.Date(rt)} --rerun";
        }
        return new MessageFacts(style, title, change, range, duration, rows, quarantined,
            ConsoleLinks.EmrStep(j, t.Region), ConsoleLinks.Logs(j, t.Region), refresh, command);
    }

    /// <summary>The sentence that asks for a refresh of later dates (plain text; the formatters add their markup to the command).</summary>
    public const string RefreshSentence = "Later dates took their new cases, 7-day averages or trends from the earlier version of this run's dates";

    /// <summary>One line for a digest, without markup: "❌ pipeline 2020-11-09 FAILED · attempt 2 · 3m 12s".</summary>
    public static string DigestLine(JobTransition t, Func<string, string> bold)
    {
        var j = t.Current;
        var f = Of(t);
        var parts = new List<string> { $"{f.Style.Emoji} {bold(j.Job)} {Text.Date(j.DataDate)} {j.State.ToWire()}" };
        if (j.Attempt > 1) parts.Add($"attempt {j.Attempt}");
        if (f.Duration is not null) parts.Add(f.Duration);
        if (j.RowsQuarantined is > 0) parts.Add($"{f.Quarantined} quarantined");
        if (f.Refresh is not null) parts.Add($"refresh {f.Refresh}");
        return string.Join(" \u00B7 ", parts);
    }

    /// <summary>Orders a digest: states that need attention first, then by job and date.</summary>
    public static IReadOnlyList<JobTransition> DigestOrder(IEnumerable<JobTransition> ts) =>
        [.. ts.OrderByDescending(t => StatusStyle.For(t.Current.State).Rank)
              .ThenBy(t => t.Current.Job, StringComparer.Ordinal)
              .ThenBy(t => t.Current.DataDate)];

    /// <summary>"10 ✅ SUCCEEDED, 2 ❌ FAILED", most severe first.</summary>
    public static string Tally(IEnumerable<JobTransition> ts) => string.Join(", ",
        ts.GroupBy(t => t.Current.State)
          .OrderByDescending(g => StatusStyle.For(g.Key).Rank).ThenBy(g => g.Key.ToWire(), StringComparer.Ordinal)
          .Select(g => $"{g.Count()} {StatusStyle.For(g.Key).Emoji} {g.Key.ToWire()}"));
}
