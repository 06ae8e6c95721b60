namespace CovidSpark.Ledger;

/// <summary>Who holds an item, as a manual run (<c>run --ledger-table</c> without a token) asks before it starts.</summary>
public sealed partial record JobRecord
{
    /// <summary>True when an EMR step or a live run holds this item: SUBMITTED or RUNNING, except a manual run whose lease expired.</summary>
    public bool IsHeld(DateTimeOffset now) =>
        State.IsActive() && !(State == JobState.Running && StepId is null && LeaseExpiresAt is { } expiry && expiry < now);

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
