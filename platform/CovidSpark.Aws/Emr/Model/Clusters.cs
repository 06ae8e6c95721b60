namespace CovidSpark.Aws.Emr.Model;

/// <summary>EMR cluster states (<c>ClusterState</c>).</summary>
public static class ClusterStates
{
    public const string Starting = "STARTING", Bootstrapping = "BOOTSTRAPPING", Running = "RUNNING", Waiting = "WAITING",
        Terminating = "TERMINATING", Terminated = "TERMINATED", TerminatedWithErrors = "TERMINATED_WITH_ERRORS";

    /// <summary>States in which a cluster accepts and runs steps.</summary>
    public static IReadOnlyList<string> Active { get; } = [Starting, Bootstrapping, Running, Waiting];
}

/// <summary>A cluster's state and why it is in it.</summary>
public sealed record ClusterStatus(string State, StateChangeReason? StateChangeReason = null, Timeline? Timeline = null);

/// <summary>One entry of <c>ListClusters</c>.</summary>
public sealed record ClusterSummary(string Id, string Name, ClusterStatus Status, string? ClusterArn = null);

/// <summary><c>ListClusters</c> request: filter by state, page with <see cref="Marker"/>.</summary>
public sealed record ListClustersRequest(IReadOnlyList<string>? ClusterStates = null, string? Marker = null);

/// <summary><c>ListClusters</c> answer; <see cref="Marker"/> is set while more pages exist.</summary>
public sealed record ListClustersResponse(IReadOnlyList<ClusterSummary>? Clusters = null, string? Marker = null);

/// <summary><c>DescribeCluster</c> request.</summary>
public sealed record DescribeClusterRequest(string ClusterId);

/// <summary>Cluster details the launcher needs.</summary>
public sealed record ClusterDetail
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required ClusterStatus Status { get; init; }
    public string? ReleaseLabel { get; init; }
    public string? LogUri { get; init; }
    public bool? AutoTerminate { get; init; }
    public int? StepConcurrencyLevel { get; init; }
    public IReadOnlyList<EmrTag>? Tags { get; init; }
    public string? ClusterArn { get; init; }
}

/// <summary><c>DescribeCluster</c> answer.</summary>
public sealed record DescribeClusterResponse(ClusterDetail Cluster);
