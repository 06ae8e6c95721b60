namespace CovidSpark.Ledger;

/// <summary>Ledger settings.</summary>
/// <param name="TableName">DynamoDB table, default <c>covidspark-jobs</c>.</param>
/// <param name="RetentionDays">When set, terminal items get <c>expires_at</c> = end + this many days (DynamoDB TTL).</param>
/// <param name="MaxWriteRetries">How often a transition re-reads and re-evaluates after losing a conditional-write race.</param>
public sealed record LedgerOptions(string TableName = LedgerSchema.DefaultTableName, int? RetentionDays = null, int MaxWriteRetries = 8)
{
    /// <summary>Checks the settings and lists every problem.</summary>
    /// <exception cref="ArgumentException">Invalid table name or retention.</exception>
    public LedgerOptions Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(TableName) || TableName.Length is < 3 or > 255 || !TableName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            problems.Add($"table name '{TableName}' is not a valid DynamoDB table name (3-255 of a-z A-Z 0-9 _ - .)");
        if (RetentionDays is <= 0)
            problems.Add($"retention days must be positive, got {RetentionDays}");
        if (MaxWriteRetries < 1)
            problems.Add($"max write retries must be at least 1, got {MaxWriteRetries}");
        return problems.Count == 0 ? this : throw new ArgumentException(string.Join("; ", problems));
    }
}
