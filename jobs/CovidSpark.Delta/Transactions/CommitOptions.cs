namespace CovidSpark.Delta.Transactions;

/// <summary>
/// What a commit records about itself in <c>commitInfo</c>: Spark's operation name (WRITE, CREATE TABLE, RESTORE, …)
/// and parameters, metrics, the engine, and free tags (this project: runId, job, reportDates).
/// </summary>
public sealed record CommitOptions(string Operation)
{
    public IReadOnlyDictionary<string, string> OperationParameters { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> OperationMetrics { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    /// <summary>Free text for <c>commitInfo.userMetadata</c> (Spark's writer option <c>userMetadata</c>), or none.</summary>
    public string? UserMetadata { get; init; }
    /// <summary>The engine and library that wrote the commit, e.g. "CovidSpark/1.0 duckdb".</summary>
    public string EngineInfo { get; init; } = "CovidSpark.Delta";
    /// <summary>How many times a commit that lost the race without a real conflict is retried at the next version.</summary>
    public int MaxRetries { get; init; } = 50;
}

/// <summary>The outcome of a commit.</summary>
/// <param name="Version">The version written, or the existing version when the commit was skipped.</param>
/// <param name="Attempts">1 when the first put succeeded; more when other writers won versions first.</param>
/// <param name="Skipped">True when the application transaction had already been applied (nothing written).</param>
/// <param name="CheckpointWritten">True when this commit also wrote a checkpoint.</param>
public sealed record CommitResult(long Version, int Attempts, bool Skipped, bool CheckpointWritten);
