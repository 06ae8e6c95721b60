namespace CovidSpark.Ledger;

/// <summary>
/// A launcher's claim on a (job, date) before it submits the EMR step.
/// </summary>
/// <param name="Key">The job and data date.</param>
/// <param name="RangeFrom">First date the step will cover.</param>
/// <param name="RangeTo">Last date the step will cover.</param>
/// <param name="ClusterId">The cluster the step will go to, when known.</param>
/// <param name="ReplacingStaleVersion">
/// Set only after the caller checked that the SUBMITTED/RUNNING item at this version has no live step any more
/// (its step ended without the tracker noticing, or the claim was abandoned); the item is then resubmitted as a new attempt.
/// </param>
/// <param name="Rerun">
/// Explicit re-run: the claim may also take an item that completed (SUCCEEDED or PARTIAL) and starts a new attempt over it, the
/// completed attempt kept in <c>previous_attempts</c> (e.g. after JHU re-issued a report). An active (SUBMITTED/RUNNING) item is
/// refused all the same.
/// </param>
/// <param name="SubmitToken">The submission's unique token (see <see cref="JobRecord.SubmitToken"/>), carried by the step's name.</param>
public sealed record JobClaim(JobKey Key, DateOnly RangeFrom, DateOnly RangeTo, string? ClusterId = null, long? ReplacingStaleVersion = null, bool Rerun = false,
    string? SubmitToken = null);

/// <summary>An EMR step state change mapped to a ledger state (from the tracker or reconcile).</summary>
/// <param name="Key">The job and data date.</param>
/// <param name="StepId">The step the event is about; events for another step (an older attempt) are ignored.</param>
/// <param name="Target">RUNNING, SUCCEEDED, FAILED or CANCELLED.</param>
/// <param name="At">When EMR says it happened; null uses the ledger's clock.</param>
/// <param name="Message">State change reason / failure details.</param>
/// <param name="LogUri">Where the step's logs are, when known.</param>
/// <param name="SubmitToken">The submit token the step's name carries: an item of that token without a step id yet (its launcher
/// died before recording it) takes this step as its own.</param>
/// <param name="ClusterId">The step's cluster, recorded when the step is taken that way.</param>
public sealed record StepTransition(JobKey Key, string StepId, JobState Target, DateTimeOffset? At = null, string? Message = null, string? LogUri = null,
    string? SubmitToken = null, string? ClusterId = null);

/// <summary>A Spark job telling the ledger it started processing dates <paramref name="From"/>..<paramref name="To"/>.</summary>
/// <param name="Job">Job name.</param>
/// <param name="From">First data date of the run.</param>
/// <param name="To">Last data date of the run.</param>
/// <param name="Lease">How long the run counts as alive without a heartbeat (<see cref="JobRunAlive"/>); null: no lease is recorded.</param>
/// <param name="RunToken">
/// The attempt the run owns: an EMR step's job passes its launcher's submit token (<c>--ledger-token {submitToken}</c> in the step
/// template) and touches only the attempt claimed with it; a manual run passes a token of its own. Null: any current attempt (the
/// rule before tokens).
/// </param>
/// <param name="Manual">
/// True for a run nobody submitted (a person running the jobs by hand): it records its own attempt — a new attempt over a finished
/// one — and is refused (<see cref="TransitionOutcome.RefusedActive"/>) on a date an EMR step or another live run holds.
/// </param>
public sealed record JobRunStarted(string Job, DateOnly From, DateOnly To, TimeSpan? Lease = null, string? RunToken = null, bool Manual = false);

/// <summary>A running job's heartbeat: its RUNNING dates stay alive for <paramref name="Lease"/> more.</summary>
/// <param name="Job">Job name.</param>
/// <param name="From">First data date of the run.</param>
/// <param name="To">Last data date of the run.</param>
/// <param name="Lease">How much longer the run counts as alive.</param>
/// <param name="RunToken">The attempt the run owns (see <see cref="JobRunStarted.RunToken"/>).</param>
public sealed record JobRunAlive(string Job, DateOnly From, DateOnly To, TimeSpan Lease, string? RunToken = null);

/// <summary>
/// A Spark job telling the ledger how its run ended.
/// </summary>
/// <param name="Job">Job name, e.g. <c>pipeline</c>.</param>
/// <param name="From">First data date of the run.</param>
/// <param name="To">Last data date of the run (same as <paramref name="From"/> for a daily run).</param>
/// <param name="State">SUCCEEDED, PARTIAL (completed with quarantined rows), FAILED, or CANCELLED (interrupted: Ctrl+C, SIGTERM).</param>
/// <param name="Counts">Rows read, written and quarantined by the run (recorded on every date of a range run).</param>
/// <param name="ManifestSummary">Short JSON summary of the run manifest (<c>_runs/&lt;run-id&gt;.json</c>).</param>
/// <param name="Message">Failure reason; never a secret.</param>
/// <param name="RunToken">The attempt the run owns (see <see cref="JobRunStarted.RunToken"/>): a later attempt is never rewritten.</param>
public sealed record JobRunFinished(string Job, DateOnly From, DateOnly To, JobState State, JobCounts? Counts = null, string? ManifestSummary = null, string? Message = null,
    string? RunToken = null);

/// <summary>What a transition or report did to one item.</summary>
public enum TransitionOutcome
{
    /// <summary>The item moved (or was enriched) and was written.</summary>
    Applied,
    /// <summary>The item was created by the report (a run the launcher did not submit).</summary>
    Created,
    /// <summary>Nothing to do: the item is already in that state.</summary>
    AlreadyInState,
    /// <summary>Ignored: the move would go backwards or leave a terminal state.</summary>
    IgnoredNotForward,
    /// <summary>Ignored: the event is about another step (an older attempt) or the item has no step yet.</summary>
    IgnoredOtherStep,
    /// <summary>Ignored: there is no such item.</summary>
    NotFound,
    /// <summary>Refused: a manual run asked for a date an EMR step or another live run holds (the reason names it).</summary>
    RefusedActive,
}

/// <summary>The outcome for one item and the item as it stands afterwards (null when not found).</summary>
public sealed record TransitionResult(JobKey Key, TransitionOutcome Outcome, JobRecord? Record, string? Reason = null)
{
    /// <summary>True when the ledger was written.</summary>
    public bool Changed => Outcome is TransitionOutcome.Applied or TransitionOutcome.Created;
}
