using System.Text.Json.Serialization;

namespace CovidSpark.Notifier.Events;

/// <summary>
/// The event Lambda passes to a function subscribed to a DynamoDB stream (<c>{"Records":[…]}</c>).
/// The same record shape is what DynamoDB Streams' <c>GetRecords</c> returns, so the local poller builds this event too.
/// </summary>
public sealed class DynamoDbStreamEvent
{
    /// <summary>The records of the batch, in stream order (one shard).</summary>
    [JsonPropertyName("Records")] public List<DynamoDbStreamRecord> Records { get; init; } = [];
}

/// <summary>One change of one item, as delivered by DynamoDB Streams.</summary>
public sealed class DynamoDbStreamRecord
{
    /// <summary>Unique id of the record.</summary>
    [JsonPropertyName("eventID")] public string? EventId { get; init; }

    /// <summary><c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c>.</summary>
    [JsonPropertyName("eventName")] public string? EventName { get; init; }

    /// <summary>Always <c>aws:dynamodb</c>.</summary>
    [JsonPropertyName("eventSource")] public string? EventSource { get; init; }

    /// <summary>Event format version.</summary>
    [JsonPropertyName("eventVersion")] public string? EventVersion { get; init; }

    /// <summary>Region of the table.</summary>
    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; init; }

    /// <summary>ARN of the stream (set by Lambda; absent in GetRecords output).</summary>
    [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; init; }

    /// <summary>The change itself.</summary>
    [JsonPropertyName("dynamodb")] public StreamRecordData? Dynamodb { get; init; }
}

/// <summary>Keys, images and position of one stream record.</summary>
public sealed class StreamRecordData
{
    /// <summary>When the change was made, epoch seconds.</summary>
    [JsonPropertyName("ApproximateCreationDateTime")] public double? ApproximateCreationDateTime { get; init; }

    /// <summary>The primary key of the changed item.</summary>
    [JsonPropertyName("Keys")] public Dictionary<string, StreamAttributeValue>? Keys { get; init; }

    /// <summary>The item after the change (absent for REMOVE).</summary>
    [JsonPropertyName("NewImage")] public Dictionary<string, StreamAttributeValue>? NewImage { get; init; }

    /// <summary>The item before the change (absent for INSERT).</summary>
    [JsonPropertyName("OldImage")] public Dictionary<string, StreamAttributeValue>? OldImage { get; init; }

    /// <summary>Position of the record in its shard; Lambda's partial batch response names records by it.</summary>
    [JsonPropertyName("SequenceNumber")] public string? SequenceNumber { get; init; }

    /// <summary>Size of the record.</summary>
    [JsonPropertyName("SizeBytes")] public long? SizeBytes { get; init; }

    /// <summary>The stream view type; the notifier needs <c>NEW_AND_OLD_IMAGES</c>.</summary>
    [JsonPropertyName("StreamViewType")] public string? StreamViewType { get; init; }
}
