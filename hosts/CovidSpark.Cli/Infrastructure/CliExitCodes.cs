namespace CovidSpark.Cli.Infrastructure;

/// <summary>Exit codes of <c>covidspark</c>; scripts can rely on them (the root help shows the table).</summary>
public static class CliExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Invalid arguments: unknown option, malformed or out-of-range date, unknown job or state.</summary>
    public const int Usage = 1;

    /// <summary>emr-config.json is missing or invalid (every problem is printed).</summary>
    public const int Config = 2;

    /// <summary>Nothing was submitted: every requested date is already SUBMITTED, RUNNING or completed.</summary>
    public const int Refused = 3;

    /// <summary>Only part was done: dates deferred by EMR's active-step limit, or submissions failed (run the command again later).</summary>
    public const int Incomplete = 4;

    /// <summary>AWS or the ledger failed: unreachable endpoint, rejected call, missing table.</summary>
    public const int AwsError = 5;

    /// <summary>Cancelled (Ctrl+C): 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;
}
