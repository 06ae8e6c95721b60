using System.Text.Json.Serialization;
using CovidSpark.Notifier.Events;

namespace CovidSpark.Notifier.Streams;

/// <summary>DynamoDB Streams <c>DescribeStream</c> request.</summary>
public sealed class DescribeStreamRequest
{
    /// <summary>The stream.</summary>
    public required string StreamArn { get; init; }

    /// <summary>Page through shards after this one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ExclusiveStartShardId { get; init; }
}

/// <summary>DynamoDB Streams <c>DescribeStream</c> answer.</summary>
public sealed class DescribeStreamResponse
{
    /// <summary>The stream and a page of its shards.</summary>
    public StreamDescription? StreamDescription { get; init; }
}

/// <summary>A stream and (a page of) its shards.</summary>
public sealed class StreamDescription
{
    /// <summary>The stream ARN.</summary>
    public string? StreamArn { get; init; }

    /// <summary>Timestamp label of the stream.</summary>
    public string? StreamLabel { get; init; }

    /// <summary>ENABLING, ENABLED, DISABLING, DISABLED.</summary>
    public string? StreamStatus { get; init; }

    /// <summary>The view type; the notifier needs NEW_AND_OLD_IMAGES.</summary>
    public string? StreamViewType { get; init; }

    /// <summary>The table.</summary>
    public string? TableName { get; init; }

    /// <summary>Shards of this page.</summary>
    public List<StreamShard> Shards { get; init; } = [];

    /// <summary>Set when more shards follow.</summary>
    public string? LastEvaluatedShardId { get; init; }
}

/// <summary>One shard of a stream.</summary>
public sealed class StreamShard
{
    /// <summary>Shard id.</summary>
    public required string ShardId { get; init; }

    /// <summary>The shard this one continues (read the parent first).</summary>
    public string? ParentShardId { get; init; }

    /// <summary>First and (for a closed shard) last sequence number.</summary>
    public SequenceNumberRange? SequenceNumberRange { get; init; }
}

/// <summary>Sequence numbers a shard covers.</summary>
public sealed class SequenceNumberRange
{
    /// <summary>First sequence number.</summary>
    public string? StartingSequenceNumber { get; init; }

    /// <summary>Last sequence number; null while the shard is open.</summary>
    public string? EndingSequenceNumber { get; init; }
}

/// <summary>DynamoDB Streams <c>GetShardIterator</c> request.</summary>
public sealed class GetShardIteratorRequest
{
    /// <summary>The stream.</summary>
    public required string StreamArn { get; init; }

    /// <summary>The shard.</summary>
    public required string ShardId { get; init; }

    /// <summary>TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER.</summary>
    public required string ShardIteratorType { get; init; }

    /// <summary>For AT_/AFTER_SEQUENCE_NUMBER.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SequenceNumber { get; init; }
}

/// <summary>DynamoDB Streams <c>GetShardIterator</c> answer.</summary>
public sealed class GetShardIteratorResponse
{
    /// <summary>The iterator (valid for 15 minutes).</summary>
    public string? ShardIterator { get; init; }
}

/// <summary>DynamoDB Streams <c>GetRecords</c> request.</summary>
public sealed class GetRecordsRequest
{
    /// <summary>The iterator.</summary>
    public required string ShardIterator { get; init; }

    /// <summary>At most this many records (1–1000).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Limit { get; init; }
}

/// <summary>DynamoDB Streams <c>GetRecords</c> answer.</summary>
public sealed class GetRecordsResponse
{
    /// <summary>The records, in order.</summary>
    public List<DynamoDbStreamRecord> Records { get; init; } = [];

    /// <summary>Where to continue; null when the shard is closed and fully read.</summary>
    public string? NextShardIterator { get; init; }
}

/// <summary>Source-generated metadata for the DynamoDB Streams wire types (PascalCase, as AWS sends them).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DescribeStreamRequest))]
[JsonSerializable(typeof(DescribeStreamResponse))]
[JsonSerializable(typeof(GetShardIteratorRequest))]
[JsonSerializable(typeof(GetShardIteratorResponse))]
[JsonSerializable(typeof(GetRecordsRequest))]
[JsonSerializable(typeof(GetRecordsResponse))]
internal sealed partial class StreamsJsonContext : JsonSerializerContext;
