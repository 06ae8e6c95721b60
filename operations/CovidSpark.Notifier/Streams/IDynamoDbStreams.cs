namespace CovidSpark.Notifier.Streams;

/// <summary>The three DynamoDB Streams reads the local poller needs.</summary>
public interface IDynamoDbStreams
{
    /// <summary>Describes a stream (one page of shards).</summary>
    Task<StreamDescription> DescribeStreamAsync(string streamArn, string? exclusiveStartShardId, CancellationToken cancellationToken);

    /// <summary>Gets an iterator into a shard.</summary>
    /// <exception cref="StreamTrimmedException">The requested sequence number is older than the stream's 24-hour retention.</exception>
    Task<string> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken);

    /// <summary>Reads a page of records.</summary>
    /// <exception cref="ShardIteratorExpiredException">The iterator is older than 15 minutes.</exception>
    Task<GetRecordsResponse> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken);
}
