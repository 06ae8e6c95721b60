using System.Text.Json.Serialization;

namespace CovidSpark.Notifier.Events;

/// <summary>
/// Source-generated System.Text.Json metadata for the stream event and the batch response, so the Lambda
/// handler needs no reflection (trim- and Native-AOT-safe).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DynamoDbStreamEvent))]
[JsonSerializable(typeof(StreamsEventResponse))]
public sealed partial class NotifierJsonContext : JsonSerializerContext;
