using CovidSpark.Notifier.Errors;

namespace CovidSpark.Notifier.Idempotency;

/// <summary>Reading or writing a sent mark failed (the table is unreachable, throttled or missing).</summary>
public sealed class SentMarkStoreException : NotifierException
{
    /// <summary>Creates the exception.</summary>
    public SentMarkStoreException(string table, string pk, string operation, Exception inner)
        : base($"Sent mark '{pk}' in table '{table}': {operation} failed: {inner?.Message}", inner)
    {
        Table = table;
        Pk = pk;
    }

    /// <summary>The ledger table.</summary>
    public string Table { get; }

    /// <summary>The mark's key.</summary>
    public string Pk { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
