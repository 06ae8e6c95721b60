using System.Text.Json.Serialization;

namespace CovidSpark.Notifier.Events;

/// <summary>
/// One DynamoDB attribute value in the JSON shape used by DynamoDB Streams records and by the Lambda
/// DynamoDB Streams event: exactly one of the type keys (<c>S</c>, <c>N</c>, <c>BOOL</c>, <c>M</c>, …) is set.
/// This is the wire shape, not the AWSSDK model type; <see cref="Transitions.JobImageMapper"/> turns images into domain records.
/// </summary>
public sealed class StreamAttributeValue
{
    /// <summary>String value.</summary>
    [JsonPropertyName("S")] public string? S { get; init; }

    /// <summary>Number value, as DynamoDB sends it: a decimal string.</summary>
    [JsonPropertyName("N")] public string? N { get; init; }

    /// <summary>Binary value, base64.</summary>
    [JsonPropertyName("B")] public string? B { get; init; }

    /// <summary>Boolean value.</summary>
    [JsonPropertyName("BOOL")] public bool? Bool { get; init; }

    /// <summary><c>true</c> when the attribute is an explicit NULL.</summary>
    [JsonPropertyName("NULL")] public bool? Null { get; init; }

    /// <summary>Map value.</summary>
    [JsonPropertyName("M")] public Dictionary<string, StreamAttributeValue>? M { get; init; }

    /// <summary>List value.</summary>
    [JsonPropertyName("L")] public List<StreamAttributeValue>? L { get; init; }

    /// <summary>String set.</summary>
    [JsonPropertyName("SS")] public List<string>? SS { get; init; }

    /// <summary>Number set (decimal strings).</summary>
    [JsonPropertyName("NS")] public List<string>? NS { get; init; }

    /// <summary>Binary set (base64).</summary>
    [JsonPropertyName("BS")] public List<string>? BS { get; init; }

    /// <summary>Creates a string attribute.</summary>
    public static StreamAttributeValue FromString(string value) => new() { S = value };

    /// <summary>Creates a number attribute.</summary>
    public static StreamAttributeValue FromNumber(long value) =>
        new() { N = value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
