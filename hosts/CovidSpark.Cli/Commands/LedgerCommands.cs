using System.CommandLine;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Ledger;
using Spectre.Console;
using System.Text.Json;

namespace CovidSpark.Cli.Commands;

/// <summary><c>covidspark ledger init</c>: creates the ledger table (stream NEW_AND_OLD_IMAGES, GSI by_state).</summary>
public static class LedgerCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var ttl = new Option<bool>("--ttl") { Description = "Enable DynamoDB TTL on expires_at (items then expire after the retention the writers set)." };
        var init = new Command("init", """
            Create the job ledger table if it does not exist: hash key pk, GSI by_state (state, data_date), stream NEW_AND_OLD_IMAGES,
            on-demand billing. Safe to run again: an existing table is checked against the ledger contract instead.
            Example: covidspark ledger init --table covidspark-jobs --endpoint-url http://127.0.0.1:5000
            """) { ttl };
        cli.Globals.AddTo(init, OptionGroups.Ledger | OptionGroups.Aws | OptionGroups.Output);
        init.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: false, async (session, token) =>
        {
            var table = session.Ledger.TableName;
            var info = await new LedgerTable(session.DynamoDb).EnsureCreatedAsync(table, parse.GetValue(ttl), token).ConfigureAwait(false);
            if (parse.GetValue(cli.Globals.Json))
            {
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(new TableDocument(info.TableName, info.Created, info.StreamArn, info.Status, info.TtlEnabled),
                    CliJsonContext.Default.TableDocument)).ConfigureAwait(false);
            }
            else
            {
                cli.Console.MarkupLine($"{(info.Created ? "Created" : "Found")} ledger table [bold]{CommandRunner.Safe(info.TableName)}[/] ({info.Status}).");
                cli.Console.MarkupLine($"Stream: {CommandRunner.Safe(info.StreamArn ?? "-")}");
                cli.Console.MarkupLine($"Index: {LedgerSchema.StateIndex} (state, data_date){(info.TtlEnabled ? "; TTL on expires_at" : "")}");
            }
            return CliExitCodes.Ok;
        }, ct));
        yield return new Command("ledger", "Manage the job ledger table.") { init };
    }
}
