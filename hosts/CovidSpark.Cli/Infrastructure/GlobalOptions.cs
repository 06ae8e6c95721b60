using System.CommandLine;

namespace CovidSpark.Cli.Infrastructure;

/// <summary>Options every command accepts (recursive on the root command).</summary>
public sealed class GlobalOptions
{
    public Option<string?> Table { get; } = new("--table") { Description = "Ledger DynamoDB table (default: COVIDSPARK_TABLE, then ledgerTable of emr-config.json, then covidspark-jobs).", Recursive = true };
    public Option<string?> ClusterName { get; } = new("--cluster-name") { Description = "EMR cluster name to find or create (default: cluster.name of emr-config.json).", Recursive = true };
    public Option<string?> Region { get; } = new("--region") { Description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile).", Recursive = true };
    public Option<string> Config { get; } = new("--config", "-c") { Description = "Path of emr-config.json (default: emr-config.json in the working folder or a folder above it, else next to the program or above).", DefaultValueFactory = _ => "emr-config.json", Recursive = true };
    public Option<string?> EndpointUrl { get; } = new("--endpoint-url") { Description = "Endpoint of a local AWS emulator such as moto_server (default: AWS_ENDPOINT_URL).", Recursive = true };
    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for one AWS request (default 30); connecting gives up after at most 5 s, and a failed request is retried twice.",
        DefaultValueFactory = _ => 30,
        Recursive = true,
    };
    public Option<bool> Json { get; } = new("--json") { Description = "Print machine-readable JSON instead of tables.", Recursive = true };
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log AWS calls and ledger writes to standard error.", Recursive = true };

    /// <summary>Adds all of them to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        foreach (var option in new Option[] { Table, ClusterName, Region, Config, EndpointUrl, Timeout, Json, Verbose }) root.Options.Add(option);
    }
}
