using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;

namespace CovidSpark.Delta.Transactions;

/// <summary>How a write combines with what the table holds (Spark's SaveMode plus dynamic partition overwrite).</summary>
public enum DeltaWriteMode
{
    /// <summary>Add the files; nothing is removed.</summary>
    Append,
    /// <summary>Replace every file of the table.</summary>
    Overwrite,
    /// <summary>Replace the files of the partitions the new files belong to (Spark's dynamic partition overwrite); other partitions stay.</summary>
    ReplacePartitions,
    /// <summary>Fail when the table exists.</summary>
    ErrorIfExists,
    /// <summary>Do nothing when the table exists.</summary>
    Ignore,
}

/// <summary>A data file already written under the table root, to be added by a commit.</summary>
/// <param name="RelativePath">Path under the table root, '/'-separated, not encoded (e.g. <c>report_date=2020-11-01/part-….parquet</c>).</param>
/// <param name="PartitionValues">Partition column → value as the protocol serialises it (dates yyyy-MM-dd), null for null.</param>
/// <param name="Stats">Stats JSON (see <see cref="Stats.ParquetFileStats"/>), or null.</param>
public sealed record DeltaDataFile(string RelativePath, IReadOnlyDictionary<string, string?> PartitionValues, long Size, DateTimeOffset ModificationTime, string? Stats);

/// <summary>One write: the files, their schema and partitioning, the mode and what the commit records.</summary>
public sealed record DeltaWriteRequest(
    IReadOnlyList<DeltaField> Schema,
    IReadOnlyList<string> PartitionColumns,
    IReadOnlyList<DeltaDataFile> Files,
    DeltaWriteMode Mode,
    CommitOptions Commit)
{
    /// <summary>Partitions to replace even when the write has no file for them (their old files are removed).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> AlsoReplace { get; init; } = [];
    /// <summary>An idempotent application transaction (appId, version): the write is skipped when already applied.</summary>
    public (string AppId, long Version)? AppTransaction { get; init; }
    /// <summary>Whether a different schema (same partitioning) replaces the table's (schema evolution); otherwise an error.</summary>
    public bool AllowSchemaChange { get; init; } = true;
}

/// <summary>Turns a set of written data files into one Delta commit with the requested semantics.</summary>
public static class DeltaWriter
{
    /// <summary>Commits the files; returns null when <see cref="DeltaWriteMode.Ignore"/> found the table existing.</summary>
    public static async Task<CommitResult?> CommitAsync(DeltaLog log, DeltaWriteRequest request, CancellationToken ct = default)
    {
        var snapshot = await log.TryGetSnapshotAsync(ct).ConfigureAwait(false);
        if (snapshot is not null && request.Mode == DeltaWriteMode.Ignore) return null;
        if (snapshot is not null && request.Mode == DeltaWriteMode.ErrorIfExists)
            throw new DeltaWriteException($"Delta table {log.Location} already exists (version {snapshot.Version}); use mode overwrite or append");

        var txn = log.StartTransaction(snapshot);
        var schemaString = DeltaSchema.ToJson(request.Schema);
        if (snapshot is null)
        {
            txn.SetProtocol(ProtocolAction.Default);
            txn.SetMetadata(new MetadataAction(Guid.NewGuid().ToString(), schemaString, request.PartitionColumns,
                new Dictionary<string, string>(), log.Time.GetUtcNow().ToUnixTimeMilliseconds()));
        }
        else if (!snapshot.Metadata.PartitionColumns.SequenceEqual(request.PartitionColumns, StringComparer.Ordinal))
        {
            if (request.Mode != DeltaWriteMode.Overwrite)
                throw new DeltaWriteException(
                    $"Delta table {log.Location} is partitioned by [{string.Join(", ", snapshot.Metadata.PartitionColumns)}], the write by [{string.Join(", ", request.PartitionColumns)}]; only an overwrite can change the partitioning");
            txn.SetMetadata(snapshot.Metadata with { SchemaString = schemaString, PartitionColumns = request.PartitionColumns });
        }
        else if (snapshot.Metadata.SchemaString != schemaString)
        {
            if (!request.AllowSchemaChange && request.Mode != DeltaWriteMode.Overwrite)
                throw new DeltaWriteException($"Delta table {log.Location} has another schema than the write: {snapshot.Metadata.SchemaString}");
            txn.SetMetadata(snapshot.Metadata with { SchemaString = schemaString });
        }

        switch (request.Mode)
        {
            case DeltaWriteMode.Overwrite:
                txn.ReplaceAll();
                break;
            case DeltaWriteMode.ReplacePartitions when request.PartitionColumns.Count == 0:
                txn.ReplaceAll();
                break;
            case DeltaWriteMode.ReplacePartitions:
                txn.ReplacePartitions(request.Files.Select(f => f.PartitionValues).Concat(request.AlsoReplace));
                break;
        }
        foreach (var file in request.Files)
            txn.Add(new AddFile(DeltaPaths.Encode(file.RelativePath), file.PartitionValues, file.Size,
                file.ModificationTime.ToUnixTimeMilliseconds(), DataChange: true, file.Stats));
        if (request.AppTransaction is { } app) txn.SetAppTransaction(app.AppId, app.Version);

        var parameters = new Dictionary<string, string>(request.Commit.OperationParameters)
        {
            ["mode"] = request.Mode switch
            {
                DeltaWriteMode.Append => "Append",
                DeltaWriteMode.Overwrite => "Overwrite",
                DeltaWriteMode.ReplacePartitions => "Overwrite",
                DeltaWriteMode.ErrorIfExists => "ErrorIfExists",
                _ => "Ignore",
            },
            ["partitionBy"] = "[" + string.Join(",", request.PartitionColumns.Select(c => $"\"{c}\"")) + "]",
        };
        // a replaceWhere (its predicate among the parameters) is not a dynamic partition overwrite, as Spark's Delta records it
        if (request.Mode == DeltaWriteMode.ReplacePartitions && !parameters.ContainsKey("predicate")) parameters["partitionOverwriteMode"] = "DYNAMIC";
        return await txn.CommitAsync(request.Commit with { OperationParameters = parameters }, ct).ConfigureAwait(false);
    }
}
