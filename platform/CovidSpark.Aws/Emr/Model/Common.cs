using System.Text.Json.Serialization;
using CovidSpark.Aws.Json;

namespace CovidSpark.Aws.Emr.Model;

/// <summary>An EMR resource tag.</summary>
public sealed record EmrTag(string Key, string Value);

/// <summary>Why a cluster or step changed state.</summary>
public sealed record StateChangeReason(string? Code = null, string? Message = null);

/// <summary>Creation, start/ready and end times of a cluster or step.</summary>
public sealed record Timeline
{
    [JsonConverter(typeof(NullableEpochSecondsConverter))] public DateTimeOffset? CreationDateTime { get; init; }
    [JsonConverter(typeof(NullableEpochSecondsConverter))] public DateTimeOffset? StartDateTime { get; init; }
    [JsonConverter(typeof(NullableEpochSecondsConverter))] public DateTimeOffset? ReadyDateTime { get; init; }
    [JsonConverter(typeof(NullableEpochSecondsConverter))] public DateTimeOffset? EndDateTime { get; init; }
}

/// <summary>Nullable variant of <see cref="EpochSecondsConverter"/>.</summary>
public sealed class NullableEpochSecondsConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly EpochSecondsConverter Inner = new();

    public override DateTimeOffset? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.TokenType == System.Text.Json.JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(DateTimeOffset), options);

    public override void Write(System.Text.Json.Utf8JsonWriter writer, DateTimeOffset? value, System.Text.Json.JsonSerializerOptions options)
    {
        if (value is { } v) Inner.Write(writer, v, options);
        else writer.WriteNullValue();
    }
}
