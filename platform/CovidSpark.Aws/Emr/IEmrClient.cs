using CovidSpark.Aws.Emr.Model;

namespace CovidSpark.Aws.Emr;

/// <summary>The Amazon EMR operations the launcher uses. Every call throws <see cref="AwsException"/> subclasses on failure.</summary>
public interface IEmrClient
{
    /// <summary>One page of clusters, optionally filtered by state.</summary>
    Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default);

    /// <summary>Details (including tags) of one cluster.</summary>
    Task<DescribeClusterResponse> DescribeClusterAsync(DescribeClusterRequest request, CancellationToken cancellationToken = default);

    /// <summary>Starts a cluster.</summary>
    Task<RunJobFlowResponse> RunJobFlowAsync(RunJobFlowRequest request, CancellationToken cancellationToken = default);

    /// <summary>Submits steps to a running cluster.</summary>
    Task<AddJobFlowStepsResponse> AddJobFlowStepsAsync(AddJobFlowStepsRequest request, CancellationToken cancellationToken = default);

    /// <summary>One page of a cluster's steps, newest first.</summary>
    Task<ListStepsResponse> ListStepsAsync(ListStepsRequest request, CancellationToken cancellationToken = default);

    /// <summary>One step's state.</summary>
    Task<DescribeStepResponse> DescribeStepAsync(DescribeStepRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels pending (or, with SEND_INTERRUPT, running) steps.</summary>
    Task<CancelStepsResponse> CancelStepsAsync(CancelStepsRequest request, CancellationToken cancellationToken = default);
}
