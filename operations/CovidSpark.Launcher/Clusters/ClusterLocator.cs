using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Launcher.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Launcher.Clusters;

/// <summary>A cluster the launcher will submit to.</summary>
/// <param name="Id">Cluster id (<c>j-…</c>).</param>
/// <param name="Name">Cluster name.</param>
/// <param name="State">EMR cluster state when found.</param>
public sealed record ActiveCluster(string Id, string Name, string State);

/// <summary>Finds the active cluster by name and tag, creates clusters from the configuration, and counts active steps.</summary>
public sealed partial class ClusterLocator(IEmrClient emr, ILogger<ClusterLocator>? logger = null)
{
    private static readonly string[] Preference = [ClusterStates.Waiting, ClusterStates.Running, ClusterStates.Bootstrapping, ClusterStates.Starting];
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>
    /// The active cluster named <see cref="ClusterDefinition.Name"/> that also carries the tag
    /// <c>covidspark:cluster=&lt;name&gt;</c> (so a same-named cluster of someone else is never used); WAITING/RUNNING preferred.
    /// </summary>
    public async Task<ActiveCluster?> FindActiveAsync(ClusterDefinition definition, CancellationToken ct = default)
    {
        var candidates = (await emr.ListAllClustersAsync(ClusterStates.Active, ct).ConfigureAwait(false))
            .Where(c => c.Name == definition.Name)
            .OrderBy(c => Array.IndexOf(Preference, c.Status.State))
            .ThenByDescending(c => c.Status.Timeline?.CreationDateTime ?? DateTimeOffset.MinValue);
        foreach (var candidate in candidates)
        {
            var detail = (await emr.DescribeClusterAsync(new DescribeClusterRequest(candidate.Id), ct).ConfigureAwait(false)).Cluster;
            if (detail.Tags?.Any(t => t.Key == ClusterDefinition.ClusterTag && t.Value == definition.Name) == true)
            {
                LogFound(_logger, detail.Id, definition.Name, detail.Status.State);
                return new ActiveCluster(detail.Id, detail.Name, detail.Status.State);
            }
        }
        return null;
    }

    /// <summary>Starts a cluster from the configuration, optionally with steps (transient clusters run them and terminate).</summary>
    public async Task<ActiveCluster> CreateAsync(ClusterDefinition definition, IReadOnlyList<StepConfig>? steps, CancellationToken ct = default)
    {
        var request = definition.Template with { Steps = steps is { Count: > 0 } ? steps : null };
        var response = await emr.RunJobFlowAsync(request, ct).ConfigureAwait(false);
        LogCreated(_logger, response.JobFlowId, definition.Name, definition.Mode.ToString(), steps?.Count ?? 0);
        return new ActiveCluster(response.JobFlowId, definition.Name, ClusterStates.Starting);
    }

    /// <summary>PENDING + RUNNING steps of the cluster: what counts against EMR's 256 limit.</summary>
    public async Task<int> CountActiveStepsAsync(string clusterId, CancellationToken ct = default) =>
        (await emr.ListAllStepsAsync(clusterId, StepStates.Active, ct).ConfigureAwait(false)).Count;

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Reusing cluster {ClusterId} ({Name}, {State})")]
    private static partial void LogFound(ILogger logger, string clusterId, string name, string state);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Created cluster {ClusterId} ({Name}, mode {Mode}) with {Steps} initial step(s)")]
    private static partial void LogCreated(ILogger logger, string clusterId, string name, string mode, int steps);
}
