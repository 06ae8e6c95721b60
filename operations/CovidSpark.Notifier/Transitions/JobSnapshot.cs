namespace CovidSpark.Notifier.Transitions;

/// <summary>
/// The notifier's view of one ledger item (one job for one data date) at one point of the stream.
/// Built only by <see cref="JobImageMapper"/>; optional fields are null when the ledger has not written them yet.
/// </summary>
/// <remarks>
/// Why not <see cref="CovidSpark.Ledger.JobRecord"/>: the ledger's record is its write model — version, submit token, lease and
/// expiry drive its conditional writes, and <c>JobRecordMapper</c> reads the SDK's attribute values. The notifier reads
/// DynamoDB Streams images (their own attribute-value JSON), needs none of the concurrency fields, and wants what a message shows
/// computed once: the duration, the refresh range parsed from the run's summary, the earlier attempts. What the two must agree on
/// is not repeated here: attribute names come from <see cref="CovidSpark.Ledger.LedgerSchema"/> and states are the ledger's
/// <see cref="CovidSpark.Ledger.JobState"/>, so a change to the ledger's contract reaches the notifier through the compiler.
/// </remarks>
public sealed record JobSnapshot
{
    /// <summary>The item's key, <c>&lt;job&gt;#&lt;yyyy-MM-dd&gt;</c>.</summary>
    public required string Pk { get; init; }

    /// <summary>Job name (<c>pipeline</c>, <c>etl</c>, <c>stats</c>, <c>cluster</c>).</summary>
    public required string Job { get; init; }

    /// <summary>The report date the job processes.</summary>
    public required DateOnly DataDate { get; init; }

    /// <summary>The job's state.</summary>
    public required JobState State { get; init; }

    /// <summary>1 for the first submission, +1 on each resubmission.</summary>
    public required int Attempt { get; init; }

    /// <summary>EMR cluster id of the current attempt.</summary>
    public string? ClusterId { get; init; }

    /// <summary>EMR step id of the current attempt.</summary>
    public string? StepId { get; init; }

    /// <summary>First date the step covers (a backfill chunk covers several).</summary>
    public DateOnly? RangeFrom { get; init; }

    /// <summary>Last date the step covers.</summary>
    public DateOnly? RangeTo { get; init; }

    /// <summary>When the step was submitted.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>When the step started running.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the step ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>How long the step ran (ended − started).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Rows the job read.</summary>
    public long? RowsIn { get; init; }

    /// <summary>Rows the job wrote.</summary>
    public long? RowsOut { get; init; }

    /// <summary>Rows the job set aside as invalid.</summary>
    public long? RowsQuarantined { get; init; }

    /// <summary>Failure reason or last event text.</summary>
    public string? Message { get; init; }

    /// <summary>Where the step's logs are (usually <c>s3://…</c>).</summary>
    public string? LogUri { get; init; }

    /// <summary>
    /// First of the later dates the run names for a re-run: their new cases, 7-day averages or trends were computed from the
    /// earlier version of a date this run changed (from the run manifest's summary, <c>refresh_from</c>).
    /// </summary>
    public DateOnly? RefreshFrom { get; init; }

    /// <summary>Last of those dates (<c>refresh_to</c>).</summary>
    public DateOnly? RefreshTo { get; init; }

    /// <summary>Earlier attempts and how each ended (<c>previous_attempts</c>), oldest first.</summary>
    public IReadOnlyList<(int Attempt, JobState State)> PreviousAttempts { get; init; } = [];
}
