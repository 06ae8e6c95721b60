namespace CovidSpark.Notifier.Transitions;

/// <summary>What a FAILED transition means for the people who look after the pipeline.</summary>
public enum AlertKind
{
    /// <summary>Not a failure.</summary>
    None = 0,

    /// <summary>The date's first failure (no failed attempt just before this one): a new alert, mentions allowed.</summary>
    FirstFailure,

    /// <summary>A retry failed again: a reply in the date's thread (a line in a webhook room), no mention.</summary>
    RepeatFailure,

    /// <summary>The last attempt the retries allow failed: someone has to act; mentions allowed.</summary>
    RetriesExhausted,
}

/// <summary>The alert rules: which failures are new, which are repeats, when retries are exhausted, and which run a thread belongs to.</summary>
public static class Alerts
{
    /// <summary>Classifies <paramref name="job"/>'s state (see <see cref="AlertKind"/>).</summary>
    /// <param name="job">The ledger item after the change.</param>
    /// <param name="maxAttempts">Attempts the retries allow (<c>retry-failed</c>); a FAILED attempt at or past it is exhausted.</param>
    public static AlertKind Classify(JobSnapshot job, int maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.State != JobState.Failed) return AlertKind.None;
        if (job.Attempt >= maxAttempts) return AlertKind.RetriesExhausted;
        return FirstAttemptOfRetries(job) < job.Attempt ? AlertKind.RepeatFailure : AlertKind.FirstFailure;
    }

    /// <summary>Whether people are mentioned for <paramref name="kind"/>: only on a date's first failure and when retries are exhausted.</summary>
    public static bool Mentions(AlertKind kind) => kind is AlertKind.FirstFailure or AlertKind.RetriesExhausted;

    /// <summary>
    /// The first attempt of the run of retries <paramref name="job"/>'s attempt belongs to: earlier attempts that ended FAILED
    /// or CANCELLED right before it were retried into this one. A re-run of a completed date starts a new run.
    /// </summary>
    public static int FirstAttemptOfRetries(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var states = job.PreviousAttempts.ToDictionary(p => p.Attempt, p => p.State);
        var first = job.Attempt;
        while (states.TryGetValue(first - 1, out var before) && (before == JobState.Failed || before == JobState.Cancelled)) first--;
        return first;
    }
}
