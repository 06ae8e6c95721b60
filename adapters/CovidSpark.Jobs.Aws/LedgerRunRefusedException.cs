namespace CovidSpark.Jobs.Aws;

/// <summary>
/// A manual run (<c>run --ledger-table</c> without <c>--ledger-token</c>) asked for dates that an EMR step or another live run
/// holds in the ledger. It is refused before any work: taking the item over would record the step's attempt with the manual run's
/// duration and counts, and the step's own report would then be lost.
/// </summary>
public sealed class LedgerRunRefusedException(string table, IReadOnlyList<string> held)
    : CovidSpark.Aws.CovidSparkOperationsException($"--ledger-table {table}: {string.Join("; ", held)}. A manual run does not take over dates an EMR step or another run holds: "
        + "wait for it (covidspark status --date <date>) or cancel it, then run again; or run without --ledger-table")
{
    /// <summary>The ledger table asked.</summary>
    public string Table { get; } = table;

    /// <summary>Each held date, with who holds it.</summary>
    public IReadOnlyList<string> Held { get; } = held;
}
