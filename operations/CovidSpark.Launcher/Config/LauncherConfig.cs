using CovidSpark.Aws;
using CovidSpark.Aws.Emr.Model;

namespace CovidSpark.Launcher.Config;

/// <summary>Backfill chunking and limits.</summary>
/// <param name="ChunkDays">Dates per step; null = one calendar month per step.</param>
/// <param name="MaxActiveSteps">Active-step budget per cluster (EMR allows 256).</param>
/// <param name="MaxRangeDays">Longest range one launch accepts.</param>
public sealed record BackfillPolicy(int? ChunkDays = null, int MaxActiveSteps = 256, int MaxRangeDays = 1100);

/// <summary>The validated cluster definition: name, mode and the RunJobFlow request (bucket already substituted).</summary>
public sealed record ClusterDefinition(string Name, ClusterMode Mode, RunJobFlowRequest Template)
{
    /// <summary>Tag set on clusters the launcher creates and looked for when choosing one to reuse.</summary>
    public const string ClusterTag = "covidspark:cluster";
}

/// <summary>
/// emr-config.json after validation: everything present, defaults applied, placeholders checked. Immutable.
/// </summary>
public sealed record LauncherConfig(
    string SourceFile,
    string Bucket,
    string LedgerTable,
    ClusterDefinition Cluster,
    BackfillPolicy Backfill,
    IReadOnlyDictionary<string, StepTemplate> Jobs,
    IReadOnlyList<string> ScheduledJobs)
{
    /// <summary>The step template of <paramref name="job"/>.</summary>
    /// <exception cref="UnknownJobException">No such job in the configuration.</exception>
    public StepTemplate Job(string job) =>
        Jobs.TryGetValue(job, out var t) ? t : throw new UnknownJobException(job, Jobs.Keys.Order(StringComparer.Ordinal).ToList());

    /// <summary>The same configuration for another cluster name (name, find-by tag and RunJobFlow name all follow).</summary>
    /// <exception cref="ArgumentException">The name is empty or longer than 256 characters.</exception>
    public LauncherConfig WithClusterName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 256) throw new ArgumentException($"cluster name '{name}' must be 1-256 characters", nameof(name));
        var tags = (Cluster.Template.Tags ?? []).Where(t => t.Key != ClusterDefinition.ClusterTag).Append(new EmrTag(ClusterDefinition.ClusterTag, name)).ToList();
        return this with { Cluster = Cluster with { Name = name, Template = Cluster.Template with { Name = name, Tags = tags } } };
    }
}

/// <summary>A job name that emr-config.json does not define.</summary>
public sealed class UnknownJobException(string job, IReadOnlyList<string> known)
    : CovidSparkOperationsException($"job '{job}' is not defined in emr-config.json; known jobs: {string.Join(", ", known)}")
{
    /// <inheritdoc/>
    public override bool IsUsageError => true;

    public string Job { get; } = job;
    public IReadOnlyList<string> KnownJobs { get; } = known;
}
