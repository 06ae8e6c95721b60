using System.CommandLine;
using CovidSpark.Cli.Commands;
using CovidSpark.Cli.Infrastructure;

return await CovidSparkCli.InvokeAsync(args, CliServices.FromProcess());

/// <summary>The <c>covidspark</c> command line. Each command group lives in its own file under Commands/ and is added here with one line.</summary>
public static class CovidSparkCli
{
    /// <summary>
    /// Parses and runs <paramref name="args"/>: a parse error is one line per problem on standard error and exit code 1 (no help
    /// dump), an unexpected exception one <c>error:</c> line (its stack trace only with <c>-v</c>), Ctrl+C exit code 130.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, CliServices cli)
    {
        var root = BuildRoot(cli);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) await cli.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            var command = parse.CommandResult.Command == root ? "covidspark" : "covidspark " + parse.CommandResult.Command.Name;
            await cli.Error.WriteLineAsync($"See '{command} --help'.").ConfigureAwait(false);
            return CliExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = cli.Output, Error = cli.Error, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await cli.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return CliExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            await cli.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            if (parse.GetValue(cli.Globals.Verbose)) await cli.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            return CliExitCodes.Usage;
        }
    }

    /// <summary>Builds the root command over <paramref name="cli"/> (tests pass captured consoles and environment).</summary>
    public static RootCommand BuildRoot(CliServices cli)
    {
        var root = new RootCommand("""
            covidspark: launch the CovidSpark jobs on Amazon EMR, backfill past dates, and follow every job in the DynamoDB ledger.
            Each command's --help lists the options it takes; --endpoint-url (or AWS_ENDPOINT_URL) points at a local emulator such as moto_server.

            Exit codes:
              0    done
              1    usage: unknown option, malformed or out-of-range date, unknown job or state (or an unexpected error)
              2    emr-config.json missing or invalid (every problem listed)
              3    nothing submitted: every date already active or done
              4    deferred or failed in part: run the same command again later
              5    AWS or the ledger failed: unreachable endpoint, rejected call, missing table
              130  cancelled (Ctrl+C)
            """);
        root.AddCommands(LedgerCommands.Create(cli));
        root.AddCommands(LaunchCommands.Create(cli));
        root.AddCommands(StatusCommands.Create(cli));
        root.AddCommands(ReconcileCommands.Create(cli));
        root.AddCommands(DeployCommands.Create(cli));
        root.AddCommands(NotifyCommands.Create(cli));
        root.AddCommands(RehearseCommands.Create(cli));
        root.AddCommands(CatalogCommands.Create(cli));
        return root;
    }
}
