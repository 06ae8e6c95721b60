using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CovidSpark.Aws.Json;

/// <summary>AWS JSON-protocol timestamps: epoch seconds as a number (fractions allowed); ISO-8601 strings are accepted too.</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000)),
            JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000)),
            JsonTokenType.String => DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new JsonException($"expected an epoch-seconds timestamp, found {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000.0);
}
