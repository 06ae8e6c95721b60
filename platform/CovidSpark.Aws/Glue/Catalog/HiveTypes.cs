using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CovidSpark.Aws.Glue.Catalog;

/// <summary>
/// Spark type names (as Delta's <c>schemaString</c> writes them) to the Hive type strings Glue columns carry, which Athena and
/// Spark's Hive client read: <c>long</c> → <c>bigint</c>, <c>integer</c> → <c>int</c>, nested types as <c>array&lt;…&gt;</c>,
/// <c>map&lt;…,…&gt;</c>, <c>struct&lt;name:type,…&gt;</c>.
/// </summary>
public static class HiveTypes
{
    private static readonly Dictionary<string, string> Primitives = new(StringComparer.Ordinal)
    {
        ["string"] = "string", ["long"] = "bigint", ["integer"] = "int", ["short"] = "smallint", ["byte"] = "tinyint",
        ["float"] = "float", ["double"] = "double", ["boolean"] = "boolean", ["binary"] = "binary", ["date"] = "date",
        ["timestamp"] = "timestamp", ["timestamp_ntz"] = "timestamp",
    };

    /// <summary>The Hive type of a Spark type; <see cref="LakeCatalogException"/> for a type Hive has no name for.</summary>
    /// <param name="sparkType">A primitive name, <c>decimal(p,s)</c>, <c>char(n)</c>/<c>varchar(n)</c>, or the Spark-JSON of a nested type.</param>
    /// <param name="where">Names the column in errors (<c>trusted/daily_region.confirmed</c>).</param>
    public static string FromSpark(string sparkType, string where)
    {
        var text = sparkType.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                return FromNode(JsonNode.Parse(text), where);
            }
            catch (JsonException e)
            {
                throw new LakeCatalogException($"{where}: unreadable nested type {text}: {e.Message}");
            }
        }
        return FromName(text, where);
    }

    private static string FromName(string name, string where)
    {
        if (Primitives.TryGetValue(name, out var hive)) return hive;
        if (name.StartsWith("decimal(", StringComparison.Ordinal) || name.StartsWith("char(", StringComparison.Ordinal)
            || name.StartsWith("varchar(", StringComparison.Ordinal))
            return name.Replace(" ", "", StringComparison.Ordinal);
        if (name == "decimal") return "decimal(10,0)";
        throw new LakeCatalogException($"{where}: Spark type '{name}' has no Hive/Athena equivalent");
    }

    private static string FromNode(JsonNode? node, string where)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var name)) return FromName(name, where);
        if (node is not JsonObject o || o["type"]?.GetValue<string>() is not { } kind)
            throw new LakeCatalogException($"{where}: unreadable type {node?.ToJsonString()}");
        switch (kind)
        {
            case "array":
                return $"array<{FromNode(o["elementType"], where)}>";
            case "map":
                return $"map<{FromNode(o["keyType"], where)},{FromNode(o["valueType"], where)}>";
            case "struct":
                var sb = new StringBuilder("struct<");
                var first = true;
                foreach (var f in (o["fields"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (!first) sb.Append(',');
                    first = false;
                    var field = f["name"]?.GetValue<string>() ?? "";
                    sb.Append(field).Append(':').Append(FromNode(f["type"], $"{where}.{field}"));
                }
                return sb.Append('>').ToString();
            default:
                throw new LakeCatalogException($"{where}: Spark type '{kind}' has no Hive/Athena equivalent");
        }
    }
}
