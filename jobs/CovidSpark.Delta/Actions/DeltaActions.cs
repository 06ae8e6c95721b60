using System.Text.Json.Nodes;

namespace CovidSpark.Delta.Actions;

/// <summary>One action of a Delta commit or checkpoint (one JSON line of a commit file).</summary>
public abstract record DeltaAction;

/// <summary>
/// The <c>protocol</c> action: the reader/writer versions a client needs. Table features (reader 3 / writer 7) are
/// listed by name.
/// </summary>
public sealed record ProtocolAction(
    int MinReaderVersion,
    int MinWriterVersion,
    IReadOnlyList<string>? ReaderFeatures = null,
    IReadOnlyList<string>? WriterFeatures = null) : DeltaAction
{
    /// <summary>What this library writes for new tables: reader 1, writer 2 (append-only and invariants understood).</summary>
    public static ProtocolAction Default { get; } = new(1, 2);

    public bool Equivalent(ProtocolAction other) =>
        MinReaderVersion == other.MinReaderVersion && MinWriterVersion == other.MinWriterVersion
        && (ReaderFeatures ?? []).Order(StringComparer.Ordinal).SequenceEqual((other.ReaderFeatures ?? []).Order(StringComparer.Ordinal))
        && (WriterFeatures ?? []).Order(StringComparer.Ordinal).SequenceEqual((other.WriterFeatures ?? []).Order(StringComparer.Ordinal));
}

/// <summary>The <c>metaData</c> action: table id, Spark-JSON schema, partition columns, configuration.</summary>
public sealed record MetadataAction(
    string Id,
    string SchemaString,
    IReadOnlyList<string> PartitionColumns,
    IReadOnlyDictionary<string, string> Configuration,
    long? CreatedTime,
    string? Name = null,
    string? Description = null,
    string Provider = "parquet") : DeltaAction
{
    /// <summary>The table's <c>delta.checkpointInterval</c>, 10 when not set.</summary>
    public int CheckpointInterval =>
        Configuration.TryGetValue("delta.checkpointInterval", out var v) && int.TryParse(v, out var n) && n > 0 ? n : 10;

    /// <summary>Same schema and partitioning (what a concurrent writer must not have changed under us).</summary>
    public bool SameShape(MetadataAction other) =>
        SchemaString == other.SchemaString && PartitionColumns.SequenceEqual(other.PartitionColumns, StringComparer.Ordinal);
}

/// <summary>The <c>add</c> action: a data file that is part of the table from this version on.</summary>
/// <param name="Path">The file's path as written in the log: relative to the table root and URL-encoded (or an absolute URI).</param>
/// <param name="PartitionValues">Partition column → value serialised as a string (null for a null value).</param>
/// <param name="Stats">The per-file statistics JSON (numRecords, minValues, maxValues, nullCount), or null.</param>
public sealed record AddFile(
    string Path,
    IReadOnlyDictionary<string, string?> PartitionValues,
    long Size,
    long ModificationTime,
    bool DataChange,
    string? Stats = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    JsonObject? DeletionVector = null) : DeltaAction
{
    /// <summary>The record count from <see cref="Stats"/>, or null when the writer gave none.</summary>
    public long? NumRecords
    {
        get
        {
            if (Stats is null) return null;
            try { return JsonNode.Parse(Stats)?["numRecords"]?.GetValue<long>(); }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException) { return null; }
        }
    }
}

/// <summary>The <c>remove</c> action: a file no longer part of the table (a tombstone until vacuum removes the file).</summary>
public sealed record RemoveFile(
    string Path,
    long? DeletionTimestamp,
    bool DataChange,
    bool? ExtendedFileMetadata = null,
    IReadOnlyDictionary<string, string?>? PartitionValues = null,
    long? Size = null,
    JsonObject? DeletionVector = null) : DeltaAction;

/// <summary>The <c>txn</c> action: the last version of an application's idempotent transaction stream.</summary>
public sealed record TxnAction(string AppId, long Version, long? LastUpdated) : DeltaAction;

/// <summary>
/// The <c>commitInfo</c> action: free-form provenance. Kept as its JSON object; the accessors read the fields Spark and
/// this library write.
/// </summary>
public sealed record CommitInfoAction(JsonObject Fields) : DeltaAction
{
    public long? Timestamp => TryGet<long>("timestamp");
    public string? Operation => TryGet<string>("operation");
    public string? EngineInfo => TryGet<string>("engineInfo");
    public long? ReadVersion => TryGet<long>("readVersion");

    /// <summary>
    /// A value of the <c>tags</c> map (this library puts the run id, job and report dates there), else of the JSON object
    /// in <c>userMetadata</c> (where the jobs put the same keys, so commits Spark's Delta wrote name their run too).
    /// </summary>
    public string? Tag(string key)
    {
        if (Fields["tags"] is JsonObject tags && tags[key] is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        if (TryGet<string>("userMetadata") is not { } text || !text.StartsWith('{')) return null;
        try { return JsonNode.Parse(text) is JsonObject meta && meta[key] is JsonValue m && m.TryGetValue<string>(out var t) ? t : null; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    /// <summary>The <c>operationMetrics</c> map (string values, as Spark writes them).</summary>
    public IReadOnlyDictionary<string, string> OperationMetrics =>
        Fields["operationMetrics"] is JsonObject m
            ? m.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>();

    private T? TryGet<T>(string key) =>
        Fields[key] is JsonValue v && v.TryGetValue<T>(out var value) ? value : default;

    /// <summary>"run R (job J, engine E, operation O)" — how a conflicting writer is named in errors.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Tag("job") is { } job) parts.Add($"job {job}");
        if (EngineInfo is { } engine) parts.Add($"engine {engine}");
        if (Operation is { } op) parts.Add($"operation {op}");
        if (Timestamp is { } ts) parts.Add($"at {DateTimeOffset.FromUnixTimeMilliseconds(ts):yyyy-MM-dd HH:mm:ss}Z");
        var who = Tag("runId") is { } run ? $"run {run}" : "another writer";
        return parts.Count == 0 ? who : $"{who} ({string.Join(", ", parts)})";
    }
}

/// <summary>An action this library reads past without using (cdc, domainMetadata, checkpointMetadata, unknown).</summary>
public sealed record OtherAction(string Kind, JsonObject Body) : DeltaAction;
