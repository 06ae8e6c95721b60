using CovidSpark.Aws.Emr.Model;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Aws.Emr;

/// <summary><see cref="IEmrClient"/> over <see cref="AwsJsonClient"/> (JSON 1.1, <c>X-Amz-Target: ElasticMapReduce.&lt;Op&gt;</c>).</summary>
public sealed class EmrClient : IEmrClient
{
    private static readonly EmrJsonContext Json = EmrJsonContext.Default;
    private readonly AwsJsonClient _client;

    /// <summary>Wraps an existing JSON client; it must have been built for <see cref="AwsServiceDescriptor.Emr"/>.</summary>
    public EmrClient(AwsJsonClient client)
    {
        if (client.Service.TargetPrefix != AwsServiceDescriptor.Emr.TargetPrefix)
            throw new ArgumentException($"the JSON client speaks {client.Service.TargetPrefix}, not ElasticMapReduce", nameof(client));
        _client = client;
    }

    /// <summary>Creates the JSON client for EMR from options (region, endpoint, credentials).</summary>
    public EmrClient(HttpClient http, AwsClientOptions? options = null, ILogger? logger = null)
        : this(new AwsJsonClient(AwsServiceDescriptor.Emr, http, options, logger)) { }

    /// <summary>The endpoint calls go to.</summary>
    public Uri Endpoint => _client.Endpoint;

    public Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync("ListClusters", request, Json.ListClustersRequest, Json.ListClustersResponse, cancellationToken);

    public Task<DescribeClusterResponse> DescribeClusterAsync(DescribeClusterRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync("DescribeCluster", request, Json.DescribeClusterRequest, Json.DescribeClusterResponse, cancellationToken);

    public Task<RunJobFlowResponse> RunJobFlowAsync(RunJobFlowRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync("RunJobFlow", request, Json.RunJobFlowRequest, Json.RunJobFlowResponse, cancellationToken, idempotent: false);

    public Task<AddJobFlowStepsResponse> AddJobFlowStepsAsync(AddJobFlowStepsRequest request, CancellationToken cancellationToken = default) =>
        // Not retried when it may have been carried out: a second call would add the steps twice (the launcher looks the steps up
        // by their submit token instead).
        _client.SendAsync("AddJobFlowSteps", request, Json.AddJobFlowStepsRequest, Json.AddJobFlowStepsResponse, cancellationToken, idempotent: false);

    public Task<ListStepsResponse> ListStepsAsync(ListStepsRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync("ListSteps", request, Json.ListStepsRequest, Json.ListStepsResponse, cancellationToken);

    public Task<DescribeStepResponse> DescribeStepAsync(DescribeStepRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync("DescribeStep", request, Json.DescribeStepRequest, Json.DescribeStepResponse, cancellationToken);

    public Task<CancelStepsResponse> CancelStepsAsync(CancelStepsRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync("CancelSteps", request, Json.CancelStepsRequest, Json.CancelStepsResponse, cancellationToken);
}
