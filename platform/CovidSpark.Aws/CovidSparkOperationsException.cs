namespace CovidSpark.Aws;

/// <summary>
/// Base of every exception the operations side throws: the platform (AWS settings and clients, the ledger, the catalog), the
/// launcher, tracker, notifier, Lambda runtime and deployment, and the hosts over them. A host catches this one type and maps
/// it to its exit code by <see cref="IsUsageError"/>; a retry asks <see cref="IsTransient"/>. Messages name what failed and how
/// to fix it, never a secret. The job library's side has its own root (<c>CovidSpark.Spark.Errors.SparkJobsException</c>).
/// </summary>
public abstract class CovidSparkOperationsException : Exception
{
    /// <summary>Creates the exception with the message a user reads.</summary>
    protected CovidSparkOperationsException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>True when the same call may succeed if retried later (throttling, a 5xx, a dropped connection, a lost race).</summary>
    public virtual bool IsTransient => false;

    /// <summary>
    /// True when the caller's input is at fault (a malformed or out-of-range date, an unknown job or option value, an artifacts
    /// folder that cannot be deployed): a command line answers with its usage exit code rather than its service-failure one.
    /// </summary>
    public virtual bool IsUsageError => false;
}
