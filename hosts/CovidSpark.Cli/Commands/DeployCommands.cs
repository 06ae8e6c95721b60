using System.CommandLine;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Cli.Commands.Deploy;

namespace CovidSpark.Cli.Commands;

/// <summary>
/// <c>covidspark deploy</c>: verifies the packaged bundles, uploads them with the bootstrap scripts and emr-config.json, and
/// creates or updates the CloudFormation stack. Implemented in operations/CovidSpark.Deploy (see docs/deploy.md); this file
/// hands it the CLI's global options and consoles.
/// </summary>
public static class DeployCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var g = cli.Globals;
        yield return DeployCommand.Create(
            new DeployHostOptions(g.Region, g.EndpointUrl, g.Config, g.Json, g.Verbose, g.Table, g.ClusterName),
            new DeployConsole(cli.Output, cli.Error, cli.Environment));
    }
}
