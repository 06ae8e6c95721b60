using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CovidSpark.Delta.Log;

/// <summary>The <c>_delta_log/_last_checkpoint</c> hint: where the newest checkpoint is, so a reader lists from there.</summary>
internal sealed record LastCheckpoint(long Version, long Size, int? Parts, long? SizeInBytes, long? NumOfAddFiles)
{
    /// <summary>Parses the hint; null when it is empty or not the JSON the protocol describes (the reader then lists the whole log).</summary>
    public static LastCheckpoint? TryParse(byte[]? content)
    {
        if (content is null || content.Length == 0) return null;
        try
        {
            if (JsonNode.Parse(content) is not JsonObject o || o["version"] is not JsonValue v) return null;
            return new LastCheckpoint(v.GetValue<long>(), o["size"]?.GetValue<long>() ?? 0, o["parts"]?.GetValue<int>(),
                o["sizeInBytes"]?.GetValue<long>(), o["numOfAddFiles"]?.GetValue<long>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public byte[] ToJson()
    {
        var o = new JsonObject { ["version"] = Version, ["size"] = Size };
        if (Parts is { } parts) o["parts"] = parts;
        if (SizeInBytes is { } bytes) o["sizeInBytes"] = bytes;
        if (NumOfAddFiles is { } adds) o["numOfAddFiles"] = adds;
        return Encoding.UTF8.GetBytes(o.ToJsonString());
    }
}
