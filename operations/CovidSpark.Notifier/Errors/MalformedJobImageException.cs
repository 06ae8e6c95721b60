namespace CovidSpark.Notifier.Errors;

/// <summary>
/// A ledger item on the stream lacks an attribute the ledger contract (docs/ledger.md) requires, or holds one
/// that cannot be read. The record is reported as failed, so nothing is silently dropped.
/// </summary>
public sealed class MalformedJobImageException : NotifierException
{
    /// <summary>Creates the exception.</summary>
    public MalformedJobImageException(string? pk, string attribute, string problem)
        : base($"Ledger item '{pk ?? "(no pk)"}': attribute '{attribute}' {problem}.")
    {
        Pk = pk;
        Attribute = attribute;
    }

    /// <summary>The item's key, when it has one.</summary>
    public string? Pk { get; }

    /// <summary>The offending attribute.</summary>
    public string Attribute { get; }

    /// <inheritdoc />
    public override bool IsTransient => false;
}
