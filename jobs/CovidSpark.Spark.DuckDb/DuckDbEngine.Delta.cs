using System.Globalization;
using System.Security.Cryptography;
using CovidSpark.Delta;
using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Log;
using CovidSpark.Delta.Stats;
using CovidSpark.Delta.Transactions;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using Microsoft.Extensions.Logging;
using static CovidSpark.Spark.DuckDb.DuckDbDialect;

namespace CovidSpark.Spark.DuckDb;

/// <summary>
/// Delta Lake tables on the embedded engine. Reads resolve the table's snapshot (latest, <c>versionAsOf</c> or
/// <c>timestampAsOf</c>) before compiling and read exactly its files — never by listing folders. Writes let DuckDB write
/// Parquet files under new names (named by their content's hash, so a rerun writes the same bytes under the same name)
/// and then commit them in ONE Delta commit that also removes the files they replace.
/// </summary>
public sealed partial class DuckDbEngine
{
    /// <summary>Writer option keys this engine records in the commit's <c>commitInfo.tags</c> (Spark's Delta ignores them).</summary>
    public const string CommitTagOptionPrefix = DeltaWriterOptions.CommitTagPrefix;

    /// <summary>A Delta read resolved before compiling: the table's snapshot and the files of it the read needs.</summary>
    private sealed record DeltaSource(string Root, Snapshot Snapshot, IReadOnlyList<AddFile> Files);

    private Dictionary<ReadFiles, DeltaSource> _deltaSources = [];

    /// <summary>The session's snapshots: a table read many times in a run is replayed once (plus the commits after it).</summary>
    private readonly SnapshotCache _snapshots = new();

    /// <summary>
    /// Reads the snapshot of every Delta table the plan reads, so compiling needs no I/O, and keeps of each only the files
    /// its filters on partition columns can match (Delta partition pruning).
    /// </summary>
    private async Task ResolveDeltaReadsAsync(Relation plan, CancellationToken ct)
    {
        var sources = new Dictionary<ReadFiles, DeltaSource>();
        _deltaColumns = [];
        foreach (var (read, conditions) in DeltaFilePruning.Conditions(plan))
        {
            var (root, snapshot) = await DeltaSnapshotAsync(read, ct).ConfigureAwait(false);
            var files = conditions is null || snapshot.PartitionColumns.Count == 0 ? snapshot.Files : Prune(snapshot, conditions);
            LogDeltaRead(_logger, root, snapshot.Version, files.Count, snapshot.Files.Count);
            sources[read] = new DeltaSource(root, snapshot, files);
            // A column type without a DuckDB twin here: DuckDB tells the columns of the read, now, so compiling needs no connection.
            if (DeltaColumnsOf(read) is null) _deltaColumns[read] = Describe(DeltaSourceSql(root, snapshot, files));
        }
        _deltaSources = sources;
    }

    private static List<AddFile> Prune(Snapshot snapshot, List<Expr> conditions)
    {
        var fields = DeltaSchema.Parse(snapshot.Metadata.SchemaString);
        var types = snapshot.PartitionColumns.ToDictionary(p => p, p => fields.FirstOrDefault(f => f.Name == p)?.Type ?? "string", StringComparer.Ordinal);
        return [.. snapshot.Files.Where(f => conditions.Any(c => DeltaFilePruning.MayMatch(c, f.PartitionValues, types)))];
    }

    internal string CompileDeltaRead(ReadFiles read) =>
        _deltaSources.TryGetValue(read, out var source)
            ? DeltaSourceSql(source.Root, source.Snapshot, source.Files)
            : throw new InvalidOperationException("A Delta read was compiled without its snapshot; call through ExecuteAsync, SchemaAsync, ExplainAsync or WriteAsync");

    /// <summary>
    /// <c>SELECT DISTINCT partition_column</c> of a Delta read answered from the log: the values of the files that hold
    /// rows (their <c>numRecords</c>), without opening one — how a run learns which dates a table holds. Null (read the
    /// files) when a file has no record count or the column is not a partition column.
    /// </summary>
    private string? CompileDeltaPartitionValues(ReadFiles read, string column)
    {
        if (!_deltaSources.TryGetValue(read, out var source)) return null;
        var partition = source.Snapshot.PartitionColumns.FirstOrDefault(p => p.Equals(column, StringComparison.OrdinalIgnoreCase));
        if (partition is null || source.Files.Any(f => f.NumRecords is null)) return null;
        var field = DeltaSchema.Parse(source.Snapshot.Metadata.SchemaString).FirstOrDefault(f => f.Name == partition);
        if (field is null || DuckDbDeltaTypes.ToDuckDb(field.Type) is not { } type) return null;
        var values = source.Files.Where(f => f.NumRecords > 0).Select(f => f.PartitionValues.GetValueOrDefault(partition))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (values.Count == 0) return $"SELECT CAST(NULL AS {type}) AS {Quote(column)} WHERE false";
        var rows = string.Join(", ", values.Select(v => v is null ? "(NULL)" : $"({QuoteString(v)})"));
        return $"SELECT CAST(v AS {type}) AS {Quote(column)} FROM (VALUES {rows}) AS t(v)";
    }

    private DeltaLog OpenDeltaLog(string path) => DeltaLog.ForPath(path, _time, _logger, _snapshots);

    private async Task<(string Root, Snapshot Snapshot)> DeltaSnapshotAsync(ReadFiles read, CancellationToken ct)
    {
        if (read.Paths.Length != 1)
            throw new AnalysisException($"A Delta table is read from one path; got {read.Paths.Length}: {string.Join(", ", read.Paths)}");
        var root = Path.GetFullPath(read.Paths[0]);
        var log = OpenDeltaLog(root);
        Snapshot snapshot;
        if (read.Options.TryGetValue("versionAsOf", out var version))
        {
            if (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                throw new AnalysisException($"Option versionAsOf must be a version number, got '{version}'");
            snapshot = await log.GetSnapshotAsync(v, ct).ConfigureAwait(false);
        }
        else if (read.Options.TryGetValue("timestampAsOf", out var timestamp))
        {
            snapshot = await log.GetSnapshotAsOfAsync(ParseTimestamp(timestamp, "timestampAsOf"), ct).ConfigureAwait(false);
        }
        else
        {
            snapshot = await log.TryGetSnapshotAsync(ct).ConfigureAwait(false)
                ?? throw new AnalysisException($"Path {root} is not a Delta table (no _delta_log)");
        }
        RememberDeltaColumns(read, snapshot);
        return (root, snapshot);
    }

    /// <summary>
    /// <c>read_parquet</c> over the given files of the snapshot, columns in the table schema's order; partition values come
    /// from the files' Hive folders, typed by the schema. No file (an empty table, or none its filters can match) is a
    /// typed empty relation.
    /// </summary>
    private static string DeltaSourceSql(string root, Snapshot snapshot, IReadOnlyList<AddFile> snapshotFiles)
    {
        var fields = DeltaSchema.Parse(snapshot.Metadata.SchemaString);
        string TypeOf(DeltaField f) => DuckDbDeltaTypes.ToDuckDb(f.Type)
            ?? throw new OperationNotSupportedException(EngineName, $"Delta column {f.Name} of type {f.Type} in {root}");
        if (snapshotFiles.Count == 0)
            return "SELECT " + string.Join(", ", fields.Select(f => $"CAST(NULL AS {TypeOf(f)}) AS {Quote(f.Name)}")) + " WHERE false";
        var files = string.Join(", ", snapshotFiles.Select(f =>
        {
            var relative = Snapshot.RelativePath(f);
            return QuoteString(DeltaPaths.IsAbsolute(relative) ? relative : Path.Combine(root, relative));
        }));
        var partitions = snapshot.PartitionColumns;
        var hive = partitions.Count == 0
            ? "hive_partitioning = false"
            : "hive_partitioning = true, hive_types = {" + string.Join(", ", partitions.Select(p =>
                $"{QuoteString(p)}: {TypeOf(fields.FirstOrDefault(f => f.Name == p) ?? new DeltaField(p, "string"))}")) + "}";
        return $"SELECT {string.Join(", ", fields.Select(f => Quote(f.Name)))} FROM read_parquet([{files}], {hive})";
    }

    /// <summary>
    /// The Delta write: the rows are materialised, each partition is written to a new file named by its content hash,
    /// and one commit removes the replaced partitions' files and adds the new ones (dynamic partition overwrite
    /// = replaceWhere of the partitions written). Readers see the old version or the new one, never a mix.
    /// </summary>
    private async Task<long?> WriteDeltaAsync(WriteCommand command, string sql, CancellationToken ct)
    {
        var root = Path.GetFullPath(command.Path);
        var replaceWhere = ReplaceWhereOf(command);
        var log = OpenDeltaLog(root);
        var snapshot = await log.TryGetSnapshotAsync(ct).ConfigureAwait(false);
        if (snapshot is null && Directory.Exists(root) && Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories).Any())
            throw new AnalysisException(
                $"{root} holds Parquet files but no Delta log (a plain-Parquet table of an earlier version); convert it first with `lake convert`");
        switch (command.Mode)
        {
            case SaveMode.ErrorIfExists when snapshot is not null:
                throw new AnalysisException($"Delta table {root} already exists (version {snapshot.Version}). Use Mode(\"overwrite\") or Mode(\"append\").");
            case SaveMode.Ignore when snapshot is not null:
                return 0;
        }

        using var oneThread = OneThreadIf(IsOrderSensitive(command.Input));
        ExecuteNonQuery($"CREATE OR REPLACE TEMP TABLE __covidspark_write AS {sql}", ct);
        try
        {
            var columns = WriteColumns();
            foreach (var p in command.PartitionBy)
                if (!columns.Any(c => c.Name.Equals(p, StringComparison.OrdinalIgnoreCase)))
                    throw new AnalysisException($"Cannot partition by '{p}': the data has no such column (columns: {string.Join(", ", columns.Select(c => c.Name))})");
            // data columns first, then the partition columns, as readers of the folder layout have always seen them
            var schema = columns.Where(c => !command.PartitionBy.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
                .Concat(command.PartitionBy.Select(p => columns.First(c => c.Name.Equals(p, StringComparison.OrdinalIgnoreCase))))
                .Select(c => new DeltaField(c.Name, DuckDbDeltaTypes.ToDelta(c.Name, c.Type))).ToList();

            var append = command.Mode == SaveMode.Append;
            // DuckDB writes one partition after another on this thread; naming each finished file by its hash and reading its
            // stats run beside the next COPY on the pool, so on two cores they cost next to no wall time.
            var sealing = new List<Task<DeltaDataFile>>();
            long written = 0;
            try
            {
                if (command.PartitionBy.IsEmpty)
                {
                    var (temp, rows) = CopyToTemp(root, "", "SELECT * FROM __covidspark_write", ct);
                    sealing.Add(SealDataFileAsync(root, "", temp, new Dictionary<string, string?>(), append, ct));
                    written += rows;
                }
                else
                {
                    var exclude = string.Join(", ", command.PartitionBy.Select(Quote));
                    var types = PartitionColumnTypes(command);
                    var partitionValues = PartitionValues(command);
                    if (replaceWhere is not null) CheckRowsMatch(replaceWhere, partitionValues);
                    foreach (var values in partitionValues.OrderBy(v => string.Join("\u0001", v.Select(x => x ?? "")), StringComparer.Ordinal))
                    {
                        ct.ThrowIfCancellationRequested();
                        var partition = new Dictionary<string, string?>();
                        for (var i = 0; i < values.Length; i++) partition[command.PartitionBy[i]] = values[i];
                        var where = string.Join(" AND ", command.PartitionBy.Select((c, i) =>
                            values[i] is null ? $"{Quote(c)} IS NULL" : $"{Quote(c)} = CAST({QuoteString(values[i]!)} AS {types[i]})"));
                        var folder = PartitionFolder("", command, values).TrimStart('/', Path.DirectorySeparatorChar);
                        var (temp, rows) = CopyToTemp(root, folder, $"SELECT * EXCLUDE ({exclude}) FROM __covidspark_write WHERE {where}", ct);
                        sealing.Add(SealDataFileAsync(root, folder, temp, partition, append, ct));
                        written += rows;
                    }
                }
            }
            catch
            {
                // let the files already handed over finish (or remove their temp files) before the failure propagates
                try { await Task.WhenAll(sealing).ConfigureAwait(false); }
                catch (Exception) when (sealing.Any(t => t.IsFaulted || t.IsCanceled)) { }
                throw;
            }
            var files = (await Task.WhenAll(sealing).ConfigureAwait(false)).ToList();

            // The point of no return: everything is on disk; the commit makes it visible at once, or not at all.
            ct.ThrowIfCancellationRequested();
            var mode = command.Mode switch
            {
                SaveMode.Append => DeltaWriteMode.Append,
                SaveMode.Overwrite when command.DynamicPartitionOverwrite || replaceWhere is not null => DeltaWriteMode.ReplacePartitions,
                SaveMode.Overwrite => DeltaWriteMode.Overwrite,
                SaveMode.Ignore => DeltaWriteMode.Ignore,
                _ => DeltaWriteMode.ErrorIfExists,
            };
            var tags = command.Options.Where(o => o.Key.StartsWith(CommitTagOptionPrefix, StringComparison.OrdinalIgnoreCase))
                .ToDictionary(o => o.Key[CommitTagOptionPrefix.Length..], o => o.Value, StringComparer.Ordinal);
            var request = new DeltaWriteRequest(schema, [.. command.PartitionBy], files, mode,
                new CommitOptions("WRITE")
                {
                    Tags = tags,
                    EngineInfo = $"CovidSpark duckdb/{_connection.ServerVersion}",
                    OperationMetrics = new Dictionary<string, string> { ["numOutputRows"] = written.ToString(CultureInfo.InvariantCulture) },
                    UserMetadata = command.Options.GetValueOrDefault(DeltaWriterOptions.UserMetadata),
                    // as Spark's Delta records a replaceWhere overwrite
                    OperationParameters = replaceWhere is null ? new Dictionary<string, string>()
                        : new Dictionary<string, string> { ["predicate"] = $"[\"{replaceWhere}\"]" },
                })
            {
                AlsoReplace = replaceWhere is null ? [] : [.. replaceWhere.Values.Select(v => new Dictionary<string, string?> { [command.PartitionBy[0]] = v })],
            };
            if (command.Options.TryGetValue(DeltaWriterOptions.TxnAppId, out var appId) && command.Options.TryGetValue(DeltaWriterOptions.TxnVersion, out var txnVersion)
                && long.TryParse(txnVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var tv))
                request = request with { AppTransaction = (appId, tv) };
            var result = await DeltaWriter.CommitAsync(log, request, CancellationToken.None).ConfigureAwait(false);
            LogDeltaCommit(_logger, root, result?.Version ?? -1, files.Count, written);
            return written;
        }
        finally
        {
            ExecuteNonQuery("DROP TABLE IF EXISTS __covidspark_write", CancellationToken.None);
        }
    }

    /// <summary>
    /// The write's <see cref="DeltaWriterOptions.ReplaceWhere"/> predicate, checked before any work: only with mode
    /// overwrite, never with dynamic partition overwrite (Delta refuses the pair too), and in the partition form this engine
    /// maps to the commit's partitions to replace (<see cref="DeltaWriteRequest.AlsoReplace"/>).
    /// </summary>
    private static ReplaceWherePredicate? ReplaceWhereOf(WriteCommand command)
    {
        if (!command.Options.TryGetValue(DeltaWriterOptions.ReplaceWhere, out var text)) return null;
        if (command.Mode != SaveMode.Overwrite)
            throw new AnalysisException($"Writer option {DeltaWriterOptions.ReplaceWhere} needs save mode overwrite, got {command.Mode}");
        if (command.DynamicPartitionOverwrite)
            throw new AnalysisException($"Writer options {DeltaWriterOptions.ReplaceWhere} and partitionOverwriteMode=dynamic cannot both be set");
        var predicate = ReplaceWherePredicate.TryParse(text) ?? throw new OperationNotSupportedException(EngineName,
            $"{DeltaWriterOptions.ReplaceWhere} '{text}'", "the embedded engine replaces whole partitions: column IN ('v1', 'v2') or column = 'v'");
        if (command.PartitionBy is not [var only] || !only.Equals(predicate.Column, StringComparison.OrdinalIgnoreCase))
            throw new OperationNotSupportedException(EngineName, $"{DeltaWriterOptions.ReplaceWhere} '{text}'",
                $"the predicate must name the write's one partition column (partitioned by: {string.Join(", ", command.PartitionBy.DefaultIfEmpty("none"))})");
        return predicate;
    }

    /// <summary>Every row written must satisfy the replaceWhere predicate (Delta's constraint check): nothing is written otherwise.</summary>
    private static void CheckRowsMatch(ReplaceWherePredicate predicate, List<string?[]> partitionValues)
    {
        var outside = partitionValues.Select(v => v[0]).Where(v => v is null || !predicate.Values.Contains(v, StringComparer.Ordinal)).ToList();
        if (outside.Count > 0)
            throw new AnalysisException($"Written data does not match {DeltaWriterOptions.ReplaceWhere} '{predicate}': rows with {predicate.Column} = "
                + string.Join(", ", outside.Take(5).Select(v => v ?? "NULL")));
    }

    private List<(string Name, string Type)> WriteColumns()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '__covidspark_write' AND database_name = 'temp' ORDER BY column_index";
        using var reader = cmd.ExecuteReader();
        var result = new List<(string, string)>();
        while (reader.Read()) result.Add((reader.GetString(0), reader.GetString(1)));
        return result;
    }

    /// <summary>COPYs the rows of <paramref name="select"/> to a hidden temp file in the partition's folder; returns it and the row count.</summary>
    private (string Temp, long Rows) CopyToTemp(string root, string folder, string select, CancellationToken ct)
    {
        var dir = folder.Length == 0 ? root : Path.Combine(root, folder);
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".part-{Guid.NewGuid():N}.parquet.tmp");
        try
        {
            return (temp, ExecuteNonQuery($"COPY ({select}) TO {QuoteString(temp)} (FORMAT parquet, COMPRESSION zstd)", ct));
        }
        catch
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Gives a written temp file its name, <c>part-00000-&lt;sha256 prefix&gt;.c000.zstd.parquet</c>, and reads its stats.
    /// The same rows give the same bytes and so the same name: a rerun reuses the file instead of adding a copy
    /// (appends add a unique suffix: there two equal files are two sets of rows). Runs off the engine's thread (no DuckDB).
    /// </summary>
    private static Task<DeltaDataFile> SealDataFileAsync(string root, string folder, string temp,
        IReadOnlyDictionary<string, string?> partition, bool append, CancellationToken ct) => Task.Run(async () =>
    {
        try
        {
            string hash;
            await using (var stream = File.OpenRead(temp))
                hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false))[..32];
            var name = append ? $"part-00000-{hash}-{Guid.NewGuid():N}.c000.zstd.parquet" : $"part-00000-{hash}.c000.zstd.parquet";
            var final = Path.Combine(Path.GetDirectoryName(temp)!, name);
            if (File.Exists(final)) File.Delete(temp); // identical content already there (a rerun): keep the file
            else File.Move(temp, final);
            var info = new FileInfo(final);
            string stats;
            await using (var stream = File.OpenRead(final)) stats = await ParquetFileStats.ComputeAsync(stream, ct).ConfigureAwait(false);
            var relative = folder.Length == 0 ? name : folder.Replace(Path.DirectorySeparatorChar, '/') + "/" + name;
            return new DeltaDataFile(relative, partition, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), stats);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }, CancellationToken.None);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Reading Delta table {Table} at version {Version} ({Files} of {TableFiles} files)")]
    private static partial void LogDeltaRead(ILogger logger, string table, long version, int files, int tableFiles);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "Committed Delta table {Table} version {Version}: {Files} files, {Rows} rows")]
    private static partial void LogDeltaCommit(ILogger logger, string table, long version, int files, long rows);
}
