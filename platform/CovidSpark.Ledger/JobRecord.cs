namespace CovidSpark.Ledger;

/// <summary>Counts a job reports for its run.</summary>
public sealed record JobCounts(long RowsIn, long RowsOut, long RowsQuarantined);

/// <summary>An earlier attempt kept on resubmission (<c>previous_attempts</c>).</summary>
public sealed record PreviousAttempt(int Attempt, JobState State, string? ClusterId, string? StepId, DateTimeOffset? SubmittedAt, DateTimeOffset? EndedAt, string? Message);

/// <summary>
/// One ledger item, as described in docs/ledger.md: the current attempt of one job for one data date.
/// Immutable; the ledger writes a new version of it on every transition.
/// </summary>
public sealed partial record JobRecord
{
    public required JobKey Key { get; init; }
    public required JobState State { get; init; }
    /// <summary>Incremented on every write; each write is conditional on the version read.</summary>
    public required long Version { get; init; }
    /// <summary>1 for the first submission, +1 per resubmission.</summary>
    public required int Attempt { get; init; }
    public IReadOnlyList<PreviousAttempt> PreviousAttempts { get; init; } = [];
    public string? ClusterId { get; init; }
    public string? StepId { get; init; }
    /// <summary>
    /// Unique token of the submission this attempt's claim made, recorded before <c>AddJobFlowSteps</c> and carried in the step
    /// name, so a launcher that died before recording the step id can be recovered by finding the step (no second submission).
    /// </summary>
    public string? SubmitToken { get; init; }
    /// <summary>
    /// Until when a run without a step (a manual <c>run --ledger-table</c>) is known alive; it heartbeats this forward. Past it,
    /// an item still RUNNING without a step is an abandoned run that <c>reconcile</c> marks FAILED.
    /// </summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    /// <summary>First date the step covers (a backfill chunk covers many dates, one item each).</summary>
    public DateOnly? RangeFrom { get; init; }
    public DateOnly? RangeTo { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public long? DurationMs { get; init; }
    public JobCounts? Counts { get; init; }
    /// <summary>JSON summary of the run manifest the job reported.</summary>
    public string? Manifest { get; init; }
    /// <summary>Failure reason or last event text (never a secret).</summary>
    public string? Message { get; init; }
    public string? LogUri { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    /// <summary>TTL, epoch seconds, when retention is configured.</summary>
    public long? ExpiresAt { get; init; }
}
