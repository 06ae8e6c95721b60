using CovidSpark.Spark.Sql;

namespace CovidSpark.Spark.DuckDb;

/// <summary>Chooses the embedded DuckDB engine for a session.</summary>
public static class DuckDbSessionBuilderExtensions
{
    /// <summary>
    /// Runs the session's jobs in this process on DuckDB: <c>SparkSession.Builder().UseDuckDb().GetOrCreate()</c>.
    /// The lake is plain files; nothing is kept in a database unless <see cref="DuckDbOptions.DatabasePath"/> says so.
    /// </summary>
    /// <param name="builder">The session builder.</param>
    /// <param name="options">Threads, memory limit, spill folder, deterministic aggregates; null for the defaults.</param>
    public static SparkSessionBuilder UseDuckDb(this SparkSessionBuilder builder, DuckDbOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var o = options ?? new DuckDbOptions();
        return builder.Engine(lf => new DuckDbEngine(o, lf));
    }
}
