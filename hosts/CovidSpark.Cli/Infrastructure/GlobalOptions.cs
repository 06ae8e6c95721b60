using System.CommandLine;

namespace CovidSpark.Cli.Infrastructure;

/// <summary>Groups of the shared options: each command takes the groups it uses, so its <c>--help</c> lists only options that do something there.</summary>
[Flags]
public enum OptionGroups
{
    /// <summary><c>--json</c>, <c>--verbose</c>: every command.</summary>
    Output = 1,
    /// <summary><c>--region</c>, <c>--endpoint-url</c>, <c>--timeout</c>: commands that call AWS.</summary>
    Aws = 2,
    /// <summary><c>--table</c>: commands that read or write the job ledger.</summary>
    Ledger = 4,
    /// <summary><c>--config</c>, <c>--cluster-name</c>: commands that read emr-config.json.</summary>
    Config = 8,
}

/// <summary>The options several commands share, defined once; each command adds the <see cref="OptionGroups"/> it uses.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Table { get; } = new("--table") { Description = "Ledger DynamoDB table (default: COVIDSPARK_TABLE, then ledgerTable of emr-config.json, then covidspark-jobs)." };
    public Option<string?> ClusterName { get; } = new("--cluster-name") { Description = "EMR cluster name to find or create (default: cluster.name of emr-config.json)." };
    public Option<string?> Region { get; } = new("--region") { Description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile)." };
    public Option<string> Config { get; } = new("--config", "-c") { Description = "Path of emr-config.json (default: emr-config.json in the working folder or a folder above it, else next to the program or above).", DefaultValueFactory = _ => "emr-config.json" };
    public Option<string?> EndpointUrl { get; } = new("--endpoint-url") { Description = "Endpoint of a local AWS emulator such as moto_server (default: AWS_ENDPOINT_URL)." };
    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for one AWS request (default 30); connecting gives up after at most 5 s, and a failed request is retried twice.",
        DefaultValueFactory = _ => 30,
    };
    public Option<bool> Json { get; } = new("--json") { Description = "Print machine-readable JSON instead of tables." };
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log AWS calls and ledger writes to standard error (and show stack traces)." };

    /// <summary>Adds the options of <paramref name="groups"/> to <paramref name="command"/> and returns it.</summary>
    public Command AddTo(Command command, OptionGroups groups)
    {
        foreach (var option in Of(groups)) command.Options.Add(option);
        return command;
    }

    /// <summary>The options of <paramref name="groups"/>, in the order help lists them.</summary>
    public IEnumerable<Option> Of(OptionGroups groups)
    {
        if (groups.HasFlag(OptionGroups.Config)) { yield return Config; yield return ClusterName; }
        if (groups.HasFlag(OptionGroups.Ledger)) yield return Table;
        if (groups.HasFlag(OptionGroups.Aws)) { yield return Region; yield return EndpointUrl; yield return Timeout; }
        if (groups.HasFlag(OptionGroups.Output)) { yield return Json; yield return Verbose; }
    }
}
