namespace CovidSpark.Ledger;

/// <summary>
/// The job ledger: one DynamoDB item per (job, data date) moved through a forward-only state machine by conditional writes.
/// Every write is conditional on the version read, so concurrent writers never lose each other's updates.
/// </summary>
public interface IJobLedger
{
    /// <summary>The DynamoDB table behind the ledger.</summary>
    string TableName { get; }

    /// <summary>The current item, or null.</summary>
    Task<JobRecord?> GetAsync(JobKey key, CancellationToken cancellationToken = default);

    /// <summary>The current items of many keys (absent keys are missing from the result), read consistently in batches of 100.</summary>
    Task<IReadOnlyDictionary<JobKey, JobRecord>> GetManyAsync(IReadOnlyCollection<JobKey> keys, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims a (job, date) as SUBMITTED before the step is submitted: creates attempt 1, or starts a new attempt over a
    /// FAILED/CANCELLED item (or a stale active item, see <see cref="JobClaim.ReplacingStaleVersion"/>; or, with
    /// <see cref="JobClaim.Rerun"/>, a SUCCEEDED/PARTIAL item), keeping the old attempt in <c>previous_attempts</c>.
    /// Exactly one of many concurrent claims wins.
    /// </summary>
    /// <exception cref="JobAlreadyActiveException">SUBMITTED or RUNNING (or another launcher claimed it first), with or without <see cref="JobClaim.Rerun"/>.</exception>
    /// <exception cref="JobAlreadyCompletedException">SUCCEEDED or PARTIAL, and the claim is not a <see cref="JobClaim.Rerun"/>.</exception>
    Task<JobRecord> ClaimAsync(JobClaim claim, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="ClaimAsync(JobClaim, CancellationToken)"/>, deciding on <paramref name="lastRead"/> (the item as the caller just
    /// read it, null = absent) instead of reading again. Safe: the write is conditional on that version, and a lost race is re-read.
    /// </summary>
    Task<JobRecord> ClaimAsync(JobClaim claim, JobRecord? lastRead, CancellationToken cancellationToken = default);

    /// <summary>Records the step id (and cluster, log location) of a claimed attempt after AddJobFlowSteps answered.</summary>
    /// <exception cref="StaleTransitionException">The item is no longer the claimed attempt.</exception>
    Task<JobRecord> AttachStepAsync(JobRecord claimed, string clusterId, string stepId, string? logUri, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a step found by its submit token (<see cref="JobRecord.SubmitToken"/>) on the attempt that claimed it, when the
    /// launcher that submitted it died before <see cref="AttachStepAsync"/>: only when the item is still that attempt, carries that
    /// token and has no step yet (its state is kept; the caller then applies the step's state).
    /// </summary>
    Task<TransitionResult> AdoptStepAsync(JobRecord seen, string clusterId, string stepId, string? logUri, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed attempt FAILED because its step could not be submitted, so it can be retried later.</summary>
    Task<TransitionResult> AbandonClaimAsync(JobRecord claimed, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies an EMR step state change. Events for another step id, backward moves and moves out of terminal states are
    /// ignored (reported in the result, not thrown), so events may arrive late, twice or out of order.
    /// </summary>
    Task<TransitionResult> ApplyStepTransitionAsync(StepTransition transition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called by a Spark job when it starts (<c>--ledger-table</c>): moves each date of the run to RUNNING and stamps <c>started_at</c>.
    /// A date without an item (a run not submitted by the launcher) gets one, as attempt 1. A step's job moves only the attempt its
    /// token claimed; a manual run (<see cref="JobRunStarted.Manual"/>) starts an attempt of its own over a finished one and is
    /// refused (<see cref="TransitionOutcome.RefusedActive"/>) where an EMR step or another live run holds the date.
    /// </summary>
    Task<IReadOnlyList<TransitionResult>> ReportJobStartedAsync(JobRunStarted report, CancellationToken cancellationToken = default);

    /// <summary>
    /// A running job's heartbeat: moves <see cref="JobRecord.LeaseExpiresAt"/> of each of its RUNNING dates forward. A run without
    /// an EMR step (a manual <c>run --ledger-table</c>) whose lease has expired is abandoned, and <c>reconcile</c> marks it FAILED.
    /// </summary>
    Task<IReadOnlyList<TransitionResult>> ReportJobAliveAsync(JobRunAlive report, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks FAILED a RUNNING item that has no step and whose run stopped reporting (lease expired): only if the item is still the
    /// version the caller saw, so a heartbeat or report written since wins.
    /// </summary>
    Task<TransitionResult> AbandonRunAsync(JobRecord seen, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called by a Spark job when it ends: records SUCCEEDED/PARTIAL/FAILED/CANCELLED with counts and the manifest summary for each
    /// date of the run (only on the attempt its token owns). If EMR's step-completed event got there first (SUCCEEDED), the counts are still recorded and PARTIAL still applies.
    /// </summary>
    Task<IReadOnlyList<TransitionResult>> ReportJobFinishedAsync(JobRunFinished report, CancellationToken cancellationToken = default);

    /// <summary>Items in a state, optionally within a date range, ordered by date (GSI <c>by_state</c>).</summary>
    Task<IReadOnlyList<JobRecord>> QueryByStateAsync(JobState state, DateOnly? from = null, DateOnly? to = null, CancellationToken cancellationToken = default);

    /// <summary>Every job's item for one date (all states).</summary>
    Task<IReadOnlyList<JobRecord>> ListByDateAsync(DateOnly date, CancellationToken cancellationToken = default);
}
