using System.Globalization;
using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;
using CovidSpark.Delta.Stats;
using CovidSpark.Delta.Transactions;
using Parquet;
using Parquet.Schema;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Delta.Operations;

/// <summary>What vacuum removed (or would remove with a dry run).</summary>
public sealed record VacuumResult(IReadOnlyList<string> Files, long Bytes, bool DryRun);

/// <summary>A problem <see cref="DeltaMaintenance.CheckAsync"/> found: the file and what is wrong with it.</summary>
public sealed record CheckProblem(string Path, string Problem);

/// <summary>
/// Table maintenance on the log alone (no engine needed): vacuum, restore, a consistency check, and conversion of a
/// plain-Parquet folder into a Delta table in place.
/// </summary>
public static class DeltaMaintenance
{
    /// <summary>Delta's default retention: files removed more recently than this stay, so readers of recent versions and running writers are safe.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    /// <summary>
    /// Deletes data files the latest version does not use — removed by a commit, or written by a run that never
    /// committed (killed) — once older than <paramref name="retention"/>, plus such runs' hidden temp files. The log is
    /// never touched; time travel to versions whose files are gone stops working.
    /// </summary>
    public static async Task<VacuumResult> VacuumAsync(DeltaLog log, TimeSpan retention, bool dryRun, CancellationToken ct = default)
    {
        var snapshot = await log.GetSnapshotAsync(ct: ct).ConfigureAwait(false);
        var live = snapshot.Files.Select(Snapshot.RelativePath).ToHashSet(StringComparer.Ordinal);
        var cutoff = log.Time.GetUtcNow() - retention;
        var deleted = new List<string>();
        long bytes = 0;
        foreach (var entry in await log.Store.ListAsync("", null, recursive: true, ct).ConfigureAwait(false))
        {
            var segments = entry.Path.Split('/');
            if (segments[0] == LogFileNames.LogDirectory || live.Contains(entry.Path) || entry.LastModified > cutoff) continue;
            var name = segments[^1];
            var leftover = name.StartsWith(".part-", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal);
            // Like Delta: hidden files and folders ('_' or '.') are not data, except a killed writer's temp files.
            if (!leftover && segments.Any(s => s.StartsWith('_') || s.StartsWith('.'))) continue;
            deleted.Add(entry.Path);
            bytes += entry.Size;
            if (!dryRun) await log.Store.DeleteAsync(entry.Path, ct).ConfigureAwait(false);
        }
        return new VacuumResult(deleted, bytes, dryRun);
    }

    /// <summary>
    /// Makes the table's content that of <paramref name="version"/> again with one new commit (operation RESTORE):
    /// files of that version not live now are added back, live files it did not have are removed. Fails naming a file
    /// that vacuum already deleted.
    /// </summary>
    public static async Task<CommitResult> RestoreAsync(DeltaLog log, long version, CommitOptions? options = null, CancellationToken ct = default)
    {
        var current = await log.GetSnapshotAsync(ct: ct).ConfigureAwait(false);
        var target = await log.GetSnapshotAsync(version, ct).ConfigureAwait(false);
        var currentPaths = current.Files.Select(Snapshot.RelativePath).ToHashSet(StringComparer.Ordinal);
        var targetPaths = target.Files.Select(Snapshot.RelativePath).ToHashSet(StringComparer.Ordinal);
        var txn = log.StartTransaction(current);
        foreach (var file in target.Files.Where(f => !currentPaths.Contains(Snapshot.RelativePath(f))))
        {
            var path = Snapshot.RelativePath(file);
            if (!DeltaPaths.IsAbsolute(path) && (await log.Store.ListAsync(Path.GetDirectoryName(path)?.Replace('\\', '/') ?? "", null, false, ct).ConfigureAwait(false))
                    .All(e => e.Path != path))
                throw new DeltaWriteException($"Cannot restore {log.Location} to version {version}: its file {path} was deleted (vacuumed)");
            txn.Add(file with { DataChange = true });
        }
        foreach (var file in current.Files.Where(f => !targetPaths.Contains(Snapshot.RelativePath(f)))) txn.Remove(file);
        txn.ReadWholeTable();
        if (!target.Metadata.SameShape(current.Metadata)) txn.SetMetadata(target.Metadata);
        var commit = (options ?? new CommitOptions("RESTORE")) with
        {
            Operation = "RESTORE",
            OperationParameters = new Dictionary<string, string> { ["version"] = version.ToString(CultureInfo.InvariantCulture) },
        };
        return await txn.CommitAsync(commit, ct).ConfigureAwait(false);
    }

    /// <summary>Checks the latest version against the files: each present, of the recorded size, in the folder of its partition values.</summary>
    public static async Task<IReadOnlyList<CheckProblem>> CheckAsync(DeltaLog log, CancellationToken ct = default)
    {
        var snapshot = await log.GetSnapshotAsync(ct: ct).ConfigureAwait(false);
        var present = (await log.Store.ListAsync("", null, recursive: true, ct).ConfigureAwait(false)).ToDictionary(e => e.Path, StringComparer.Ordinal);
        var problems = new List<CheckProblem>();
        foreach (var file in snapshot.Files)
        {
            var path = Snapshot.RelativePath(file);
            if (DeltaPaths.IsAbsolute(path)) continue;
            if (!present.TryGetValue(path, out var entry)) { problems.Add(new CheckProblem(path, "missing")); continue; }
            if (entry.Size != file.Size) problems.Add(new CheckProblem(path, $"size {entry.Size} bytes, the log records {file.Size}"));
            foreach (var (column, value) in file.PartitionValues)
            {
                var segment = DeltaPaths.PartitionSegment(column, value);
                var folders = path.Split('/')[..^1];
                if (folders.Any(f => f.StartsWith(column + "=", StringComparison.Ordinal)) && !folders.Contains(segment)
                    && !folders.Contains($"{column}={Uri.EscapeDataString(value ?? "")}"))
                    problems.Add(new CheckProblem(path, $"partition value {column}={value ?? "null"} does not match its folder"));
            }
        }
        return problems;
    }

    /// <summary>
    /// Turns a folder of Parquet files (Hive partition folders <c>col=value/</c>) into a Delta table in place: one
    /// commit (operation CONVERT) adds every data file with its partition values and stats; nothing is moved or
    /// rewritten. The schema is the first file's plus the partition columns (typed date when every value is a date).
    /// </summary>
    public static async Task<CommitResult> ConvertAsync(DeltaLog log, CommitOptions? options = null, CancellationToken ct = default)
    {
        if (await log.ExistsAsync(ct).ConfigureAwait(false))
            throw new DeltaWriteException($"{log.Location} is already a Delta table");
        var files = (await log.Store.ListAsync("", null, recursive: true, ct).ConfigureAwait(false))
            .Where(e => e.Path.EndsWith(".parquet", StringComparison.Ordinal) && !e.Path.Split('/').Any(s => s.StartsWith('_') || s.StartsWith('.')))
            .ToList();
        if (files.Count == 0) throw new DeltaTableNotFoundException($"{log.Location} holds no Parquet files to convert");

        var partitioned = files.Select(f => (Entry: f, Values: PartitionValuesOf(f.Path))).ToList();
        var columns = partitioned[0].Values.Keys.ToList();
        foreach (var (entry, values) in partitioned)
            if (!values.Keys.SequenceEqual(columns, StringComparer.Ordinal))
                throw new DeltaWriteException($"{log.Location}: {entry.Path} is in partition folders [{string.Join(", ", values.Keys)}], others in [{string.Join(", ", columns)}]");

        var dataFiles = new List<DeltaDataFile>();
        List<DeltaField>? schema = null;
        foreach (var (entry, values) in partitioned)
        {
            var bytes = await log.Store.ReadAsync(entry.Path, ct).ConfigureAwait(false) ?? throw new DeltaTableNotFoundException($"{entry.Path} vanished");
            using var stream = new MemoryStream(bytes, writable: false);
            schema ??= await SchemaOfAsync(stream, entry.Path, ct).ConfigureAwait(false);
            stream.Position = 0;
            var stats = await ParquetFileStats.ComputeAsync(stream, ct).ConfigureAwait(false);
            dataFiles.Add(new DeltaDataFile(entry.Path, values, entry.Size, entry.LastModified, stats));
        }
        var partitionFields = columns.Select(c => new DeltaField(c,
            partitioned.All(p => p.Values[c] is null || IsoDate.TryParse(p.Values[c], out _))
                ? "date" : "string"));
        var request = new DeltaWriteRequest([.. schema!.Where(f => !columns.Contains(f.Name)), .. partitionFields], columns, dataFiles,
            DeltaWriteMode.ErrorIfExists, (options ?? new CommitOptions("CONVERT")) with { Operation = "CONVERT" });
        return (await DeltaWriter.CommitAsync(log, request, ct).ConfigureAwait(false))!;
    }

    private static Dictionary<string, string?> PartitionValuesOf(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var segment in path.Split('/')[..^1])
        {
            var eq = segment.IndexOf('=');
            if (eq <= 0) continue;
            var value = Uri.UnescapeDataString(segment[(eq + 1)..]);
            values[Uri.UnescapeDataString(segment[..eq])] = value == "__HIVE_DEFAULT_PARTITION__" ? null : value;
        }
        return values;
    }

    private static async Task<List<DeltaField>> SchemaOfAsync(Stream parquet, string path, CancellationToken ct)
    {
        await using var reader = await ParquetReader.CreateAsync(parquet, cancellationToken: ct).ConfigureAwait(false);
        return reader.Schema.Fields.Select(f => f is DataField d
            ? new DeltaField(d.Name, SparkType(d) ?? throw new DeltaWriteException($"{path}: column {d.Name} has a type this converter does not map ({d.ClrType.Name})"))
            : throw new DeltaWriteException($"{path}: nested column {f.Name} is not supported by the converter")).ToList();
    }

    private static string? SparkType(DataField field) => field switch
    {
        DecimalDataField dec => $"decimal({dec.Precision},{dec.Scale})",
        DateTimeDataField { DateTimeFormat: DateTimeFormat.Date } => "date",
        DateTimeDataField => "timestamp",
        _ when field.ClrType == typeof(DateOnly) => "date",
        _ when field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>) => "string",
        _ when field.ClrType == typeof(long) => "long",
        _ when field.ClrType == typeof(int) => "integer",
        _ when field.ClrType == typeof(short) => "short",
        _ when field.ClrType == typeof(sbyte) => "byte",
        _ when field.ClrType == typeof(double) => "double",
        _ when field.ClrType == typeof(float) => "float",
        _ when field.ClrType == typeof(bool) => "boolean",
        _ when field.ClrType == typeof(DateTime) => "timestamp",
        _ when field.ClrType == typeof(byte[]) => "binary",
        _ => null,
    };
}
