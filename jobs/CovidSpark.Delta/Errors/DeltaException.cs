namespace CovidSpark.Delta.Errors;

/// <summary>Base of every error raised by the Delta transaction log library.</summary>
public abstract class DeltaException : CovidSpark.Spark.Errors.SparkJobsException
{
    protected DeltaException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The path holds no Delta table (no <c>_delta_log</c> commit or checkpoint), or the version asked for does not exist.</summary>
public sealed class DeltaTableNotFoundException(string message) : DeltaException(message);

/// <summary>
/// The table needs a reader or writer feature this library does not implement (deletion vectors, column mapping,
/// type widening, …). <see cref="Feature"/> names it as the protocol does.
/// </summary>
public sealed class DeltaUnsupportedFeatureException(string table, string feature, string detail)
    : DeltaException($"Delta table {table} uses '{feature}', which this reader/writer does not support: {detail}")
{
    public string Feature { get; } = feature;
}

/// <summary>The log is inconsistent: a missing commit, no protocol or metadata, an unreadable action. Names the file.</summary>
public sealed class DeltaLogCorruptException(string message, Exception? inner = null) : DeltaException(message, inner);

/// <summary>A time-travel request (version or timestamp) outside the table's history.</summary>
public sealed class DeltaTimeTravelException(string message) : DeltaException(message);

/// <summary>What another writer changed that conflicts with this commit.</summary>
public enum DeltaConflictKind
{
    /// <summary>The other commit added files to partitions this commit read or replaces.</summary>
    ConcurrentAppend,
    /// <summary>The other commit removed files this commit also removes.</summary>
    ConcurrentDelete,
    /// <summary>The other commit changed the table's schema, partitioning or protocol.</summary>
    MetadataChanged,
    /// <summary>The other commit applied the same application transaction (txn appId) first.</summary>
    ConcurrentTransaction,
    /// <summary>Too many commits won the race in a row; nothing conflicted but the retries ran out.</summary>
    TooManyRetries,
}

/// <summary>
/// A commit lost the race for its version to another writer whose changes really conflict (same partitions, same
/// application transaction, changed metadata). Nothing of this commit is visible. <see cref="OtherWriter"/> describes the
/// winner from its <c>commitInfo</c>.
/// </summary>
public sealed class DeltaConcurrentModificationException(string table, DeltaConflictKind kind, long winningVersion, string otherWriter, string detail)
    : DeltaException($"Commit to Delta table {table} conflicts with version {winningVersion} written by {otherWriter}: {detail}")
{
    public DeltaConflictKind Kind { get; } = kind;
    public long WinningVersion { get; } = winningVersion;
    public string OtherWriter { get; } = otherWriter;
    public override bool IsTransient => Kind == DeltaConflictKind.TooManyRetries;
}

/// <summary>A write the table's protocol forbids (append-only table, invariants, mismatched schema or partitioning).</summary>
public sealed class DeltaWriteException(string message) : DeltaException(message);
