using System.Globalization;
using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using Microsoft.Extensions.Logging;
using static CovidSpark.Spark.DuckDb.DuckDbDialect;

namespace CovidSpark.Spark.DuckDb;

public sealed partial class DuckDbEngine
{
    /// <summary>
    /// Writes with Spark's folder layout: <c>path/part-00000.parquet</c>, or <c>path/col=value/part-0.parquet</c>
    /// per partition. Output is deterministic for the same input (fixed file names, insertion order kept).
    /// Dynamic partition overwrite replaces only the partitions present in the new data.
    /// </summary>
    public async Task<long?> WriteAsync(WriteCommand command, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ResolveDeltaReadsAsync(command.Input, cancellationToken).ConfigureAwait(false);
            if (command.Format == FileFormat.Delta)
                return await WriteDeltaAsync(command, CompileToSql(command.Input), cancellationToken).ConfigureAwait(false);
            var path = Path.GetFullPath(command.Path);
            var exists = Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any();
            switch (command.Mode)
            {
                case SaveMode.ErrorIfExists when exists:
                    throw new AnalysisException($"Path {path} already exists. Use Mode(\"overwrite\") or Mode(\"append\").");
                case SaveMode.Ignore when exists:
                    return 0;
            }
            var sql = CompileToSql(command.Input);
            var format = command.Format == FileFormat.Csv ? "FORMAT csv, HEADER true" : "FORMAT parquet, COMPRESSION zstd";
            var ext = command.Format == FileFormat.Csv ? "csv" : "parquet";
            // Materialise first when partitioning (the partition values and the write read the same rows) and when
            // overwriting: a query that fails, or that reads the destination itself, must not find it already deleted.
            var staged = !command.PartitionBy.IsEmpty || command.Mode == SaveMode.Overwrite;
            using var oneThread = OneThreadIf(IsOrderSensitive(command.Input));
            if (staged) ExecuteNonQuery($"CREATE OR REPLACE TEMP TABLE __covidspark_write AS {sql}", cancellationToken);
            try
            {
                var source = staged ? "SELECT * FROM __covidspark_write" : sql;
                if (command.Mode == SaveMode.Overwrite && exists && !command.DynamicPartitionOverwrite)
                    Directory.Delete(path, recursive: true);
                Directory.CreateDirectory(path);
                long written;
                if (command.PartitionBy.IsEmpty)
                {
                    var file = Path.Combine(path, command.Mode == SaveMode.Append ? $"part-{NextPartNumber(path, ext):00000}.{ext}" : $"part-00000.{ext}");
                    written = ExecuteNonQuery($"COPY ({source}) TO {QuoteString(file)} ({format})", cancellationToken);
                }
                else
                {
                    if (command.DynamicPartitionOverwrite)
                        DeletePartitions(path, command, cancellationToken);
                    written = WritePartitions(path, command, format, ext, cancellationToken);
                }
                LogWrite(_logger, written, path);
                return written;
            }
            finally
            {
                if (staged) ExecuteNonQuery("DROP TABLE IF EXISTS __covidspark_write", CancellationToken.None);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void DeletePartitions(string path, WriteCommand command, CancellationToken cancellationToken)
    {
        foreach (var values in PartitionValues(command))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = PartitionFolder(path, command, values);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// One plain COPY per partition, in partition-value order. DuckDB's own PARTITION_BY writes partitions from several threads
    /// and does not keep the input's order inside a file, so the same input could give different bytes; a plain COPY of the
    /// rows of one partition (read from the materialised table, in insertion order) does. The filter compares typed values
    /// (<c>report_date = CAST('2020-03-22' AS DATE)</c>), not text, so it costs next to nothing per row.
    /// </summary>
    private long WritePartitions(string path, WriteCommand command, string format, string ext, CancellationToken cancellationToken)
    {
        var exclude = string.Join(", ", command.PartitionBy.Select(Quote));
        var types = PartitionColumnTypes(command);
        long written = 0;
        foreach (var values in PartitionValues(command).OrderBy(v => string.Join("\u0001", v.Select(x => x ?? "")), StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = PartitionFolder(path, command, values);
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, command.Mode == SaveMode.Append ? $"part-{Guid.NewGuid():N}.{ext}" : $"part-0.{ext}");
            var where = string.Join(" AND ", command.PartitionBy.Select((c, i) =>
                values[i] is null ? $"{Quote(c)} IS NULL" : $"{Quote(c)} = CAST({QuoteString(values[i]!)} AS {types[i]})"));
            written += ExecuteNonQuery(
                $"COPY (SELECT * EXCLUDE ({exclude}) FROM __covidspark_write WHERE {where}) TO {QuoteString(file)} ({format})", cancellationToken);
        }
        return written;
    }

    /// <summary>DuckDB type names of the partition columns of the materialised write.</summary>
    private string[] PartitionColumnTypes(WriteCommand command)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '__covidspark_write' AND database_name = 'temp'";
        using var reader = cmd.ExecuteReader();
        var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read()) types[reader.GetString(0)] = reader.GetString(1);
        return [.. command.PartitionBy.Select(c => types.TryGetValue(c, out var t)
            ? t
            : throw new AnalysisException($"Cannot partition by '{c}': the data has no such column (columns: {string.Join(", ", types.Keys)})"))];
    }

    /// <summary>The distinct partition tuples of the materialised write, as text (null for NULL).</summary>
    private List<string?[]> PartitionValues(WriteCommand command)
    {
        var cols = string.Join(", ", command.PartitionBy.Select(c => $"CAST({Quote(c)} AS VARCHAR)"));
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT DISTINCT {cols} FROM __covidspark_write";
        using var reader = cmd.ExecuteReader();
        var result = new List<string?[]>();
        while (reader.Read())
            result.Add([.. Enumerable.Range(0, command.PartitionBy.Length).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i))]);
        return result;
    }

    /// <summary>Hive-style folder of one partition; values are percent-encoded as DuckDB does ("Korea, South" → Korea%2C%20South).</summary>
    private static string PartitionFolder(string path, WriteCommand command, string?[] values)
    {
        var dir = path;
        for (var i = 0; i < command.PartitionBy.Length; i++)
            dir = Path.Combine(dir, $"{command.PartitionBy[i]}={(values[i] is null ? "__HIVE_DEFAULT_PARTITION__" : Uri.EscapeDataString(values[i]!))}");
        return dir;
    }

    private static int NextPartNumber(string path, string ext) =>
        Directory.EnumerateFiles(path, "part-*." + ext)
            .Select(f => int.TryParse(Path.GetFileNameWithoutExtension(f)["part-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 0)
            .DefaultIfEmpty(0).Max();

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Wrote {Rows} rows to {Path}")]
    private static partial void LogWrite(ILogger logger, long rows, string path);
}
