using CovidSpark.Aws;
namespace CovidSpark.Ledger;

/// <summary>Base of the ledger's domain failures; carries the item concerned.</summary>
public abstract class LedgerException(JobKey key, string message, Exception? inner = null) : CovidSparkOperationsException(message, inner)
{
    /// <summary>The job and date concerned.</summary>
    public JobKey Key { get; } = key;
}

/// <summary>A launch was refused because the job is already SUBMITTED or RUNNING with a live step.</summary>
public sealed class JobAlreadyActiveException(JobRecord current)
    : LedgerException(current.Key, $"{current.Key} is already {current.State.ToWire()} (attempt {current.Attempt}, cluster {current.ClusterId ?? "-"}, step {current.StepId ?? "-"})")
{
    /// <summary>The item as it stands.</summary>
    public JobRecord Current { get; } = current;
}

/// <summary>A launch was refused because the job already completed (SUCCEEDED or PARTIAL) and it was not an explicit re-run (<see cref="JobClaim.Rerun"/>).</summary>
public sealed class JobAlreadyCompletedException(JobRecord current)
    : LedgerException(current.Key, $"{current.Key} already completed as {current.State.ToWire()} (attempt {current.Attempt}, ended {current.EndedAt?.ToString("u") ?? "-"})")
{
    /// <summary>The item as it stands.</summary>
    public JobRecord Current { get; } = current;
}

/// <summary>A write lost a race: the item changed since it was read (another launcher, tracker or job wrote first).</summary>
public sealed class StaleTransitionException(JobKey key, long expectedVersion, string operation, Exception? inner = null)
    : LedgerException(key, $"{key}: {operation} was not applied because the item changed since version {expectedVersion}", inner)
{
    /// <summary>The version the write was conditional on.</summary>
    public long ExpectedVersion { get; } = expectedVersion;

    /// <summary>What was being written.</summary>
    public string Operation { get; } = operation;

    /// <summary>A lost race: read the item again and the transition may apply.</summary>
    public override bool IsTransient => true;
}

/// <summary>A transition was asked for an item that does not exist.</summary>
public sealed class JobNotFoundException(JobKey key) : LedgerException(key, $"{key} is not in the ledger");

/// <summary>The ledger table does not exist or is not usable.</summary>
public sealed class LedgerTableException(string table, string message, Exception? inner = null)
    : CovidSparkOperationsException($"ledger table '{table}': {message}", inner)
{
    /// <summary>The table name.</summary>
    public string Table { get; } = table;
}
