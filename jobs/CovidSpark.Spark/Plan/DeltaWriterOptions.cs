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
    /// <summary>
    /// Delta's <c>replaceWhere</c>, with save mode overwrite: the write replaces exactly the rows the predicate selects —
    /// every file of the partitions it names is removed, even those of partitions the new data has no row for — and the
    /// new rows must all satisfy it. This is how a re-run clears a date that has nothing to write any more. Spark's
    /// Delta takes any predicate; both engines here agree on the partition form <see cref="ReplaceWherePredicate"/>
    /// writes and reads (<c>report_date IN ('2020-11-01', '2020-11-02')</c>). Not together with
    /// <c>partitionOverwriteMode=dynamic</c> (Delta refuses the pair).
    /// </summary>
    public const string ReplaceWhere = "replaceWhere";
}
