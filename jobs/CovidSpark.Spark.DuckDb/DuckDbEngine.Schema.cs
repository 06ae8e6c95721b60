using CovidSpark.Delta;
using CovidSpark.Delta.Log;
using CovidSpark.Spark.Plan;

namespace CovidSpark.Spark.DuckDb;

public sealed partial class DuckDbEngine
{
    private Dictionary<ReadFiles, IReadOnlyList<(string Name, string Type)>> _deltaColumns = [];

    /// <summary>
    /// The columns of a resolved Delta read, from the table's schema in its log (the order and types its SQL selects), so
    /// compiling never describes a Delta table; a table with a column type that has no DuckDB twin here is described when its
    /// snapshot is resolved (<see cref="ResolveDeltaReadsAsync"/>), before compiling.
    /// </summary>
    internal IReadOnlyList<(string Name, string Type)>? DeltaColumnsOf(ReadFiles read) => _deltaColumns.GetValueOrDefault(read);

    private void RememberDeltaColumns(ReadFiles read, Snapshot snapshot)
    {
        var columns = DeltaSchema.Parse(snapshot.Metadata.SchemaString)
            .Select(f => (f.Name, Type: DuckDbDeltaTypes.ToDuckDb(f.Type) is { } t ? DescribedAs(t) : null)).ToList();
        if (columns.All(c => c.Type is not null)) _deltaColumns[read] = [.. columns.Select(c => (c.Name, c.Type!))];
    }

    /// <summary>DuckDB's DESCRIBE spelling of a type name used in a cast.</summary>
    private static string DescribedAs(string duckType) => duckType == "TIMESTAMPTZ" ? "TIMESTAMP WITH TIME ZONE" : duckType;

    /// <summary>
    /// The columns of a new Parquet read, CSV read without a schema or SQL query, as DuckDB describes them now, when the
    /// DataFrame is created (Spark analyses eagerly too): the leaf carries them, so no later compilation asks DuckDB. A CSV
    /// without a header gets Spark's names (<c>_c0</c>, <c>_c1</c>, ...); DuckDB's types are kept (HUGEINT, DECIMAL: the
    /// compiler casts them where Spark has bigint and double). Null for other leaves: their columns are in the plan or the log.
    /// </summary>
    /// <exception cref="DuckDbEngineException">DuckDB cannot read the files or bind the query (the message names them).</exception>
    public ResolvedColumns? ResolveColumns(Relation leaf)
    {
        if (leaf is not (SqlQuery or ReadFiles { Format: FileFormat.Parquet } or ReadFiles { Format: FileFormat.Csv, Schema: null })) return null;
        // DataFrame creation is synchronous, as in Spark; the gate keeps this describe from interleaving with a running action.
        _gate.Wait();
        try
        {
            // A query's views may read Delta tables: their snapshots give their SQL (local log files, read once per session).
            if (leaf is SqlQuery) ResolveDeltaReadsAsync(leaf, CancellationToken.None).GetAwaiter().GetResult();
            var columns = Describe(NewCompiler().LeafSql(leaf));
            var headerless = leaf is ReadFiles { Format: FileFormat.Csv } csv && !DuckDbSqlCompiler.HasHeader(csv);
            return new ResolvedColumns(Name, [.. columns.Select((c, i) =>
                new ResolvedColumn(headerless ? DuckDbSqlCompiler.SparkCsvColumnName(i) : c.Name, c.Type))]);
        }
        finally { _gate.Release(); }
    }
}
