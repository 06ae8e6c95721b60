namespace CovidSpark.Spark.Plan;

/// <summary>Writer options of <c>format("delta")</c> that both engines understand (Spark's Delta Lake natively).</summary>
public static class DeltaWriterOptions
{
    /// <summary>Idempotent writes: the application id whose <see cref="TxnVersion"/> the commit records.</summary>
    public const string TxnAppId = "txnAppId";
    /// <summary>Idempotent writes: skipped when the table already holds this version (or a later one) for the application id.</summary>
    public const string TxnVersion = "txnVersion";
    /// <summary>Free text kept in <c>commitInfo.userMetadata</c>.</summary>
    public const string UserMetadata = "userMetadata";
    /// <summary>
    /// <c>covidspark.commit.&lt;key&gt;</c>: kept by the embedded engine in <c>commitInfo.tags</c> (Spark's Delta ignores
    /// unknown writer options; use <see cref="UserMetadata"/> there).
    /// </summary>
    public const string CommitTagPrefix = "covidspark.commit.";
}
