namespace CovidSpark.Ledger;

/// <summary>
/// What a running job reports about itself (<c>covidspark-jobs run --ledger-table</c>): started, alive, finished. A report that
/// carries a run token (<see cref="JobRunStarted.RunToken"/>) touches only the attempt that token owns — an EMR step's job owns
/// the attempt its launcher claimed (the claim's submit token), a manual run owns the attempt it starts — so a manual run never
/// takes over a step's item, and a late report of one attempt never rewrites the next. Reports without a token (older callers)
/// keep the earlier rule: they apply to whatever attempt is current.
/// </summary>
public sealed partial class JobLedger
{
    public async Task<IReadOnlyList<TransitionResult>> ReportJobStartedAsync(JobRunStarted report, CancellationToken cancellationToken = default)
    {
        var results = new List<TransitionResult>();
        foreach (var key in KeysOf(report.Job, report.From, report.To))
            results.Add(await MutateAsync(key, report.Manual ? "manual run started" : "job started", current => Started(key, current, report), cancellationToken).ConfigureAwait(false));
        return results;
    }

    private Decision Started(JobKey key, JobRecord? current, JobRunStarted report)
    {
        var now = _time.GetUtcNow();
        var lease = report.Lease is { } l ? now + l : (DateTimeOffset?)null;
        if (current is null)
            return Decision.Create(new JobRecord
            {
                Key = key, State = JobState.Running, Version = 1, Attempt = 1, RangeFrom = report.From, RangeTo = report.To,
                StartedAt = now, UpdatedAt = now, Message = ManualRunMessage, LeaseExpiresAt = lease, SubmitToken = report.RunToken,
            });
        if (report.Manual)
        {
            // A run of its own: a new attempt over a finished one, or over a manual run that stopped heartbeating; never over a live one.
            if (current.IsHeld(now))
                return Decision.Stop(TransitionOutcome.RefusedActive, current.HolderDescription());
            var abandoned = current.State.IsActive(); // not held but active: a manual run past its lease
            return Decision.Write(new JobRecord
            {
                Key = key, State = JobState.Running, Version = current.Version + 1, Attempt = current.Attempt + 1,
                PreviousAttempts = [.. current.PreviousAttempts, ToPrevious(abandoned ? Finish(current, JobState.Failed, current.LeaseExpiresAt) with { Message = AbandonedMessage } : current)],
                RangeFrom = report.From, RangeTo = report.To, StartedAt = now, UpdatedAt = now, Message = ManualRunMessage, LeaseExpiresAt = lease,
                SubmitToken = report.RunToken,
            });
        }
        if (!Owns(current, report.RunToken))
            return Decision.Stop(TransitionOutcome.IgnoredOtherStep, $"attempt {current.Attempt} belongs to another submission (token {current.SubmitToken ?? "none"})");
        return current.State switch
        {
            JobState.Submitted => Decision.Write(Touch(current) with { State = JobState.Running, StartedAt = now, LeaseExpiresAt = lease }),
            JobState.Running when current.StartedAt is null => Decision.Write(Touch(current) with { StartedAt = now, LeaseExpiresAt = lease ?? current.LeaseExpiresAt }),
            JobState.Running => Decision.Stop(TransitionOutcome.AlreadyInState),
            _ => Decision.Stop(TransitionOutcome.IgnoredNotForward, $"the item is already {current.State.ToWire()}"),
        };
    }

    public async Task<IReadOnlyList<TransitionResult>> ReportJobAliveAsync(JobRunAlive report, CancellationToken cancellationToken = default)
    {
        var results = new List<TransitionResult>();
        foreach (var key in KeysOf(report.Job, report.From, report.To))
        {
            results.Add(await MutateAsync(key, "job alive", current =>
            {
                if (current is null) return Decision.Stop(TransitionOutcome.NotFound);
                if (!Owns(current, report.RunToken))
                    return Decision.Stop(TransitionOutcome.IgnoredOtherStep, $"attempt {current.Attempt} belongs to another run");
                if (current.State != JobState.Running)
                    return Decision.Stop(TransitionOutcome.IgnoredNotForward, $"the item is {current.State.ToWire()}, not RUNNING");
                return Decision.Write(Touch(current) with { LeaseExpiresAt = _time.GetUtcNow() + report.Lease });
            }, cancellationToken).ConfigureAwait(false));
        }
        return results;
    }

    public async Task<IReadOnlyList<TransitionResult>> ReportJobFinishedAsync(JobRunFinished report, CancellationToken cancellationToken = default)
    {
        if (report.State is not (JobState.Succeeded or JobState.Partial or JobState.Failed or JobState.Cancelled))
            throw new ArgumentException($"a job reports SUCCEEDED, PARTIAL, FAILED or CANCELLED, not {report.State.ToWire()}", nameof(report));
        var results = new List<TransitionResult>();
        foreach (var key in KeysOf(report.Job, report.From, report.To))
        {
            results.Add(await MutateAsync(key, $"job finished {report.State.ToWire()}", current =>
            {
                var now = _time.GetUtcNow();
                if (current is null)
                    return Decision.Create(new JobRecord
                    {
                        Key = key, State = report.State, Version = 1, Attempt = 1, RangeFrom = report.From, RangeTo = report.To,
                        EndedAt = now, UpdatedAt = now, Counts = report.Counts, Manifest = report.ManifestSummary,
                        Message = report.Message ?? ManualRunMessage, SubmitToken = report.RunToken,
                    });
                if (!Owns(current, report.RunToken))
                    return Decision.Stop(TransitionOutcome.IgnoredOtherStep, $"attempt {current.Attempt} belongs to another run");
                if (current.State.IsActive())
                    return Decision.Write(Finish(current, report.State, now) with
                    {
                        Counts = report.Counts ?? current.Counts, Manifest = report.ManifestSummary ?? current.Manifest, Message = report.Message ?? current.Message,
                    });
                // EMR's "step completed" may have been recorded first: keep the job's own counts and PARTIAL verdict.
                if (current.State == JobState.Succeeded && report.State is JobState.Succeeded or JobState.Partial
                    && (report.State != current.State || report.Counts != current.Counts || report.ManifestSummary != current.Manifest))
                    return Decision.Write(Touch(current) with
                    {
                        State = report.State, Counts = report.Counts ?? current.Counts, Manifest = report.ManifestSummary ?? current.Manifest,
                    });
                return current.State == report.State
                    ? Decision.Stop(TransitionOutcome.AlreadyInState)
                    : Decision.Stop(TransitionOutcome.IgnoredNotForward, $"the item is already {current.State.ToWire()}");
            }, cancellationToken).ConfigureAwait(false));
        }
        return results;
    }

    private const string ManualRunMessage = "run reported by the job (not submitted by the launcher)";

    private const string AbandonedMessage = "abandoned: the manual run stopped heartbeating and its lease expired";

    /// <summary>True when a report with <paramref name="runToken"/> may change <paramref name="current"/> (no token: the earlier rule, any attempt).</summary>
    private static bool Owns(JobRecord current, string? runToken) => runToken is null || current.SubmitToken is null || current.SubmitToken == runToken;
}
