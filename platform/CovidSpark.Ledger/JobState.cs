namespace CovidSpark.Ledger;

/// <summary>
/// Where a job stands. Forward-only: SUBMITTED → RUNNING → SUCCEEDED | FAILED | CANCELLED | PARTIAL
/// (PARTIAL = completed, but some input rows were quarantined).
/// </summary>
public enum JobState
{
    Submitted,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Partial,
}

/// <summary>Wire names and the ordering rules of <see cref="JobState"/>.</summary>
public static class JobStates
{
    /// <summary>The value stored in the <c>state</c> attribute, e.g. <c>SUCCEEDED</c>.</summary>
    public static string ToWire(this JobState state) => state switch
    {
        JobState.Submitted => "SUBMITTED",
        JobState.Running => "RUNNING",
        JobState.Succeeded => "SUCCEEDED",
        JobState.Failed => "FAILED",
        JobState.Cancelled => "CANCELLED",
        JobState.Partial => "PARTIAL",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown job state"),
    };

    /// <summary>Parses a wire name (case-insensitive).</summary>
    public static bool TryParse(string? text, out JobState state)
    {
        foreach (var s in All)
            if (string.Equals(s.ToWire(), text?.Trim(), StringComparison.OrdinalIgnoreCase)) { state = s; return true; }
        state = default;
        return false;
    }

    /// <summary>Parses a wire name or throws <see cref="FormatException"/> naming the accepted values.</summary>
    public static JobState Parse(string? text) => TryParse(text, out var s)
        ? s
        : throw new FormatException($"'{text}' is not a job state; expected one of {string.Join(", ", All.Select(x => x.ToWire()))}");

    /// <summary>Every state, in lifecycle order.</summary>
    public static IReadOnlyList<JobState> All { get; } = Enum.GetValues<JobState>();

    /// <summary>SUCCEEDED, FAILED, CANCELLED, PARTIAL: never left again within an attempt (resubmission of FAILED/CANCELLED, or an explicit re-run of SUCCEEDED/PARTIAL, starts a new attempt).</summary>
    public static bool IsTerminal(this JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled or JobState.Partial;

    /// <summary>SUBMITTED or RUNNING.</summary>
    public static bool IsActive(this JobState state) => state is JobState.Submitted or JobState.Running;

    /// <summary>FAILED and CANCELLED attempts may be resubmitted as a new attempt.</summary>
    public static bool IsResubmittable(this JobState state) => state is JobState.Failed or JobState.Cancelled;

    /// <summary>SUCCEEDED or PARTIAL: the job ran to its end; a new attempt only by an explicit re-run (<see cref="JobClaim.Rerun"/>).</summary>
    public static bool IsCompleted(this JobState state) => state is JobState.Succeeded or JobState.Partial;

    /// <summary>Whether an item in <paramref name="from"/> may move to <paramref name="to"/> within the same attempt.</summary>
    public static bool CanMove(JobState from, JobState to) => (from, to) switch
    {
        (_, JobState.Submitted) => false,
        (JobState.Submitted, _) => true,
        (JobState.Running, JobState.Running) => false,
        (JobState.Running, _) => true,
        _ => false,
    };
}
