namespace CovidSpark.Ledger;

/// <summary>Attribute and index names of the ledger table (docs/ledger.md).</summary>
public static class LedgerSchema
{
    public const string DefaultTableName = LedgerContract.DefaultTable;
    public const string StateIndex = "by_state";

    public const string Pk = "pk", Job = "job", DataDate = "data_date", State = "state", Version = "version", Attempt = "attempt",
        PreviousAttempts = "previous_attempts", ClusterId = "cluster_id", StepId = "step_id", RangeFrom = "range_from", RangeTo = "range_to",
        SubmittedAt = "submitted_at", StartedAt = "started_at", EndedAt = "ended_at", DurationMs = "duration_ms", RowsIn = "rows_in",
        RowsOut = "rows_out", RowsQuarantined = "rows_quarantined", Manifest = "manifest", Message = "message", LogUri = "log_uri",
        UpdatedAt = "updated_at", ExpiresAt = "expires_at", SubmitToken = "submit_token", LeaseExpiresAt = "lease_expires_at";
}
