namespace CovidSpark.Aws.Emr.Model;

/// <summary>An application to install, e.g. <c>Spark</c>.</summary>
public sealed record EmrApplication(string Name, string? Version = null);

/// <summary>A configuration classification (<c>spark-defaults</c>, <c>spark-hive-site</c>, <c>delta-defaults</c>, …).</summary>
public sealed record EmrConfiguration(string Classification, IReadOnlyDictionary<string, string>? Properties = null, IReadOnlyList<EmrConfiguration>? Configurations = null);

/// <summary>A script run on every node before applications start.</summary>
public sealed record ScriptBootstrapActionConfig(string Path, IReadOnlyList<string>? Args = null);

/// <summary>A named bootstrap action.</summary>
public sealed record BootstrapActionConfig(string Name, ScriptBootstrapActionConfig ScriptBootstrapAction);

/// <summary>One instance group (MASTER, CORE or TASK).</summary>
public sealed record InstanceGroupConfig(string InstanceRole, string InstanceType, int InstanceCount, string? Name = null, string? Market = null, string? BidPrice = null);

/// <summary>An instance type inside a fleet.</summary>
public sealed record InstanceTypeConfig(string InstanceType, int? WeightedCapacity = null, string? BidPrice = null, double? BidPriceAsPercentageOfOnDemandPrice = null);

/// <summary>One instance fleet (alternative to instance groups).</summary>
public sealed record InstanceFleetConfig(string InstanceFleetType, IReadOnlyList<InstanceTypeConfig> InstanceTypeConfigs, string? Name = null, int? TargetOnDemandCapacity = null, int? TargetSpotCapacity = null);

/// <summary>The cluster's instances and lifecycle flags.</summary>
public sealed record JobFlowInstancesConfig
{
    public IReadOnlyList<InstanceGroupConfig>? InstanceGroups { get; init; }
    public IReadOnlyList<InstanceFleetConfig>? InstanceFleets { get; init; }
    public bool KeepJobFlowAliveWhenNoSteps { get; init; } = true;
    public bool TerminationProtected { get; init; }
    public string? Ec2SubnetId { get; init; }
    public IReadOnlyList<string>? Ec2SubnetIds { get; init; }
    public string? Ec2KeyName { get; init; }
}

/// <summary>Terminate the cluster after this many idle seconds (60 – 604800).</summary>
public sealed record AutoTerminationPolicy(long IdleTimeout);

/// <summary><c>RunJobFlow</c> request: everything needed to start a cluster.</summary>
public sealed record RunJobFlowRequest
{
    public required string Name { get; init; }
    public required string ReleaseLabel { get; init; }
    public required JobFlowInstancesConfig Instances { get; init; }
    public string? LogUri { get; init; }
    public IReadOnlyList<EmrApplication>? Applications { get; init; }
    public IReadOnlyList<EmrConfiguration>? Configurations { get; init; }
    public IReadOnlyList<BootstrapActionConfig>? BootstrapActions { get; init; }
    public IReadOnlyList<StepConfig>? Steps { get; init; }
    public IReadOnlyList<EmrTag>? Tags { get; init; }
    public string? ServiceRole { get; init; }
    public string? JobFlowRole { get; init; }
    public bool? VisibleToAllUsers { get; init; }
    public AutoTerminationPolicy? AutoTerminationPolicy { get; init; }
    public int? StepConcurrencyLevel { get; init; }
}

/// <summary><c>RunJobFlow</c> answer.</summary>
public sealed record RunJobFlowResponse(string JobFlowId, string? ClusterArn = null);
