using System.Collections.Immutable;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Sql;

/// <summary>
/// Reads files: <c>spark.Read().Option("header", "true").Schema("a string, b bigint").Csv(path)</c>.
/// A directory path reads every file in it (for Parquet, with <c>key=value</c> partition folders as columns).
/// As in Spark, the columns of Parquet files and of a CSV read without a schema are resolved when the DataFrame is created
/// (on the embedded engine a missing path fails then), and the DataFrame keeps them.
/// </summary>
public sealed class DataFrameReader
{
    private readonly SparkSession _session;
    private ImmutableSortedDictionary<string, string> _options = ImmutableSortedDictionary.Create<string, string>(StringComparer.OrdinalIgnoreCase);
    private StructType? _schema;
    private FileFormat _format = FileFormat.Parquet;

    internal DataFrameReader(SparkSession session) => _session = session;

    /// <summary>
    /// A reader option, with Spark's names: <c>header</c>, <c>sep</c>, <c>nullValue</c>, <c>quote</c>, <c>escape</c>,
    /// <c>inferSchema</c>. Without a schema and without <c>inferSchema=true</c>, CSV columns are strings (as in Spark).
    /// </summary>
    public DataFrameReader Option(string key, string value) { _options = _options.SetItem(key, value); return this; }

    public DataFrameReader Option(string key, bool value) => Option(key, value ? "true" : "false");

    /// <summary>A number option, e.g. <c>Option("versionAsOf", 3)</c> (sent as its invariant text, as Spark does).</summary>
    public DataFrameReader Option(string key, long value) => Option(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public DataFrameReader Schema(StructType schema) { _schema = schema; return this; }

    /// <summary>Schema in Spark DDL: <c>"iso3 string, confirmed bigint"</c>.</summary>
    public DataFrameReader Schema(string ddl) => Schema(StructType.FromDdl(ddl));

    /// <summary><c>parquet</c> (the default), <c>csv</c> or <c>delta</c>; then <see cref="Load(string[])"/>.</summary>
    public DataFrameReader Format(string format) { _format = DataFrameWriter.ParseFormat(format); return this; }

    /// <summary>Reads the path(s) in the format set by <see cref="Format"/>.</summary>
    public DataFrame Load(params string[] paths) => Load(_format, paths);

    public DataFrame Csv(params string[] paths) => Load(FileFormat.Csv, paths);

    public DataFrame Parquet(params string[] paths) => Load(FileFormat.Parquet, paths);

    /// <summary>
    /// A Delta table: its latest snapshot, or the one named by option <c>versionAsOf</c> (a version number) or
    /// <c>timestampAsOf</c> (the latest version committed at or before that time), as in Spark.
    /// </summary>
    public DataFrame Delta(string path) => Load(FileFormat.Delta, [path]);

    private DataFrame Load(FileFormat format, string[] paths)
    {
        if (paths.Length == 0) throw new ArgumentException("Give at least one path.", nameof(paths));
        var read = new ReadFiles(format, [.. paths], _options, _schema);
        return new(_session, read with { Resolved = _session.Engine.ResolveColumns(read) });
    }
}
