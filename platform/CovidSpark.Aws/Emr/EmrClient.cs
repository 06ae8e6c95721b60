using CovidSpark.Aws.Emr.Model;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Aws.Emr;

/// <summary><see cref="IEmrClient"/> over <see cref="AwsJsonClient"/> (JSON 1.1, <c>X-Amz-Target: ElasticMapReduce.&lt;Op&gt;</c>).</summary>
public sealed class EmrClient : AwsJsonServiceClient, IEmrClient
{
    private static readonly EmrJsonContext Json = EmrJsonContext.Default;

    /// <summary>Creates the JSON client for EMR from options (region, endpoint, credentials).</summary>
    public EmrClient(HttpClient http, AwsClientOptions? options = null, ILogger? logger = null)
        : base(AwsServiceDescriptor.Emr, http, options, logger) { }

    public Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("ListClusters", request, Json.ListClustersRequest, Json.ListClustersResponse, cancellationToken);

    public Task<DescribeClusterResponse> DescribeClusterAsync(DescribeClusterRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("DescribeCluster", request, Json.DescribeClusterRequest, Json.DescribeClusterResponse, cancellationToken);

    public Task<RunJobFlowResponse> RunJobFlowAsync(RunJobFlowRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("RunJobFlow", request, Json.RunJobFlowRequest, Json.RunJobFlowResponse, cancellationToken, idempotent: false);

    public Task<AddJobFlowStepsResponse> AddJobFlowStepsAsync(AddJobFlowStepsRequest request, CancellationToken cancellationToken = default) =>
        // Not retried when it may have been carried out: a second call would add the steps twice (the launcher looks the steps up
        // by their submit token instead).
        SendAsync("AddJobFlowSteps", request, Json.AddJobFlowStepsRequest, Json.AddJobFlowStepsResponse, cancellationToken, idempotent: false);

    public Task<ListStepsResponse> ListStepsAsync(ListStepsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("ListSteps", request, Json.ListStepsRequest, Json.ListStepsResponse, cancellationToken);

    public Task<DescribeStepResponse> DescribeStepAsync(DescribeStepRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("DescribeStep", request, Json.DescribeStepRequest, Json.DescribeStepResponse, cancellationToken);

    public Task<CancelStepsResponse> CancelStepsAsync(CancelStepsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync("CancelSteps", request, Json.CancelStepsRequest, Json.CancelStepsResponse, cancellationToken);
}
