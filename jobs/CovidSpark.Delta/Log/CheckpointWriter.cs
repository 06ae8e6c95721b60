using System.Text.Json.Serialization;
using CovidSpark.Delta.Actions;
using Parquet.Serialization;

namespace CovidSpark.Delta.Log;

/// <summary>
/// Writes a classic single-file Parquet checkpoint of a snapshot (<c>NNN.checkpoint.parquet</c>: one row per
/// protocol, metaData, txn, add and unexpired remove, in Spark's checkpoint schema) and then <c>_last_checkpoint</c>.
/// A reader that finds the checkpoint replays only the commits after it.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>How long tombstones are kept in checkpoints (Delta's default <c>delta.deletedFileRetentionDuration</c>).</summary>
    public static readonly TimeSpan DefaultTombstoneRetention = TimeSpan.FromDays(7);

    public static async Task WriteAsync(DeltaLog log, Snapshot snapshot, CancellationToken ct = default)
    {
        var cutoff = log.Time.GetUtcNow().Subtract(DefaultTombstoneRetention).ToUnixTimeMilliseconds();
        var rows = new List<CheckpointRow>
        {
            new() { Protocol = new ProtocolRow
            {
                MinReaderVersion = snapshot.Protocol.MinReaderVersion,
                MinWriterVersion = snapshot.Protocol.MinWriterVersion,
                ReaderFeatures = snapshot.Protocol.ReaderFeatures?.ToList(),
                WriterFeatures = snapshot.Protocol.WriterFeatures?.ToList(),
            } },
            new() { MetaData = new MetadataRow
            {
                Id = snapshot.Metadata.Id,
                Name = snapshot.Metadata.Name,
                Description = snapshot.Metadata.Description,
                Format = new FormatRow { Provider = snapshot.Metadata.Provider, Options = [] },
                SchemaString = snapshot.Metadata.SchemaString,
                PartitionColumns = snapshot.Metadata.PartitionColumns.ToList(),
                Configuration = snapshot.Metadata.Configuration.ToDictionary(kv => kv.Key, kv => kv.Value),
                CreatedTime = snapshot.Metadata.CreatedTime,
            } },
        };
        rows.AddRange(snapshot.Transactions.Values.OrderBy(t => t.AppId, StringComparer.Ordinal)
            .Select(t => new CheckpointRow { Txn = new TxnRow { AppId = t.AppId, Version = t.Version, LastUpdated = t.LastUpdated } }));
        rows.AddRange(snapshot.Files.Select(f => new CheckpointRow { Add = new AddRow
        {
            Path = f.Path,
            PartitionValues = f.PartitionValues.ToDictionary(kv => kv.Key, kv => kv.Value),
            Size = f.Size,
            ModificationTime = f.ModificationTime,
            DataChange = false,
            Stats = f.Stats,
            Tags = f.Tags?.ToDictionary(kv => kv.Key, kv => kv.Value),
        } }));
        rows.AddRange(snapshot.Tombstones.Where(r => (r.DeletionTimestamp ?? 0) > cutoff).Select(r => new CheckpointRow { Remove = new RemoveRow
        {
            Path = r.Path,
            DeletionTimestamp = r.DeletionTimestamp,
            DataChange = false,
            ExtendedFileMetadata = r.ExtendedFileMetadata,
            PartitionValues = r.PartitionValues?.ToDictionary(kv => kv.Key, kv => kv.Value),
            Size = r.Size,
        } }));

        using var buffer = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, buffer, cancellationToken: ct).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        await log.Store.PutAsync(LogFileNames.ClassicCheckpoint(snapshot.Version), bytes, ct).ConfigureAwait(false);
        var hint = new LastCheckpoint(snapshot.Version, rows.Count, null, bytes.Length, snapshot.Files.Count);
        await log.Store.PutAsync(LogFileNames.LastCheckpoint, hint.ToJson(), ct).ConfigureAwait(false);
    }

    // Spark's checkpoint schema (the subset this library writes); every field nullable, names as in the protocol.
    internal sealed class CheckpointRow
    {
        [JsonPropertyName("txn")] public TxnRow? Txn { get; set; }
        [JsonPropertyName("add")] public AddRow? Add { get; set; }
        [JsonPropertyName("remove")] public RemoveRow? Remove { get; set; }
        [JsonPropertyName("metaData")] public MetadataRow? MetaData { get; set; }
        [JsonPropertyName("protocol")] public ProtocolRow? Protocol { get; set; }
    }

    internal sealed class TxnRow
    {
        [JsonPropertyName("appId")] public string? AppId { get; set; }
        [JsonPropertyName("version")] public long? Version { get; set; }
        [JsonPropertyName("lastUpdated")] public long? LastUpdated { get; set; }
    }

    internal sealed class AddRow
    {
        [JsonPropertyName("path")] public string? Path { get; set; }
        [JsonPropertyName("partitionValues")] public Dictionary<string, string?>? PartitionValues { get; set; }
        [JsonPropertyName("size")] public long? Size { get; set; }
        [JsonPropertyName("modificationTime")] public long? ModificationTime { get; set; }
        [JsonPropertyName("dataChange")] public bool? DataChange { get; set; }
        [JsonPropertyName("tags")] public Dictionary<string, string>? Tags { get; set; }
        [JsonPropertyName("stats")] public string? Stats { get; set; }
    }

    internal sealed class RemoveRow
    {
        [JsonPropertyName("path")] public string? Path { get; set; }
        [JsonPropertyName("deletionTimestamp")] public long? DeletionTimestamp { get; set; }
        [JsonPropertyName("dataChange")] public bool? DataChange { get; set; }
        [JsonPropertyName("extendedFileMetadata")] public bool? ExtendedFileMetadata { get; set; }
        [JsonPropertyName("partitionValues")] public Dictionary<string, string?>? PartitionValues { get; set; }
        [JsonPropertyName("size")] public long? Size { get; set; }
    }

    internal sealed class MetadataRow
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("description")] public string? Description { get; set; }
        [JsonPropertyName("format")] public FormatRow? Format { get; set; }
        [JsonPropertyName("schemaString")] public string? SchemaString { get; set; }
        [JsonPropertyName("partitionColumns")] public List<string>? PartitionColumns { get; set; }
        [JsonPropertyName("configuration")] public Dictionary<string, string>? Configuration { get; set; }
        [JsonPropertyName("createdTime")] public long? CreatedTime { get; set; }
    }

    internal sealed class FormatRow
    {
        [JsonPropertyName("provider")] public string? Provider { get; set; }
        [JsonPropertyName("options")] public Dictionary<string, string>? Options { get; set; }
    }

    internal sealed class ProtocolRow
    {
        [JsonPropertyName("minReaderVersion")] public int? MinReaderVersion { get; set; }
        [JsonPropertyName("minWriterVersion")] public int? MinWriterVersion { get; set; }
        [JsonPropertyName("readerFeatures")] public List<string>? ReaderFeatures { get; set; }
        [JsonPropertyName("writerFeatures")] public List<string>? WriterFeatures { get; set; }
    }
}
