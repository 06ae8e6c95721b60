using CovidSpark.Spark.Errors;

namespace CovidSpark.Spark.DuckDb;

/// <summary>The embedded DuckDB engine failed to run a query; carries the SQL that failed.</summary>
public sealed class DuckDbEngineException : SparkJobsException
{
    public DuckDbEngineException(string message, string sql, Exception inner) : base($"{message}: {inner.Message}", inner) => Sql = sql;

    /// <summary>The compiled SQL that DuckDB rejected.</summary>
    public string Sql { get; }
}
