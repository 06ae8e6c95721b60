using System.Collections;
using System.Text.Json.Nodes;
using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Storage;
using Parquet.Serialization;

namespace CovidSpark.Delta.Log;

/// <summary>
/// Reads a checkpoint of any kind — classic single file, multi-part, or v2 (a JSON or Parquet top-level file whose
/// <c>sidecar</c> actions name Parquet files under <c>_delta_log/_sidecars</c>) — into actions. Parquet rows are turned
/// into the JSON shape of commit lines and parsed by <see cref="ActionJson"/>.
/// </summary>
internal static class CheckpointReader
{
    public static async Task<List<DeltaAction>> ReadAsync(IDeltaStore store, IReadOnlyList<LogFile> parts, CancellationToken ct)
    {
        var actions = new List<DeltaAction>();
        foreach (var part in parts)
        {
            var path = $"{LogFileNames.LogDirectory}/{part.Name}";
            var partActions = part.Name.EndsWith(".json", StringComparison.Ordinal)
                ? ActionJson.ParseCommit(await ReadRequiredAsync(store, path, ct).ConfigureAwait(false), path).ToList()
                : await ReadParquetAsync(store, path, ct).ConfigureAwait(false);
            foreach (var action in partActions)
            {
                if (action is OtherAction { Kind: "sidecar" } sidecar)
                {
                    var sidecarPath = sidecar.Body["path"]?.ToString() ?? throw new DeltaLogCorruptException($"{path}: a sidecar action has no path");
                    var decoded = DeltaPaths.Decode(sidecarPath);
                    var full = DeltaPaths.IsAbsolute(decoded) ? decoded : $"{LogFileNames.SidecarDirectory}/{decoded}";
                    actions.AddRange(await ReadParquetAsync(store, full, ct).ConfigureAwait(false));
                }
                else
                {
                    actions.Add(action);
                }
            }
        }
        return actions;
    }

    private static async Task<byte[]> ReadRequiredAsync(IDeltaStore store, string path, CancellationToken ct) =>
        await store.ReadAsync(path, ct).ConfigureAwait(false)
        ?? throw new DeltaLogCorruptException($"Checkpoint file {path} of {store.Location} is missing");

    private static async Task<List<DeltaAction>> ReadParquetAsync(IDeltaStore store, string path, CancellationToken ct)
    {
        var bytes = await ReadRequiredAsync(store, path, ct).ConfigureAwait(false);
        IList<Dictionary<string, object>> rows;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            rows = (await ParquetSerializer.DeserializeUntypedAsync(stream, cancellationToken: ct).ConfigureAwait(false)).Data;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw new DeltaLogCorruptException($"Checkpoint {path} of {store.Location} is not a readable Parquet file: {e.Message}", e);
        }
        var actions = new List<DeltaAction>(rows.Count);
        var row = 0;
        foreach (var record in rows)
        {
            row++;
            if (ToJson(record) is JsonObject obj && ActionJson.Parse(obj, $"{path} row {row}") is { } action) actions.Add(action);
        }
        return actions;
    }

    /// <summary>Parquet.Net's untyped values → JSON: structs are dictionaries, maps lists of key/value pairs, lists enumerables.</summary>
    private static JsonNode? ToJson(object? value)
    {
        switch (value)
        {
            case null: return null;
            case string s: return JsonValue.Create(s);
            case ReadOnlyMemory<char> m: return JsonValue.Create(m.ToString());
            case bool b: return JsonValue.Create(b);
            case int i: return JsonValue.Create(i);
            case long l: return JsonValue.Create(l);
            case short sh: return JsonValue.Create(sh);
            case sbyte sb: return JsonValue.Create(sb);
            case byte by: return JsonValue.Create(by);
            case double d: return JsonValue.Create(d);
            case float f: return JsonValue.Create(f);
            case decimal dec: return JsonValue.Create(dec);
            case DateTime dt: return JsonValue.Create(dt);
            case byte[] bytes: return JsonValue.Create(Convert.ToBase64String(bytes));
            case IDictionary<string, object?> dict:
            {
                var obj = new JsonObject();
                foreach (var (k, v) in dict) obj[k] = ToJson(v);
                return obj;
            }
            case IDictionary map:
            {
                // a Parquet MAP (Parquet.Net's ParquetMap): enumerate its entries non-generically — its generic
                // IEnumerable/ICollection views do not all expose the entries
                var obj = new JsonObject();
                foreach (DictionaryEntry entry in map) obj[KeyText(entry.Key)] = ToJson(entry.Value);
                return obj;
            }
            case IEnumerable items:
            {
                var list = new List<object?>();
                foreach (var item in items) list.Add(item);
                if (list.Count > 0 && list.All(IsKeyValuePair))
                {
                    var obj = new JsonObject();
                    foreach (var kv in list)
                    {
                        var type = kv!.GetType();
                        obj[KeyText(type.GetProperty("Key")!.GetValue(kv))] = ToJson(type.GetProperty("Value")!.GetValue(kv));
                    }
                    return obj;
                }
                return new JsonArray(list.Select(ToJson).ToArray());
            }
            default: return JsonValue.Create(value.ToString());
        }
    }

    private static bool IsKeyValuePair(object? o) =>
        o is not null && o.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>);

    private static string KeyText(object? key) => key switch
    {
        null => "",
        ReadOnlyMemory<char> m => m.ToString(),
        _ => key.ToString() ?? "",
    };
}
