namespace CovidSpark.Launcher.Launch;

/// <summary>Launcher behaviour that is not part of emr-config.json.</summary>
/// <param name="ClaimGrace">A SUBMITTED item without a step id older than this is an abandoned claim (the launcher died between claim and submission) and may be replaced.</param>
/// <param name="MaxStepsPerCall">Steps per AddJobFlowSteps call.</param>
public sealed record LauncherOptions(TimeSpan ClaimGrace, int MaxStepsPerCall = 256)
{
    /// <summary>10 minutes of grace, up to 256 steps per call.</summary>
    public static LauncherOptions Default { get; } = new(TimeSpan.FromMinutes(10));
}
