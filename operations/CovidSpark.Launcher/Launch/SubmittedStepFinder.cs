using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Launcher.Planning;
using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Launch;

/// <summary>A step found for a claim by its submit token.</summary>
/// <param name="ClusterId">The cluster it is on.</param>
/// <param name="Step">The step (its state as ListSteps reported it).</param>
public sealed record FoundStep(string ClusterId, StepSummary Step);

/// <summary>
/// Finds the EMR step a claim submitted when the launcher died before recording its id: the step whose name carries the claim's
/// submit token and covers the item's job and date (<see cref="StepNames"/>). Looks on the item's cluster and the caller's cluster
/// first, then on every active cluster (a token is unique, so any match is the one). One finder serves one pass: each cluster's clusters and
/// steps are listed once (ListClusters, ListSteps).
/// </summary>
public sealed class SubmittedStepFinder(IEmrClient emr)
{
    private IReadOnlyList<string>? _active;
    private readonly Dictionary<string, IReadOnlyList<StepSummary>> _steps = new(StringComparer.Ordinal);

    /// <summary>The step carrying <paramref name="record"/>'s token, or null (no token, or no such step: nothing was submitted).</summary>
    /// <param name="record">A SUBMITTED/RUNNING item without a step id.</param>
    /// <param name="clusterHint">A cluster known to the caller (e.g. the launch's active cluster), searched first.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<FoundStep?> FindAsync(JobRecord record, string? clusterHint, CancellationToken ct)
    {
        if (record.SubmitToken is not { } token) return null;
        var searched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var known in new[] { record.ClusterId, clusterHint }.OfType<string>())
            if (searched.Add(known) && await FindOnAsync(known, record, token, ct).ConfigureAwait(false) is { } found) return found;
        _active ??= (await emr.ListAllClustersAsync(ClusterStates.Active, ct).ConfigureAwait(false)).Select(c => c.Id).ToList();
        foreach (var cluster in _active)
            if (searched.Add(cluster) && await FindOnAsync(cluster, record, token, ct).ConfigureAwait(false) is { } found) return found;
        return null;
    }

    private async Task<FoundStep?> FindOnAsync(string cluster, JobRecord record, string token, CancellationToken ct)
    {
        if (!_steps.TryGetValue(cluster, out var steps))
            _steps[cluster] = steps = await emr.ListAllStepsAsync(cluster, null, ct).ConfigureAwait(false);
        foreach (var step in steps)
            if (StepNames.TryParse(step.Name, out var job, out var range, out var stepToken) && stepToken == token
                && job == record.Key.Job && record.Key.DataDate >= range.From && record.Key.DataDate <= range.To)
                return new FoundStep(cluster, step);
        return null;
    }
}
