using CovidSpark.Aws;

namespace CovidSpark.Notifier.Streams;

/// <summary>
/// DynamoDB Streams over the project's signed AWS JSON client (<see cref="AwsJsonClient"/> with
/// <see cref="AwsServiceDescriptor.DynamoDbStreams"/>: target prefix <c>DynamoDBStreams_20120810</c>, JSON 1.0, signed as
/// <c>dynamodb</c>); AWSSDK.DynamoDBStreams is not available. Against moto the endpoint is the moto URL itself.
/// </summary>
public sealed class DynamoDbStreamsClient : IDynamoDbStreams
{
    private readonly AwsJsonClient _client;

    /// <summary>Wraps a client built for <see cref="AwsServiceDescriptor.DynamoDbStreams"/>.</summary>
    /// <exception cref="ArgumentException">The client is for another service.</exception>
    public DynamoDbStreamsClient(AwsJsonClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        if (client.Service.TargetPrefix != AwsServiceDescriptor.DynamoDbStreams.TargetPrefix)
            throw new ArgumentException($"The client speaks {client.Service.TargetPrefix}, not DynamoDB Streams.", nameof(client));
    }

    /// <inheritdoc />
    public async Task<StreamDescription> DescribeStreamAsync(string streamArn, string? exclusiveStartShardId, CancellationToken cancellationToken)
    {
        var resp = await Call("DescribeStream", () => _client.SendAsync("DescribeStream",
            new DescribeStreamRequest { StreamArn = streamArn, ExclusiveStartShardId = exclusiveStartShardId },
            StreamsJsonContext.Default.DescribeStreamRequest, StreamsJsonContext.Default.DescribeStreamResponse, cancellationToken)).ConfigureAwait(false);
        return resp.StreamDescription ?? throw new StreamReadException("DescribeStream", false, new InvalidDataException("the answer has no StreamDescription"));
    }

    /// <inheritdoc />
    public async Task<string> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var resp = await _client.SendAsync("GetShardIterator", request,
                StreamsJsonContext.Default.GetShardIteratorRequest, StreamsJsonContext.Default.GetShardIteratorResponse, cancellationToken).ConfigureAwait(false);
            return resp.ShardIterator ?? throw new StreamReadException("GetShardIterator", false, new InvalidDataException("the answer has no ShardIterator"));
        }
        catch (AwsServiceException e) when (e.ErrorCode == "TrimmedDataAccessException")
        {
            throw new StreamTrimmedException(request.StreamArn, request.ShardId, e);
        }
        catch (AwsException e)
        {
            throw new StreamReadException("GetShardIterator", e.IsTransient, e);
        }
    }

    /// <inheritdoc />
    public async Task<GetRecordsResponse> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.SendAsync("GetRecords", new GetRecordsRequest { ShardIterator = shardIterator, Limit = limit },
                StreamsJsonContext.Default.GetRecordsRequest, StreamsJsonContext.Default.GetRecordsResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ExpiredIteratorException")
        {
            throw new ShardIteratorExpiredException(e);
        }
        catch (AwsException e)
        {
            throw new StreamReadException("GetRecords", e.IsTransient, e);
        }
    }

    private static async Task<T> Call<T>(string operation, Func<Task<T>> call)
    {
        try { return await call().ConfigureAwait(false); }
        catch (AwsException e) { throw new StreamReadException(operation, e.IsTransient, e); }
    }
}
