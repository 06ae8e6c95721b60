using System.Globalization;
using CovidSpark.Ledger;
using CovidSpark.Rehearsal.Hosting;

namespace CovidSpark.Rehearsal;

/// <summary>One Slack thread the rehearsal's bot room got: its parent message and the states it showed, in order.</summary>
/// <param name="Ts">The parent's <c>ts</c>.</param>
/// <param name="Title">The parent's latest text.</param>
/// <param name="States">The state of the parent as posted, then after each <c>chat.update</c> (for a run's thread).</param>
/// <param name="Updates">Successful <c>chat.update</c> calls of the parent.</param>
/// <param name="Replies">Replies posted in the thread (<c>thread_ts</c> = <paramref name="Ts"/>).</param>
public sealed record SlackThreadSummary(string Ts, string? Title, IReadOnlyList<string> States, int Updates, int Replies);

/// <summary>
/// The pass/fail rules of the Slack thread room (bot token, Web API): per (job, date, attempt) of a single-date run exactly one
/// thread parent (a <c>chat.postMessage</c> without <c>thread_ts</c>) whose state is updated in place through SUBMITTED,
/// RUNNING and the final state; a backfill step's dates in one summary message per step, updated until every date finished;
/// replies only in threads the server gave out; no call refused; the scripted 429 answered and waited out.
/// </summary>
public static class SlackThreadChecks
{
    /// <summary>The threads, keyed by the parent's <c>ts</c>, in posting order.</summary>
    public static IReadOnlyList<SlackThreadSummary> Threads(IReadOnlyList<SlackApiCall> calls)
    {
        var ok = calls.Where(c => c.Succeeded && c.Ts is not null).ToList();
        return [.. ok.Where(c => c.Method == "chat.postMessage" && c.ThreadTs is null).Select(parent =>
        {
            var updates = ok.Where(c => c.Method == "chat.update" && c.Ts == parent.Ts).ToList();
            var states = updates.Prepend(parent).Select(c => c.Message?.State).OfType<string>().ToList();
            return new SlackThreadSummary(parent.Ts!, (updates.LastOrDefault() ?? parent).Message?.Title, states, updates.Count,
                ok.Count(c => c.Method == "chat.postMessage" && c.ThreadTs == parent.Ts));
        })];
    }

    /// <summary>
    /// Problems found in the Slack room's calls for <paramref name="keys"/> (their final ledger items in <paramref name="records"/>);
    /// <paramref name="rateLimitedMethod"/> is the method the server answered 429 once.
    /// </summary>
    public static IReadOnlyList<string> Evaluate(IReadOnlyList<JobKey> keys, IReadOnlyDictionary<JobKey, JobRecord> records,
        IReadOnlyList<SlackApiCall> calls, string rateLimitedMethod)
    {
        var problems = new List<string>();
        var threads = Threads(calls);
        var runThreads = threads.Where(t => t.States.Count > 0).ToList();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var backfills = new HashSet<(string Job, DateOnly From, DateOnly To)>();
        foreach (var key in keys)
        {
            if (records.GetValueOrDefault(key) is not { } r) continue; // reported by RehearsalChecks.Evaluate
            var date = LedgerFormats.FormatDate(key.DataDate);
            var mine = runThreads.Where(t => ParentOf(calls, t.Ts) is { Job: var j, Date: var d } && j == key.Job && d == key.DataDate).ToList();
            claimed.UnionWith(mine.Select(t => t.Ts));
            if (r.RangeFrom is { } from && r.RangeTo is { } to && to > from)
            {
                backfills.Add((key.Job, from, to));
                if (mine.Count > 0) problems.Add($"slack: {key.Job} {date} is part of the backfill {LedgerFormats.FormatDate(from)} … {LedgerFormats.FormatDate(to)} but got {mine.Count} thread(s) of its own");
                continue;
            }
            var finals = FinalStatesByThread(r);
            if (mine.Count != finals.Count)
            {
                problems.Add($"slack: {key.Job} {date}: {mine.Count} thread parent(s) (chat.postMessage without thread_ts), expected {finals.Count} (one per run)");
                continue;
            }
            for (var i = 0; i < finals.Count; i++)
            {
                var expected = new[] { JobState.Submitted.ToWire(), JobState.Running.ToWire(), finals[i] };
                if (!mine[i].States.SequenceEqual(expected, StringComparer.Ordinal))
                    problems.Add($"slack: {key.Job} {date} thread {mine[i].Ts}: the parent showed {string.Join(" → ", mine[i].States)}, expected {string.Join(" → ", expected)} (posted once, then chat.update in place)");
            }
        }
        foreach (var (job, from, to) in backfills)
        {
            var total = to.DayNumber - from.DayNumber + 1;
            var head = $"Backfill {job} {LedgerFormats.FormatDate(from)} \u2026 {LedgerFormats.FormatDate(to)}:";
            var summaries = threads.Where(t => t.Title?.Contains(head, StringComparison.Ordinal) == true).ToList();
            claimed.UnionWith(summaries.Select(t => t.Ts));
            if (summaries.Count != 1)
                problems.Add($"slack: the backfill {job} {LedgerFormats.FormatDate(from)} … {LedgerFormats.FormatDate(to)} got {summaries.Count} summary message(s), expected exactly one (updated in place)");
            else if (summaries[0].Title?.Contains($"{total}/{total} finished", StringComparison.Ordinal) != true)
                problems.Add($"slack: the backfill summary {summaries[0].Ts} ends as \"{summaries[0].Title}\", expected {total}/{total} finished");
        }
        foreach (var stray in threads.Where(t => !claimed.Contains(t.Ts)))
            problems.Add($"slack: unexpected thread parent {stray.Ts}: {stray.Title ?? "(no title)"}");
        foreach (var refused in calls.Where(c => c.Status == 200 && c.Error is not null))
            problems.Add($"slack: {refused.Method} refused: {refused.Error}");
        var limited = calls.Where(c => c.Status == 429).ToList();
        if (limited.Count == 0 && calls.Any(c => c.Method == rateLimitedMethod))
            problems.Add($"slack: the scripted 429 on {rateLimitedMethod} was never answered");
        foreach (var l in limited.Where(l => !calls.Any(c => c.Method == l.Method && c.Succeeded && c.Time >= l.Time.AddSeconds(0.9))))
            problems.Add($"slack: after the 429 on {l.Method} (Retry-After: 1) no {l.Method} succeeded a second or more later");
        return problems;
    }

    /// <summary>
    /// The re-issue phase in the Slack room: the re-run of the first date (its last thread) has a reply asking to refresh the
    /// later dates with <c>covidspark backfill … --rerun</c>.
    /// </summary>
    public static IReadOnlyList<string> EvaluateRefresh(IReadOnlyList<string> jobs, Launcher.Planning.DateRange range, IReadOnlyList<SlackApiCall> calls)
    {
        var problems = new List<string>();
        var refresh = $"covidspark backfill --from {LedgerFormats.FormatDate(range.From.AddDays(1))} --to {LedgerFormats.FormatDate(range.To)} --rerun";
        foreach (var job in jobs)
        {
            var last = Threads(calls).LastOrDefault(t => ParentOf(calls, t.Ts) is { Job: var j, Date: var d } && j == job && d == range.From);
            var replies = calls.Where(c => c.Succeeded && c.Method == "chat.postMessage" && last is not null && c.ThreadTs == last.Ts);
            if (!replies.Any(c => c.Message?.Body.Contains(refresh, StringComparison.Ordinal) == true))
                problems.Add($"slack: {job} {LedgerFormats.FormatDate(range.From)}: the re-run's thread has no reply asking to refresh the later dates with `{refresh}`");
        }
        return problems;
    }

    /// <summary>The final state of each Slack thread the item's attempts opened: a retry after a FAILED continues that thread.</summary>
    internal static List<string> FinalStatesByThread(JobRecord record)
    {
        var attempts = record.PreviousAttempts.OrderBy(a => a.Attempt).Select(a => a.State).Append(record.State).ToList();
        var finals = new List<string>();
        for (var i = 0; i < attempts.Count; i++)
        {
            if (i > 0 && attempts[i - 1] == JobState.Failed) finals[^1] = attempts[i].ToWire();
            else finals.Add(attempts[i].ToWire());
        }
        return finals;
    }

    private static WebhookPost? ParentOf(IReadOnlyList<SlackApiCall> calls, string ts) =>
        calls.FirstOrDefault(c => c.Succeeded && c.Method == "chat.postMessage" && c.Ts == ts)?.Message;
}
