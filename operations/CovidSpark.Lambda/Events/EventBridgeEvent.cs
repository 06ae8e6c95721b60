using System.Text.Json.Serialization;

namespace CovidSpark.Lambda.Events;

/// <summary>The EventBridge envelope (documented fields), with a typed <see cref="Detail"/> per <c>detail-type</c>.</summary>
/// <typeparam name="TDetail">The detail record of the event type.</typeparam>
public sealed record EventBridgeEvent<TDetail>
{
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("detail-type")] public string? DetailType { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("account")] public string? Account { get; init; }
    [JsonPropertyName("time")] public DateTimeOffset? Time { get; init; }
    [JsonPropertyName("region")] public string? Region { get; init; }
    [JsonPropertyName("resources")] public IReadOnlyList<string>? Resources { get; init; }
    [JsonPropertyName("detail")] public TDetail? Detail { get; init; }
}

/// <summary>The (empty) detail of a <c>Scheduled Event</c> from an EventBridge schedule rule.</summary>
public sealed record ScheduledEventDetail;

/// <summary>Detail of an <c>EMR Step Status Change</c> event (source <c>aws.emr</c>).</summary>
public sealed record EmrStepStatusDetail
{
    [JsonPropertyName("severity")] public string? Severity { get; init; }
    [JsonPropertyName("actionOnFailure")] public string? ActionOnFailure { get; init; }
    [JsonPropertyName("stepId")] public string? StepId { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("clusterId")] public string? ClusterId { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}

/// <summary>Known <c>detail-type</c> values.</summary>
public static class DetailTypes
{
    public const string Scheduled = "Scheduled Event";
    public const string EmrStepStatusChange = "EMR Step Status Change";
}
