using System.Text.Json;

namespace CovidSpark.Lambda.Events;

/// <summary>What kind of event a payload is.</summary>
public enum EventKind
{
    Unknown,
    Scheduled,
    EmrStepStatusChange,
    Backfill,
}

/// <summary>Tells event shapes apart without deserialising them twice: EventBridge events by <c>detail-type</c>, a backfill by its <c>from</c> field.</summary>
public static class EventSniffer
{
    /// <summary>The kind of <paramref name="json"/>.</summary>
    /// <exception cref="Runtime.InvalidEventException">The payload is not a JSON object.</exception>
    public static EventKind Kind(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new Runtime.InvalidEventException($"the event is a JSON {doc.RootElement.ValueKind}, not an object");
            if (doc.RootElement.TryGetProperty("detail-type", out var type) && type.ValueKind == JsonValueKind.String)
                return type.GetString() switch
                {
                    DetailTypes.Scheduled => EventKind.Scheduled,
                    DetailTypes.EmrStepStatusChange => EventKind.EmrStepStatusChange,
                    _ => EventKind.Unknown,
                };
            return doc.RootElement.TryGetProperty("from", out _) ? EventKind.Backfill : EventKind.Unknown;
        }
        catch (JsonException e)
        {
            throw new Runtime.InvalidEventException($"the event is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Deserialises with source-generated metadata, turning JSON errors into <see cref="Runtime.InvalidEventException"/>.</summary>
    public static T Read<T>(ReadOnlyMemory<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json.Span, type) ?? throw new Runtime.InvalidEventException("the event is null");
        }
        catch (JsonException e)
        {
            throw new Runtime.InvalidEventException($"the event does not match {typeof(T).Name}: {e.Message}", e);
        }
    }
}
