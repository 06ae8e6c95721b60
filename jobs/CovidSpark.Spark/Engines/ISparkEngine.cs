using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Engines;

/// <summary>
/// An execution engine: compiles logical plans to its own language and runs them.
/// Implementations: the embedded DuckDB engine (assembly CovidSpark.Spark.DuckDb) and the Spark Connect engine (CovidSpark.Spark.Connect).
/// </summary>
public interface ISparkEngine : IAsyncDisposable
{
    /// <summary>Short engine name used in errors and run manifests (<c>duckdb</c>, <c>spark</c>).</summary>
    string Name { get; }

    /// <summary>Runs a query and returns every row.</summary>
    Task<QueryResult> ExecuteAsync(Relation plan, CancellationToken cancellationToken);

    /// <summary>The result schema of a query, without running it.</summary>
    Task<StructType> SchemaAsync(Relation plan, CancellationToken cancellationToken);

    /// <summary>Writes a query's result to files; returns the number of rows written when the engine knows it.</summary>
    Task<long?> WriteAsync(WriteCommand command, CancellationToken cancellationToken);

    /// <summary>What the engine would run for a plan, in its own language (SQL text, readable plan).</summary>
    Task<string> ExplainAsync(Relation plan, CancellationToken cancellationToken);

    /// <summary>
    /// The columns of a new leaf (<see cref="ReadFiles"/>, <see cref="SqlQuery"/>), resolved when its DataFrame is created, as
    /// Spark analyses eagerly, so that compiling plans over it needs no connection; the leaf carries them
    /// (<see cref="ReadFiles.Resolved"/>). Null when the engine needs none or resolves on its side (Spark Connect: the
    /// server), which is the default. An unreadable file or invalid SQL fails here, naming the file or query.
    /// </summary>
    ResolvedColumns? ResolveColumns(Relation leaf) => null;
}

/// <summary>Rows and their schema.</summary>
public sealed record QueryResult(StructType Schema, IReadOnlyList<Row> Rows);
