using CovidSpark.Ledger;
using CovidSpark.Rehearsal.Hosting;

namespace CovidSpark.Rehearsal;

/// <summary>The pass/fail rules of a rehearsal, over the final ledger items and the webhook's posts.</summary>
public static class RehearsalChecks
{
    /// <summary>The states each (job, date) passes through in a rehearsal, in order: SUBMITTED, RUNNING, then its final state.</summary>
    public static IReadOnlyList<string> ExpectedStates(JobRecord record) =>
        [.. new[] { JobState.Submitted.ToWire(), JobState.Running.ToWire(), record.State.ToWire() }.Distinct(StringComparer.Ordinal)];

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
        foreach (var key in keys)
        {
            var received = posts.Where(p => p.Job == key.Job && p.Date == key.DataDate)
                .GroupBy(p => p.State!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            if (records.GetValueOrDefault(key) is not { } r)
            {
                problems.Add($"{key.Job} {key.DataDate:yyyy-MM-dd}: not in the ledger");
                continue;
            }
            outcomes.Add(new JobOutcome(key.Job, key.DataDate, r.State.ToWire(), r.Attempt, r.Counts?.RowsIn, r.Counts?.RowsOut, r.Counts?.RowsQuarantined, received));
            if (r.State is not (JobState.Succeeded or JobState.Partial))
                problems.Add($"{key.Job} {key.DataDate:yyyy-MM-dd} ended {r.State.ToWire()}{(r.Message is null ? "" : ": " + r.Message)}");
            foreach (var state in ExpectedStates(r))
            {
                expected.Add((key.Job, key.DataDate, state));
                var n = received.GetValueOrDefault(state);
                if (n != 1) problems.Add($"{key.Job} {key.DataDate:yyyy-MM-dd} {state}: notified {n} time(s), expected exactly once");
            }
        }
        foreach (var p in posts.Where(p => p.State is null || !expected.Contains((p.Job!, p.Date!.Value, p.State))))
            problems.Add($"unexpected webhook message: {p.Title ?? "(no title)"}");
        return (outcomes, expected.Count, problems);
    }
}
