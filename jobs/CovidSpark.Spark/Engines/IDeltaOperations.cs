namespace CovidSpark.Spark.Engines;

/// <summary>
/// The Delta Lake table operations an engine provides, behind <see cref="Delta.DeltaTable"/>: an optional port next to
/// <see cref="ISparkEngine"/> (an engine without it makes <c>DeltaTable</c> fail with <see cref="Errors.OperationNotSupportedException"/>).
/// The embedded engine implements it on its own Delta log; the Spark Connect engine with Delta's SQL commands. Results
/// have the column names and types Delta's commands return, with map and struct columns as JSON text.
/// </summary>
public interface IDeltaOperations
{
    /// <summary>Whether <paramref name="path"/> is the root of a Delta table (false for a missing folder or a plain one).</summary>
    Task<bool> IsDeltaTableAsync(string path, CancellationToken cancellationToken);

    /// <summary>The table's commits, newest first, at most <paramref name="limit"/> (all when null): <see cref="Delta.DeltaTable.HistorySchema"/>.</summary>
    Task<QueryResult> HistoryAsync(string path, int? limit, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes files no version within the retention uses. The safety window has been checked by the caller; the engine
    /// passes <see cref="DeltaVacuumRequest.RetentionDurationCheckEnabled"/> on to a server that checks it again.
    /// One row per the engine's answer (column <c>path</c>, as Delta's <c>VACUUM</c>).
    /// </summary>
    Task<QueryResult> VacuumAsync(string path, DeltaVacuumRequest request, CancellationToken cancellationToken);

    /// <summary>Makes an earlier version current again with one new commit: <see cref="Delta.DeltaTable.RestoreSchema"/>.</summary>
    Task<QueryResult> RestoreAsync(string path, DeltaRestoreTarget target, CancellationToken cancellationToken);
}

/// <summary>What a vacuum keeps.</summary>
/// <param name="RetentionHours">Keep files removed less than this many hours ago; null for the table's default (7 days).</param>
/// <param name="RetentionDurationCheckEnabled">
/// Delta's <c>spark.databricks.delta.retentionDurationCheck.enabled</c>: when true, a retention below 7 days is refused.
/// </param>
public sealed record DeltaVacuumRequest(double? RetentionHours, bool RetentionDurationCheckEnabled = true);

/// <summary>The version a restore goes back to: a version number or a timestamp (the version current at that time).</summary>
public sealed record DeltaRestoreTarget
{
    private DeltaRestoreTarget(long? version, string? timestamp)
    {
        Version = version;
        Timestamp = timestamp;
    }

    /// <summary>The version number, or null when restoring to a timestamp.</summary>
    public long? Version { get; }

    /// <summary>The timestamp text (e.g. <c>2026-12-06 12:00:00</c>, UTC), or null when restoring to a version.</summary>
    public string? Timestamp { get; }

    /// <summary>Restore to version <paramref name="version"/> (0 or more).</summary>
    public static DeltaRestoreTarget ToVersion(long version) =>
        version >= 0 ? new(version, null) : throw new ArgumentOutOfRangeException(nameof(version), version, "A Delta version is 0 or more.");

    /// <summary>Restore to the version current at <paramref name="timestamp"/>.</summary>
    public static DeltaRestoreTarget ToTimestamp(string timestamp) =>
        string.IsNullOrWhiteSpace(timestamp) ? throw new ArgumentException("Give a timestamp such as 2026-12-06 12:00:00.", nameof(timestamp)) : new(null, timestamp.Trim());
}
