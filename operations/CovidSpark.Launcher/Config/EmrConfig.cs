using System.Text.Json;
using System.Text.Json.Serialization;

namespace CovidSpark.Launcher.Config;

/// <summary>
/// The contents of <c>emr-config.json</c>: the cluster the launcher finds or creates, how backfills are chunked, and one
/// step template per job. Load it with <see cref="EmrConfigLoader"/>, which validates everything and reports every problem at once.
/// </summary>
public sealed record EmrConfig
{
    /// <summary>S3 bucket substituted for <c>{bucket}</c> in paths and step arguments.</summary>
    public string? Bucket { get; init; }

    /// <summary>Ledger table substituted for <c>{ledgerTable}</c>; default <c>covidspark-jobs</c>.</summary>
    public string? LedgerTable { get; init; }

    public ClusterConfig? Cluster { get; init; }

    public BackfillConfig? Backfill { get; init; }

    /// <summary>Step templates by job name (<c>pipeline</c>, <c>etl</c>, <c>stats</c>, <c>cluster</c>).</summary>
    public Dictionary<string, JobTemplate>? Jobs { get; init; }

    /// <summary>Jobs the daily schedule launches (default: every job).</summary>
    public List<string>? ScheduledJobs { get; init; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>How the launcher treats clusters.</summary>
public enum ClusterMode
{
    /// <summary>Use the active cluster with the configured name/tag; create a long-lived one (idle auto-termination) when none is up.</summary>
    Reuse,
    /// <summary>Start a new cluster per launch that runs the submitted steps and terminates.</summary>
    Transient,
}

/// <summary>The EMR cluster definition.</summary>
public sealed record ClusterConfig
{
    /// <summary>Cluster name; also how the active cluster is found (with the <c>covidspark:cluster</c> tag).</summary>
    public string? Name { get; init; }

    /// <summary><c>reuse</c> (default) or <c>transient</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>e.g. <c>emr-7.5.0</c>.</summary>
    public string? ReleaseLabel { get; init; }

    public List<string>? Applications { get; init; }

    /// <summary>Where EMR writes logs, <c>s3://…</c>.</summary>
    public string? LogUri { get; init; }

    public string? ServiceRole { get; init; }

    public string? JobFlowRole { get; init; }

    public string? Ec2SubnetId { get; init; }

    public string? Ec2KeyName { get; init; }

    /// <summary>Seconds of idleness before EMR terminates the cluster (60–604800).</summary>
    public long? AutoTerminationIdleTimeoutSeconds { get; init; }

    /// <summary>How many steps run at the same time (1–256).</summary>
    public int? StepConcurrencyLevel { get; init; }

    public List<InstanceGroupTemplate>? InstanceGroups { get; init; }

    public List<InstanceFleetTemplate>? InstanceFleets { get; init; }

    public List<ConfigurationTemplate>? Configurations { get; init; }

    public List<BootstrapActionTemplate>? BootstrapActions { get; init; }

    public Dictionary<string, string>? Tags { get; init; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>An instance group.</summary>
public sealed record InstanceGroupTemplate
{
    /// <summary>MASTER, CORE or TASK.</summary>
    public string? Role { get; init; }
    public string? InstanceType { get; init; }
    public int? Count { get; init; }
    /// <summary>ON_DEMAND (default) or SPOT.</summary>
    public string? Market { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>An instance fleet.</summary>
public sealed record InstanceFleetTemplate
{
    /// <summary>MASTER, CORE or TASK.</summary>
    public string? Type { get; init; }
    public List<string>? InstanceTypes { get; init; }
    public int? OnDemandCapacity { get; init; }
    public int? SpotCapacity { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>A configuration classification such as <c>spark-defaults</c>.</summary>
public sealed record ConfigurationTemplate
{
    public string? Classification { get; init; }
    public Dictionary<string, string>? Properties { get; init; }
    public List<ConfigurationTemplate>? Configurations { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>A bootstrap action.</summary>
public sealed record BootstrapActionTemplate
{
    public string? Name { get; init; }
    /// <summary>Script location, <c>s3://…</c>.</summary>
    public string? Path { get; init; }
    public List<string>? Args { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>How backfills are cut into steps.</summary>
public sealed record BackfillConfig
{
    /// <summary>Dates per step; null or 0 = one calendar month per step.</summary>
    public int? ChunkDays { get; init; }
    /// <summary>EMR's limit of active (pending + running) steps per cluster; at most 256.</summary>
    public int? MaxActiveSteps { get; init; }
    /// <summary>Longest range one launch accepts, in days (default 1100).</summary>
    public int? MaxRangeDays { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>The step a job runs, with placeholders <c>{date}</c>, <c>{from}</c>, <c>{to}</c>, <c>{bucket}</c>, <c>{ledgerTable}</c>, <c>{job}</c>.</summary>
public sealed record JobTemplate
{
    /// <summary>Default <c>command-runner.jar</c>.</summary>
    public string? Jar { get; init; }
    /// <summary>Argument array passed verbatim to the jar; placeholders are replaced inside single arguments, never joined into a shell string.</summary>
    public List<string>? Args { get; init; }
    /// <summary>CONTINUE (default), CANCEL_AND_WAIT or TERMINATE_CLUSTER.</summary>
    public string? ActionOnFailure { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; set; }
}
