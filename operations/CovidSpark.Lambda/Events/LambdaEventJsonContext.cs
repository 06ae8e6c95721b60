using System.Text.Json.Serialization;

namespace CovidSpark.Lambda.Events;

/// <summary>Source-generated (trim/AOT-safe) JSON metadata for the events the functions accept.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventBridgeEvent<ScheduledEventDetail>))]
[JsonSerializable(typeof(EventBridgeEvent<EmrStepStatusDetail>))]
[JsonSerializable(typeof(BackfillPayload))]
public sealed partial class LambdaEventJsonContext : JsonSerializerContext;
