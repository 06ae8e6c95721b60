using System.Text.Json.Nodes;

namespace CovidSpark.Delta;

/// <summary>A top-level column of a table schema: its name, Spark type name (e.g. "long", "date", "decimal(10,2)") and nullability.</summary>
public sealed record DeltaField(string Name, string Type, bool Nullable = true);

/// <summary>The Spark-JSON schema string of <c>metaData.schemaString</c> (flat schemas of primitive columns).</summary>
public static class DeltaSchema
{
    /// <summary><c>{"type":"struct","fields":[{"name":…,"type":…,"nullable":…,"metadata":{}}]}</c>.</summary>
    public static string ToJson(IEnumerable<DeltaField> fields)
    {
        var array = new JsonArray();
        foreach (var f in fields)
            array.Add(new JsonObject { ["name"] = f.Name, ["type"] = f.Type, ["nullable"] = f.Nullable, ["metadata"] = new JsonObject() });
        return new JsonObject { ["type"] = "struct", ["fields"] = array }.ToJsonString();
    }

    /// <summary>The top-level fields of a schema string; nested types are given as their JSON text.</summary>
    public static IReadOnlyList<DeltaField> Parse(string schemaString)
    {
        if (JsonNode.Parse(schemaString) is not JsonObject { } root || root["fields"] is not JsonArray fields) return [];
        return fields.OfType<JsonObject>().Select(f => new DeltaField(
            f["name"]?.ToString() ?? "",
            f["type"] is JsonValue v ? v.ToString() : f["type"]?.ToJsonString() ?? "",
            f["nullable"]?.GetValue<bool>() ?? true)).ToList();
    }
}
