using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Launch;

/// <summary>Launcher behaviour that is not part of emr-config.json.</summary>
/// <param name="ClaimGrace">A SUBMITTED item without a step id older than this is an abandoned claim (the launcher died between claim and submission) and may be replaced.</param>
/// <param name="MaxStepsPerCall">Steps per AddJobFlowSteps call.</param>
public sealed record LauncherOptions(TimeSpan ClaimGrace, int MaxStepsPerCall = 256)
{
    /// <summary>How long a cluster-creation lease lives (a launcher that died holding it blocks no one for longer).</summary>
    public TimeSpan ClusterLeaseTtl { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a launch waits for another launch's new cluster before creating one itself.</summary>
    public TimeSpan ClusterLeaseWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Pause between looks for that cluster.</summary>
    public TimeSpan ClusterLeasePoll { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A RUNNING item without a step and without a heartbeat lease (a run by a jobs binary that predates leases) counts as
    /// abandoned this long after it started.
    /// </summary>
    public TimeSpan UnleasedRunGrace { get; init; } = JobRecord.DefaultUnleasedRunGrace;

    /// <summary>When an active item still without a step counts as an abandoned claim: <see cref="ClaimGrace"/> after it was submitted.</summary>
    public DateTimeOffset ClaimExpiry(JobRecord record) => (record.SubmittedAt ?? record.UpdatedAt ?? DateTimeOffset.MinValue) + ClaimGrace;

    /// <summary>When a RUNNING item without a step counts as an abandoned run: its heartbeat lease, else <see cref="UnleasedRunGrace"/> after it started.</summary>
    public DateTimeOffset RunExpiry(JobRecord record) => record.RunExpiry(UnleasedRunGrace);

    /// <summary>Fault injection at the points of the submit sequence (null: none).</summary>
    public ISubmitFaults? Faults { get; init; }

    /// <summary>10 minutes of grace, up to 256 steps per call.</summary>
    public static LauncherOptions Default { get; } = new(TimeSpan.FromMinutes(10));
}
