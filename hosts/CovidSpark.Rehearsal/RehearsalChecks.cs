using CovidSpark.Ledger;
using CovidSpark.Rehearsal.Hosting;

namespace CovidSpark.Rehearsal;

/// <summary>The pass/fail rules of a rehearsal, over the final ledger items and the webhook's posts.</summary>
public static class RehearsalChecks
{
    /// <summary>
    /// How many times each state must be posted: once per attempt that passed through it (a re-run's earlier attempts are in
    /// <see cref="JobRecord.PreviousAttempts"/>, each with its final state).
    /// </summary>
    public static IReadOnlyDictionary<string, int> ExpectedPosts(JobRecord record) =>
        record.PreviousAttempts.Select(a => a.State).Append(record.State)
            .SelectMany(final => new[] { JobState.Submitted.ToWire(), JobState.Running.ToWire(), final.ToWire() }.Distinct(StringComparer.Ordinal))
            .GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// The re-issue phase: the first date is on attempt 2, and its last post names the later dates to refresh with the
    /// <c>covidspark backfill … --rerun</c> that does it (they took their new cases from the earlier version).
    /// </summary>
    public static IReadOnlyList<string> EvaluateReissue(IReadOnlyList<string> jobs, Launcher.Planning.DateRange range,
        IReadOnlyDictionary<JobKey, JobRecord> records, IReadOnlyList<WebhookPost> posts)
    {
        var problems = new List<string>();
        var refresh = $"covidspark backfill --from {LedgerFormats.FormatDate(range.From.AddDays(1))} --to {LedgerFormats.FormatDate(range.To)} --rerun";
        foreach (var job in jobs)
        {
            var key = new JobKey(job, range.From);
            if (records.GetValueOrDefault(key) is not { Attempt: 2 } r)
            {
                problems.Add($"{job} {LedgerFormats.FormatDate(range.From)}: the re-issue did not run it again as attempt 2");
                continue;
            }
            var last = posts.LastOrDefault(p => p.Job == job && p.Date == range.From && p.State == r.State.ToWire());
            if (last is null || !last.Body.Contains(refresh, StringComparison.Ordinal))
                problems.Add($"{job} {LedgerFormats.FormatDate(range.From)}: the re-run's {r.State.ToWire()} message does not ask to refresh the later dates with `{refresh}`");
        }
        return problems;
    }

    /// <summary>
    /// Problems found: a (job, date) missing from the ledger or not SUCCEEDED/PARTIAL, a state change posted zero or several times,
    /// a post that matches no state change.
    /// </summary>
    public static (IReadOnlyList<JobOutcome> Outcomes, int Expected, IReadOnlyList<string> Problems) Evaluate(
        IReadOnlyList<JobKey> keys, IReadOnlyDictionary<JobKey, JobRecord> records, IReadOnlyList<WebhookPost> posts)
    {
        var problems = new List<string>();
        var outcomes = new List<JobOutcome>();
        var expected = new HashSet<(string, DateOnly, string)>();
        var expectedCount = 0;
        foreach (var key in keys)
        {
            var received = posts.Where(p => p.Job == key.Job && p.Date == key.DataDate)
                .GroupBy(p => p.State!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            if (records.GetValueOrDefault(key) is not { } r)
            {
                problems.Add($"{key.Job} {LedgerFormats.FormatDate(key.DataDate)}: not in the ledger");
                continue;
            }
            outcomes.Add(new JobOutcome(key.Job, key.DataDate, r.State.ToWire(), r.Attempt, r.Counts?.RowsIn, r.Counts?.RowsOut, r.Counts?.RowsQuarantined, received));
            if (r.State is not (JobState.Succeeded or JobState.Partial))
                problems.Add($"{key.Job} {LedgerFormats.FormatDate(key.DataDate)} ended {r.State.ToWire()}{(r.Message is null ? "" : ": " + r.Message)}");
            foreach (var (state, times) in ExpectedPosts(r))
            {
                expected.Add((key.Job, key.DataDate, state));
                expectedCount += times;
                var n = received.GetValueOrDefault(state);
                if (n != times) problems.Add($"{key.Job} {LedgerFormats.FormatDate(key.DataDate)} {state}: notified {n} time(s), expected {(times == 1 ? "exactly once" : $"{times} times (once per attempt)")}");
            }
        }
        foreach (var p in posts.Where(p => p.State is null || !expected.Contains((p.Job!, p.Date!.Value, p.State))))
            problems.Add($"unexpected webhook message: {p.Title ?? "(no title)"}");
        return (outcomes, expectedCount, problems);
    }
}
