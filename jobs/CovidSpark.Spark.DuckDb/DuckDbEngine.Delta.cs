using System.Globalization;
using System.Security.Cryptography;
using CovidSpark.Delta;
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
    public const string CommitTagOptionPrefix = "covidspark.commit.";

    private Dictionary<ReadFiles, string> _deltaSources = [];

    private static IEnumerable<Relation> Walk(Relation plan) => plan.Children.SelectMany(Walk).Prepend(plan);

    /// <summary>Reads the snapshot of every Delta table the plan reads, so compiling needs no I/O.</summary>
    private async Task ResolveDeltaReadsAsync(Relation plan, CancellationToken ct)
    {
        var sources = new Dictionary<ReadFiles, string>();
        _deltaColumns = [];
        foreach (var read in Walk(plan).OfType<ReadFiles>().Where(r => r.Format == FileFormat.Delta).Distinct())
            sources[read] = await DeltaSourceAsync(read, ct).ConfigureAwait(false);
        _deltaSources = sources;
    }

    internal string CompileDeltaRead(ReadFiles read) =>
        _deltaSources.TryGetValue(read, out var sql)
            ? sql
            : throw new InvalidOperationException("A Delta read was compiled without its snapshot; call through ExecuteAsync, SchemaAsync, ExplainAsync or WriteAsync");

    private DeltaLog OpenDeltaLog(string path) => DeltaLog.ForPath(path, _time, _logger);

    private async Task<string> DeltaSourceAsync(ReadFiles read, CancellationToken ct)
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
        LogDeltaRead(_logger, root, snapshot.Version, snapshot.Files.Count);
        RememberDeltaColumns(read, snapshot);
        return DeltaSourceSql(root, snapshot);
    }

    /// <summary>
    /// <c>read_parquet</c> over the snapshot's files, columns in the table schema's order; partition values come from the
    /// files' Hive folders, typed by the schema. An empty table is a typed empty relation.
    /// </summary>
    private static string DeltaSourceSql(string root, Snapshot snapshot)
    {
        var fields = DeltaSchema.Parse(snapshot.Metadata.SchemaString);
        string TypeOf(DeltaField f) => DuckDbDeltaTypes.ToDuckDb(f.Type)
            ?? throw new OperationNotSupportedException(EngineName, $"Delta column {f.Name} of type {f.Type} in {root}");
        if (snapshot.Files.Count == 0)
            return "SELECT " + string.Join(", ", fields.Select(f => $"CAST(NULL AS {TypeOf(f)}) AS {Quote(f.Name)}")) + " WHERE false";
        var files = string.Join(", ", snapshot.Files.Select(f =>
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

            var files = new List<DeltaDataFile>();
            var append = command.Mode == SaveMode.Append;
            long written = 0;
            if (command.PartitionBy.IsEmpty)
            {
                var (file, rows) = await WriteDataFileAsync(root, "", "SELECT * FROM __covidspark_write", new Dictionary<string, string?>(), append, ct).ConfigureAwait(false);
                files.Add(file);
                written += rows;
            }
            else
            {
                var exclude = string.Join(", ", command.PartitionBy.Select(Quote));
                var types = PartitionColumnTypes(command);
                foreach (var values in PartitionValues(command).OrderBy(v => string.Join("\u0001", v.Select(x => x ?? "")), StringComparer.Ordinal))
                {
                    ct.ThrowIfCancellationRequested();
                    var partition = new Dictionary<string, string?>();
                    for (var i = 0; i < values.Length; i++) partition[command.PartitionBy[i]] = values[i];
                    var where = string.Join(" AND ", command.PartitionBy.Select((c, i) =>
                        values[i] is null ? $"{Quote(c)} IS NULL" : $"{Quote(c)} = CAST({QuoteString(values[i]!)} AS {types[i]})"));
                    var folder = PartitionFolder("", command, values).TrimStart('/', Path.DirectorySeparatorChar);
                    var (file, rows) = await WriteDataFileAsync(root, folder,
                        $"SELECT * EXCLUDE ({exclude}) FROM __covidspark_write WHERE {where}", partition, append, ct).ConfigureAwait(false);
                    files.Add(file);
                    written += rows;
                }
            }

            // The point of no return: everything is on disk; the commit makes it visible at once, or not at all.
            ct.ThrowIfCancellationRequested();
            var mode = command.Mode switch
            {
                SaveMode.Append => DeltaWriteMode.Append,
                SaveMode.Overwrite when command.DynamicPartitionOverwrite => DeltaWriteMode.ReplacePartitions,
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
                });
            if (command.Options.TryGetValue("txnAppId", out var appId) && command.Options.TryGetValue("txnVersion", out var txnVersion)
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

    private List<(string Name, string Type)> WriteColumns()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '__covidspark_write' AND database_name = 'temp' ORDER BY column_index";
        using var reader = cmd.ExecuteReader();
        var result = new List<(string, string)>();
        while (reader.Read()) result.Add((reader.GetString(0), reader.GetString(1)));
        return result;
    }

    /// <summary>
    /// Writes one data file: COPY to a hidden temp name, then rename to <c>part-00000-&lt;sha256 prefix&gt;.c000.zstd.parquet</c>.
    /// The same rows give the same bytes and so the same name: a rerun reuses the file instead of adding a copy
    /// (appends add a unique suffix: there two equal files are two sets of rows).
    /// </summary>
    private async Task<(DeltaDataFile File, long Rows)> WriteDataFileAsync(string root, string folder, string select,
        IReadOnlyDictionary<string, string?> partition, bool append, CancellationToken ct)
    {
        var dir = folder.Length == 0 ? root : Path.Combine(root, folder);
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".part-{Guid.NewGuid():N}.parquet.tmp");
        long rows;
        try
        {
            rows = ExecuteNonQuery($"COPY ({select}) TO {QuoteString(temp)} (FORMAT parquet, COMPRESSION zstd)", ct);
            string hash;
            await using (var stream = File.OpenRead(temp))
                hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false))[..32];
            // appends keep every copy, so their names must differ even for equal content
            var name = append ? $"part-00000-{hash}-{Guid.NewGuid():N}.c000.zstd.parquet" : $"part-00000-{hash}.c000.zstd.parquet";
            var final = Path.Combine(dir, name);
            if (File.Exists(final)) File.Delete(temp); // identical content already there (a rerun): keep the file
            else File.Move(temp, final);
            var info = new FileInfo(final);
            string stats;
            await using (var stream = File.OpenRead(final)) stats = await ParquetFileStats.ComputeAsync(stream, ct).ConfigureAwait(false);
            var relative = folder.Length == 0 ? name : folder.Replace(Path.DirectorySeparatorChar, '/') + "/" + name;
            return (new DeltaDataFile(relative, partition, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), stats), rows);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Reading Delta table {Table} at version {Version} ({Files} files)")]
    private static partial void LogDeltaRead(ILogger logger, string table, long version, int files);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "Committed Delta table {Table} version {Version}: {Files} files, {Rows} rows")]
    private static partial void LogDeltaCommit(ILogger logger, string table, long version, int files, long rows);
}
