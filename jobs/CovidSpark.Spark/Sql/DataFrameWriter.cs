using System.Collections.Immutable;
using CovidSpark.Spark.Plan;

namespace CovidSpark.Spark.Sql;

/// <summary>
/// Writes a DataFrame: <c>df.Write().Mode(SaveMode.Overwrite).Option("partitionOverwriteMode", "dynamic")
/// .PartitionBy("report_date").ParquetAsync(path)</c>.
/// </summary>
public sealed class DataFrameWriter
{
    private readonly DataFrame _df;
    private SaveMode _mode = SaveMode.ErrorIfExists;
    private FileFormat _format = FileFormat.Parquet;
    private ImmutableArray<string> _partitionBy = [];
    private ImmutableSortedDictionary<string, string> _options = ImmutableSortedDictionary.Create<string, string>(StringComparer.OrdinalIgnoreCase);

    internal DataFrameWriter(DataFrame df) => _df = df;

    public DataFrameWriter Mode(SaveMode mode) { _mode = mode; return this; }

    /// <summary>Spark's mode names: <c>error</c>/<c>errorifexists</c>, <c>append</c>, <c>overwrite</c>, <c>ignore</c>.</summary>
    public DataFrameWriter Mode(string mode) => Mode(mode.ToLowerInvariant() switch
    {
        "error" or "errorifexists" or "default" => SaveMode.ErrorIfExists,
        "append" => SaveMode.Append,
        "overwrite" => SaveMode.Overwrite,
        "ignore" => SaveMode.Ignore,
        _ => throw new ArgumentException($"Unknown save mode '{mode}'. Use error, append, overwrite or ignore.", nameof(mode)),
    });

    /// <summary><c>parquet</c>, <c>csv</c> or <c>delta</c> (Delta only on engines that have it; others fail with a clear error).</summary>
    public DataFrameWriter Format(string format) { _format = ParseFormat(format); return this; }

    public DataFrameWriter Option(string key, string value) { _options = _options.SetItem(key, value); return this; }

    /// <summary>One folder per value (<c>report_date=2020-11-09/</c>), in the given column order.</summary>
    public DataFrameWriter PartitionBy(params string[] columns) { _partitionBy = [.. columns]; return this; }

    /// <summary>Writes; returns the number of rows written when the engine reports it.</summary>
    public Task<long?> SaveAsync(string path, CancellationToken cancellationToken = default) =>
        _df.Session.Engine.WriteAsync(new WriteCommand(_df.Plan, path, _format, _mode, _partitionBy, _options), cancellationToken);

    public Task<long?> ParquetAsync(string path, CancellationToken cancellationToken = default) { _format = FileFormat.Parquet; return SaveAsync(path, cancellationToken); }

    public Task<long?> CsvAsync(string path, CancellationToken cancellationToken = default) { _format = FileFormat.Csv; return SaveAsync(path, cancellationToken); }

    internal static FileFormat ParseFormat(string format) => format.ToLowerInvariant() switch
    {
        "parquet" => FileFormat.Parquet,
        "csv" => FileFormat.Csv,
        "delta" => FileFormat.Delta,
        _ => throw new ArgumentException($"Unknown format '{format}'. Use parquet, csv or delta.", nameof(format)),
    };
}
