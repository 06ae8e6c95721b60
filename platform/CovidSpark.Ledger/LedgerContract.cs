namespace CovidSpark.Ledger;

/// <summary>
/// The ledger's contract with every component that reads or writes it (docs/ledger.md): where the table name comes from, the key
/// prefixes of the items that are not jobs, and — in <see cref="LedgerSchema"/> and <see cref="JobStates"/> — attribute and state names.
/// </summary>
public static class LedgerContract
{
    /// <summary>The environment variable naming the table (set on every function by the template).</summary>
    public const string TableVariable = "COVIDSPARK_TABLE";

    /// <summary>The table when nothing names one.</summary>
    public const string DefaultTable = "covidspark-jobs";

    /// <summary>Key prefix of the cluster-creation leases (<c>lock#cluster#&lt;cluster name&gt;</c>).</summary>
    public const string ClusterLockPrefix = "lock#cluster#";

    /// <summary>Key prefix of the notifier's sent marks (<c>notify#&lt;job&gt;#&lt;date&gt;#…</c>).</summary>
    public const string NotifyPrefix = "notify#";
}

/// <summary>
/// Which ledger table a component uses — one rule for the CLI, the functions and the notifier: an explicit name (<c>--table</c>)
/// &gt; <c>COVIDSPARK_TABLE</c> &gt; <c>ledgerTable</c> of emr-config.json &gt; <c>covidspark-jobs</c>. Blank values count as unset.
/// </summary>
public static class LedgerTableResolver
{
    /// <summary>Resolves the table name.</summary>
    /// <param name="explicitName">A name given for this invocation (e.g. <c>--table</c>), or null.</param>
    /// <param name="environment">Reads environment variables.</param>
    /// <param name="configured">The configuration's <c>ledgerTable</c>, when a configuration is loaded.</param>
    public static string Resolve(string? explicitName, Func<string, string?> environment, string? configured) =>
        new[] { explicitName, environment(LedgerContract.TableVariable), configured }.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))?.Trim()
        ?? LedgerContract.DefaultTable;
}
