using System.Text.Json.Serialization;

namespace CovidSpark.Notifier.Events;

/// <summary>
/// Lambda's partial batch response for stream sources (<c>ReportBatchItemFailures</c>):
/// Lambda retries the batch from the first listed sequence number onward. An empty list means the whole batch succeeded.
/// </summary>
public sealed class StreamsEventResponse
{
    /// <summary>The failed records; for a stream only the first one matters to Lambda.</summary>
    [JsonPropertyName("batchItemFailures")] public List<BatchItemFailure> BatchItemFailures { get; init; } = [];
}

/// <summary>One failed record of a batch.</summary>
public sealed class BatchItemFailure
{
    /// <summary>The record's <c>SequenceNumber</c>.</summary>
    [JsonPropertyName("itemIdentifier")] public string ItemIdentifier { get; init; } = "";
}
