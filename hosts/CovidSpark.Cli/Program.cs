using System.CommandLine;
using CovidSpark.Cli.Commands;
using CovidSpark.Cli.Infrastructure;

return await CovidSparkCli.BuildRoot(CliServices.FromProcess()).Parse(args).InvokeAsync();

/// <summary>The <c>covidspark</c> command line. Each command group lives in its own file under Commands/ and is added here with one line.</summary>
public static class CovidSparkCli
{
    /// <summary>Builds the root command over <paramref name="cli"/> (tests pass captured consoles and environment).</summary>
    public static RootCommand BuildRoot(CliServices cli)
    {
        var root = new RootCommand("""
            covidspark: launch the CovidSpark jobs on Amazon EMR, backfill past dates, and follow every job in the DynamoDB ledger.
            Common options work everywhere; --endpoint-url (or AWS_ENDPOINT_URL) points at a local emulator such as moto_server.
            Exit codes: 0 ok, 1 usage, 2 invalid emr-config.json, 3 nothing submitted (already active/done), 4 deferred or failed in part, 5 AWS/ledger error.
            """);
        cli.Globals.AddTo(root);
        root.AddCommands(LedgerCommands.Create(cli));
        root.AddCommands(LaunchCommands.Create(cli));
        root.AddCommands(StatusCommands.Create(cli));
        root.AddCommands(ReconcileCommands.Create(cli));
        root.AddCommands(DeployCommands.Create(cli));
        root.AddCommands(NotifyCommands.Create(cli));
        root.AddCommands(RehearseCommands.Create(cli));
        return root;
    }
}
