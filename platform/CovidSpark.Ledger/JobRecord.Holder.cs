namespace CovidSpark.Ledger;

/// <summary>Who holds an item, as a manual run (<c>run --ledger-table</c> without a token) asks before it starts.</summary>
public sealed partial record JobRecord
{
    /// <summary>
    /// How long a RUNNING item without a step and without a heartbeat lease (a run by a jobs binary that predates leases) counts
    /// as alive after it started.
    /// </summary>
    public static readonly TimeSpan DefaultUnleasedRunGrace = TimeSpan.FromHours(24);

    /// <summary>When a RUNNING item without a step counts as abandoned: its heartbeat lease, else <paramref name="unleasedGrace"/> after it started.</summary>
    public DateTimeOffset RunExpiry(TimeSpan unleasedGrace) => LeaseExpiresAt ?? (StartedAt ?? UpdatedAt ?? DateTimeOffset.MinValue) + unleasedGrace;

    /// <summary>True for a RUNNING item without a step (a manual run) that is past its <see cref="RunExpiry"/>.</summary>
    public bool IsAbandonedRun(DateTimeOffset now, TimeSpan unleasedGrace) => State == JobState.Running && StepId is null && RunExpiry(unleasedGrace) < now;

    /// <summary>True when an EMR step or a live run holds this item: SUBMITTED or RUNNING, except an abandoned manual run.</summary>
    public bool IsHeld(DateTimeOffset now) => State.IsActive() && !IsAbandonedRun(now, DefaultUnleasedRunGrace);

    /// <summary>Who holds the item, in words a person running the job by hand can act on.</summary>
    public string HolderDescription()
    {
        var since = SubmittedAt ?? StartedAt;
        var who = StepId is { } step ? $"EMR step {step}" + (ClusterId is { } c ? $" on {c}" : "")
            : State == JobState.Submitted ? "a launcher claim (its EMR step is being submitted)"
            : "another manual run" + (LeaseExpiresAt is { } lease ? $" (alive until {LedgerFormats.FormatInstant(lease)} unless it heartbeats)" : "");
        return $"{Key.PartitionKey} is {State.ToWire()} as attempt {Attempt}, held by {who}" + (since is { } t ? $" since {LedgerFormats.FormatInstant(t)}" : "");
    }
}
