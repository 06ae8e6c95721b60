namespace CovidSpark.Notifier.Transitions;

/// <summary>
/// A job's state as written in the ledger's <c>state</c> attribute (docs/ledger.md).
/// Kept as the ledger's text so a state added later still flows through routing and formatting
/// (it is shown as written, with a neutral emoji) instead of blocking the stream.
/// </summary>
public readonly record struct JobState
{
    private JobState(string name) => Name = name;

    /// <summary>The ledger text, e.g. <c>SUCCEEDED</c>.</summary>
    public string Name { get; }

    /// <summary>The step was handed to EMR.</summary>
    public static JobState Submitted { get; } = new("SUBMITTED");

    /// <summary>The step is running.</summary>
    public static JobState Running { get; } = new("RUNNING");

    /// <summary>The step finished and the job reported success.</summary>
    public static JobState Succeeded { get; } = new("SUCCEEDED");

    /// <summary>The step failed.</summary>
    public static JobState Failed { get; } = new("FAILED");

    /// <summary>The step was cancelled.</summary>
    public static JobState Cancelled { get; } = new("CANCELLED");

    /// <summary>The job finished but quarantined part of its input or skipped part of its range.</summary>
    public static JobState Partial { get; } = new("PARTIAL");

    /// <summary>The states the ledger contract defines, in lifecycle order.</summary>
    public static IReadOnlyList<JobState> Known { get; } = [Submitted, Running, Succeeded, Failed, Cancelled, Partial];

    /// <summary>Parses the ledger text (trimmed, upper-cased); any non-empty text is accepted.</summary>
    /// <exception cref="ArgumentException">The text is empty.</exception>
    public static JobState Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return new JobState(text.Trim().ToUpperInvariant());
    }

    /// <summary><c>true</c> for SUCCEEDED, FAILED, CANCELLED and PARTIAL.</summary>
    public bool IsTerminal => this == Succeeded || this == Failed || this == Cancelled || this == Partial;

    /// <summary><c>true</c> for the states someone has to look at: FAILED, CANCELLED and PARTIAL.</summary>
    public bool NeedsAttention => this == Failed || this == Cancelled || this == Partial;

    /// <inheritdoc />
    public override string ToString() => Name ?? "";
}
