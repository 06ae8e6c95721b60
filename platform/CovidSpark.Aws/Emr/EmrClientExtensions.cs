using CovidSpark.Aws.Emr.Model;

namespace CovidSpark.Aws.Emr;

/// <summary>Paging helpers over <see cref="IEmrClient"/>.</summary>
public static class EmrClientExtensions
{
    /// <summary>All clusters in the given states, following <c>Marker</c> pages.</summary>
    public static async Task<IReadOnlyList<ClusterSummary>> ListAllClustersAsync(this IEmrClient emr, IReadOnlyList<string> states, CancellationToken ct = default)
    {
        var all = new List<ClusterSummary>();
        string? marker = null;
        do
        {
            var page = await emr.ListClustersAsync(new ListClustersRequest(states, marker), ct).ConfigureAwait(false);
            all.AddRange(page.Clusters ?? []);
            marker = page.Marker;
        } while (!string.IsNullOrEmpty(marker));
        return all;
    }

    /// <summary>All steps of a cluster in the given states (all states when null), following <c>Marker</c> pages.</summary>
    public static async Task<IReadOnlyList<StepSummary>> ListAllStepsAsync(this IEmrClient emr, string clusterId, IReadOnlyList<string>? states = null, CancellationToken ct = default)
    {
        var all = new List<StepSummary>();
        string? marker = null;
        do
        {
            var page = await emr.ListStepsAsync(new ListStepsRequest(clusterId, states, null, marker), ct).ConfigureAwait(false);
            all.AddRange(page.Steps ?? []);
            marker = page.Marker;
        } while (!string.IsNullOrEmpty(marker));
        return all;
    }
}
