using CovidSpark.Launcher.Planning;
using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Launch;

/// <summary>What happened to the cluster.</summary>
public enum ClusterAction
{
    /// <summary>No step was needed, so no cluster was looked for or created.</summary>
    None,
    /// <summary>An active cluster was used.</summary>
    Reused,
    /// <summary>A cluster was created.</summary>
    Created,
    /// <summary>Dry run: an active cluster would be used.</summary>
    WouldReuse,
    /// <summary>Dry run: a cluster would be created.</summary>
    WouldCreate,
}

/// <summary>One submitted (or, in a dry run, planned) step.</summary>
/// <param name="Job">Job name.</param>
/// <param name="Range">Dates the step covers.</param>
/// <param name="StepId">EMR step id; null in a dry run.</param>
/// <param name="Args">The exact argument array of the step.</param>
/// <param name="Attempts">Ledger attempt per date (1 = first submission).</param>
public sealed record PlannedStep(string Job, DateRange Range, string? StepId, IReadOnlyList<string> Args, IReadOnlyDictionary<DateOnly, int> Attempts);

/// <summary>A date that was not launched and why.</summary>
/// <param name="Job">Job name.</param>
/// <param name="Date">The date.</param>
/// <param name="State">Ledger state that made it skip.</param>
/// <param name="Reason">Human-readable reason.</param>
public sealed record SkippedDate(string Job, DateOnly Date, JobState? State, string Reason);

/// <summary>A date that had completed and is resubmitted (or, in a dry run, would be) by an explicit re-run.</summary>
/// <param name="Job">Job name.</param>
/// <param name="Date">The date.</param>
/// <param name="PreviousState">SUCCEEDED or PARTIAL: how the attempt it replaces ended.</param>
/// <param name="PreviousAttempt">The attempt it replaces (the new one is this + 1).</param>
public sealed record RerunDate(string Job, DateOnly Date, JobState PreviousState, int PreviousAttempt);

/// <summary>A chunk not submitted now because the cluster's active-step budget is used up; run the launch again later.</summary>
public sealed record DeferredChunk(string Job, DateRange Range, string Reason);

/// <summary>A step submission that failed; its claims were marked FAILED so they can be retried.</summary>
public sealed record FailedSubmission(string Job, DateRange Range, string Error);

/// <summary>Everything a launch did, for people (tables) and scripts (JSON).</summary>
public sealed record LaunchReport
{
    public required bool DryRun { get; init; }
    public required IReadOnlyList<string> Jobs { get; init; }
    public required DateRange Range { get; init; }
    public string? ClusterId { get; init; }
    public ClusterAction Cluster { get; init; }
    /// <summary>Active (PENDING + RUNNING) steps on the cluster before this launch.</summary>
    public int ActiveStepsBefore { get; init; }
    /// <summary>How many steps this launch was allowed to add.</summary>
    public int StepBudget { get; init; }
    public IReadOnlyList<PlannedStep> Steps { get; init; } = [];
    public IReadOnlyList<SkippedDate> Skipped { get; init; } = [];
    public IReadOnlyList<DeferredChunk> Deferred { get; init; } = [];
    public IReadOnlyList<FailedSubmission> Failures { get; init; } = [];
    /// <summary>Whether the launch was asked to re-run completed dates (<see cref="LaunchRequest.Rerun"/>).</summary>
    public bool Rerun { get; init; }
    /// <summary>Dates of <see cref="Steps"/> that had completed (SUCCEEDED/PARTIAL) and are re-run; empty without <see cref="Rerun"/>.</summary>
    public IReadOnlyList<RerunDate> Reruns { get; init; } = [];

    /// <summary>Dates covered by the submitted (or planned) steps.</summary>
    public int DatesSubmitted => Steps.Sum(s => s.Range.Days);

    /// <summary>Dates of the submitted (or planned) steps that had completed before (re-run).</summary>
    public int DatesRerun => Reruns.Count;
}
