namespace CovidSpark.Spark.Errors;

/// <summary>
/// Base of every exception the jobs side throws: the DataFrame API and plan, both engines, the Delta log library and the jobs
/// (ETL, statistics, KMeans). A host catches this one type; a retry asks <see cref="IsTransient"/>. The operations side
/// (platform, launcher, notifier) has its own root, <c>CovidSpark.Aws.CovidSparkOperationsException</c>.
/// </summary>
public abstract class SparkJobsException : Exception
{
    protected SparkJobsException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>True when the same call may succeed if retried (a dropped connection, a throttled server).</summary>
    public virtual bool IsTransient => false;
}

/// <summary>
/// The engine cannot compile a plan node or function. Thrown at compile time, before anything runs,
/// so a job never produces silently wrong results on an engine that lacks a feature.
/// </summary>
public sealed class OperationNotSupportedException : SparkJobsException
{
    public OperationNotSupportedException(string engine, string operation, string? hint = null)
        : base($"Not supported by engine {engine}: {operation}{(hint is null ? "" : ". " + hint)}")
    {
        Engine = engine;
        Operation = operation;
    }

    public string Engine { get; }

    public string Operation { get; }
}

/// <summary>A reference to a column, view or table that does not exist.</summary>
public sealed class AnalysisException : SparkJobsException
{
    public AnalysisException(string message) : base(message) { }
}
