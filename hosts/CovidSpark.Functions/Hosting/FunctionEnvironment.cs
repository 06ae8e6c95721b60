namespace CovidSpark.Functions.Hosting;

/// <summary>Environment variables the functions read (besides the standard AWS ones: AWS_REGION, AWS_ENDPOINT_URL, credentials).</summary>
public static class FunctionEnvironment
{
    /// <summary>Which handler this function runs: <c>launcher</c>, <c>step-status</c>, <c>notifier</c>… (set by Lambda from the function's Handler setting).</summary>
    public const string Handler = "_HANDLER";

    /// <summary>The Runtime API address (<c>host:port</c>), set by Lambda.</summary>
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>Path of emr-config.json; default: <c>emr-config.json</c> next to the bootstrap executable.</summary>
    public const string Config = "COVIDSPARK_CONFIG";

    /// <summary>Ledger table; overrides <c>ledgerTable</c> of emr-config.json.</summary>
    public const string Table = "COVIDSPARK_TABLE";

    /// <summary>Minimum log level (Trace, Debug, Information, Warning, Error); default Information.</summary>
    public const string LogLevel = "COVIDSPARK_LOG_LEVEL";

    /// <summary>Ledger TTL: days terminal items are kept (optional).</summary>
    public const string RetentionDays = "COVIDSPARK_RETENTION_DAYS";
}
