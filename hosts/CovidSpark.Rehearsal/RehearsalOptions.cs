namespace CovidSpark.Rehearsal;

/// <summary>What <see cref="RehearsalRunner"/> rehearses and where.</summary>
/// <param name="From">First data date. The first date is launched as the daily schedule would; the rest as one backfill chunk.</param>
/// <param name="To">Last data date (inclusive).</param>
/// <param name="ConfigPath">The emr-config.json whose step templates are rehearsed.</param>
public sealed record RehearsalOptions(DateOnly From, DateOnly To, string ConfigPath)
{
    /// <summary>A moto_server already running; null starts one on 127.0.0.1 and a free port.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>
    /// After the launches, rehearse a JHU re-issue: the first date's report changes (one count), that date is launched again with
    /// <c>--rerun</c> (attempt 2), and its chat message must name the later dates to refresh with the command that does it.
    /// Needs at least two dates.
    /// </summary>
    public bool Reissue { get; init; }

    /// <summary>Leave the moto_server started by the rehearsal running, and keep the work folder (lake, step logs); a failed rehearsal always keeps the folder.</summary>
    public bool Keep { get; init; }

    /// <summary>Region used for every local AWS call.</summary>
    public string Region { get; init; } = CovidSpark.Aws.AwsSettingsResolver.EmulatorRegion;

    /// <summary>covidspark-jobs.dll the local step runner executes; null finds the build output (see <see cref="Hosting.LocalFiles.JobsDll"/>).</summary>
    public string? JobsDll { get; init; }

    /// <summary>The sample data folder (jhu/, owid/) uploaded to the local S3; null finds <c>data/sample</c>.</summary>
    public string? SampleRoot { get; init; }

    /// <summary>Folder for the local lake and step logs; null creates one under the temp folder.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>
    /// Run each function with credentials holding exactly its role's policy from the template, with moto's IAM enforcement on and
    /// every call recorded and checked against the role (default on). Switches the enforcement of the moto_server on for the run.
    /// </summary>
    public bool RehearseIam { get; init; } = true;

    /// <summary>The CloudFormation template whose roles are rehearsed; null finds <c>deploy/template.yaml</c>.</summary>
    public string? TemplatePath { get; init; }

    /// <summary>Longest a single step may run before it is stopped and recorded FAILED.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
