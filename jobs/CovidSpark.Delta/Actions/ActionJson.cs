using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CovidSpark.Delta.Errors;

namespace CovidSpark.Delta.Actions;

/// <summary>
/// Reads and writes actions in the log's JSON form: one object per line with a single key naming the action
/// (<c>{"add":{…}}</c>). Checkpoint rows are converted to the same JSON shape first, so one parser serves both.
/// </summary>
public static class ActionJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Parses the lines of a commit file. <paramref name="source"/> names the file in errors.</summary>
    public static IReadOnlyList<DeltaAction> ParseCommit(ReadOnlySpan<byte> content, string source)
    {
        var actions = new List<DeltaAction>();
        var text = Encoding.UTF8.GetString(content);
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            JsonObject obj;
            try
            {
                obj = JsonNode.Parse(line) as JsonObject ?? throw new DeltaLogCorruptException($"{source} line {lineNo}: not a JSON object");
            }
            catch (JsonException e)
            {
                throw new DeltaLogCorruptException($"{source} line {lineNo}: not valid JSON ({e.Message})", e);
            }
            if (Parse(obj, $"{source} line {lineNo}") is { } action) actions.Add(action);
        }
        return actions;
    }

    /// <summary>One wrapped action (<c>{"kind":{…}}</c>); null when every key is null (an empty checkpoint row).</summary>
    public static DeltaAction? Parse(JsonObject wrapped, string source)
    {
        foreach (var (kind, value) in wrapped)
        {
            if (value is not JsonObject body) continue;
            try
            {
                return kind switch
                {
                    "protocol" => ParseProtocol(body),
                    "metaData" => ParseMetadata(body),
                    "add" => ParseAdd(body),
                    "remove" => ParseRemove(body),
                    "txn" => new TxnAction(Str(body, "appId")!, Long(body, "version") ?? throw Missing("version"), Long(body, "lastUpdated")),
                    "commitInfo" => new CommitInfoAction(body),
                    _ => new OtherAction(kind, body),
                };
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException)
            {
                throw new DeltaLogCorruptException($"{source}: malformed '{kind}' action ({e.Message})", e);
            }
        }
        return null;
    }

    private static InvalidOperationException Missing(string field) => new($"required field '{field}' is missing");

    private static ProtocolAction ParseProtocol(JsonObject b) => new(
        Int(b, "minReaderVersion") ?? throw Missing("minReaderVersion"),
        Int(b, "minWriterVersion") ?? throw Missing("minWriterVersion"),
        StrList(b, "readerFeatures"),
        StrList(b, "writerFeatures"));

    private static MetadataAction ParseMetadata(JsonObject b) => new(
        Str(b, "id") ?? throw Missing("id"),
        Str(b, "schemaString") ?? """{"type":"struct","fields":[]}""", // Spark test tables omit it for an empty schema
        StrList(b, "partitionColumns") ?? [],
        StrMap(b, "configuration") ?? new Dictionary<string, string>(),
        Long(b, "createdTime"),
        Str(b, "name"),
        Str(b, "description"),
        b["format"] is JsonObject f ? Str(f, "provider") ?? "parquet" : "parquet");

    private static AddFile ParseAdd(JsonObject b) => new(
        Str(b, "path") ?? throw Missing("path"),
        NullableStrMap(b, "partitionValues") ?? new Dictionary<string, string?>(),
        Long(b, "size") ?? throw Missing("size"),
        Long(b, "modificationTime") ?? 0,
        Bool(b, "dataChange") ?? true,
        Str(b, "stats"),
        StrMap(b, "tags"),
        b["deletionVector"] as JsonObject);

    private static RemoveFile ParseRemove(JsonObject b) => new(
        Str(b, "path") ?? throw Missing("path"),
        Long(b, "deletionTimestamp"),
        Bool(b, "dataChange") ?? true,
        Bool(b, "extendedFileMetadata"),
        NullableStrMap(b, "partitionValues"),
        Long(b, "size"),
        b["deletionVector"] as JsonObject);

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v ? v.ToString() : null;
    private static long? Long(JsonObject o, string key) => o[key] is JsonValue v ? v.GetValue<long>() : null;
    private static int? Int(JsonObject o, string key) => o[key] is JsonValue v ? v.GetValue<int>() : null;
    private static bool? Bool(JsonObject o, string key) => o[key] is JsonValue v ? v.GetValue<bool>() : null;

    private static IReadOnlyList<string>? StrList(JsonObject o, string key) =>
        o[key] is JsonArray a ? a.Select(n => n?.ToString() ?? "").ToList() : null;

    private static IReadOnlyDictionary<string, string>? StrMap(JsonObject o, string key) =>
        o[key] is JsonObject m ? m.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.Ordinal) : null;

    private static IReadOnlyDictionary<string, string?>? NullableStrMap(JsonObject o, string key) =>
        o[key] is JsonObject m ? m.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString(), StringComparer.Ordinal) : null;

    /// <summary>The commit file content: one JSON line per action, in the order given, each ending with '\n'.</summary>
    public static byte[] WriteCommit(IEnumerable<DeltaAction> actions)
    {
        using var buffer = new MemoryStream();
        foreach (var action in actions)
        {
            using (var w = new Utf8JsonWriter(buffer, WriterOptions)) Write(w, action);
            buffer.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }

    /// <summary>Writes one wrapped action object.</summary>
    public static void Write(Utf8JsonWriter w, DeltaAction action)
    {
        w.WriteStartObject();
        switch (action)
        {
            case CommitInfoAction ci:
                w.WritePropertyName("commitInfo");
                ci.Fields.WriteTo(w);
                break;
            case ProtocolAction p:
                w.WriteStartObject("protocol");
                w.WriteNumber("minReaderVersion", p.MinReaderVersion);
                w.WriteNumber("minWriterVersion", p.MinWriterVersion);
                if (p.ReaderFeatures is { } rf) WriteList(w, "readerFeatures", rf);
                if (p.WriterFeatures is { } wf) WriteList(w, "writerFeatures", wf);
                w.WriteEndObject();
                break;
            case MetadataAction m:
                w.WriteStartObject("metaData");
                w.WriteString("id", m.Id);
                if (m.Name is { } name) w.WriteString("name", name);
                if (m.Description is { } description) w.WriteString("description", description);
                w.WriteStartObject("format");
                w.WriteString("provider", m.Provider);
                w.WriteStartObject("options");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteString("schemaString", m.SchemaString);
                WriteList(w, "partitionColumns", m.PartitionColumns);
                WriteMap(w, "configuration", m.Configuration.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
                if (m.CreatedTime is { } created) w.WriteNumber("createdTime", created);
                w.WriteEndObject();
                break;
            case TxnAction t:
                w.WriteStartObject("txn");
                w.WriteString("appId", t.AppId);
                w.WriteNumber("version", t.Version);
                if (t.LastUpdated is { } lu) w.WriteNumber("lastUpdated", lu);
                w.WriteEndObject();
                break;
            case AddFile a:
                w.WriteStartObject("add");
                w.WriteString("path", a.Path);
                WriteMap(w, "partitionValues", a.PartitionValues);
                w.WriteNumber("size", a.Size);
                w.WriteNumber("modificationTime", a.ModificationTime);
                w.WriteBoolean("dataChange", a.DataChange);
                if (a.Stats is { } stats) w.WriteString("stats", stats);
                if (a.Tags is { } tags) WriteMap(w, "tags", tags.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
                w.WriteEndObject();
                break;
            case RemoveFile r:
                w.WriteStartObject("remove");
                w.WriteString("path", r.Path);
                if (r.DeletionTimestamp is { } ts) w.WriteNumber("deletionTimestamp", ts);
                w.WriteBoolean("dataChange", r.DataChange);
                if (r.ExtendedFileMetadata is { } ext) w.WriteBoolean("extendedFileMetadata", ext);
                if (r.PartitionValues is { } pv) WriteMap(w, "partitionValues", pv);
                if (r.Size is { } size) w.WriteNumber("size", size);
                w.WriteEndObject();
                break;
            case OtherAction o:
                w.WritePropertyName(o.Kind);
                o.Body.WriteTo(w);
                break;
        }
        w.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter w, string name, IEnumerable<string> items)
    {
        w.WriteStartArray(name);
        foreach (var item in items) w.WriteStringValue(item);
        w.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string?> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (value is null) w.WriteNull(key);
            else w.WriteString(key, value);
        }
        w.WriteEndObject();
    }
}
