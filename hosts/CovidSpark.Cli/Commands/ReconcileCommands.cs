using System.CommandLine;
using System.Text.Json;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Launcher.Reporting;
using CovidSpark.Ledger;
using Spectre.Console;

namespace CovidSpark.Cli.Commands;

/// <summary><c>covidspark reconcile</c>: catch up on missed EMR step events.</summary>
public static class ReconcileCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var command = new Command("reconcile", """
            Ask EMR (DescribeStep) about every SUBMITTED or RUNNING item and record what it says; a claim that never got a step
            within 10 minutes is marked FAILED. Run it after an outage of the step-status tracker, or on a schedule.
            Example: covidspark reconcile
            """);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: false, async (session, token) =>
        {
            var report = await session.Reconciler().ReconcileAsync(token).ConfigureAwait(false);
            if (parse.GetValue(cli.Globals.Json))
            {
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(ReconcileDocument.Of(report), ReportJsonContext.Default.ReconcileDocument)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            if (report.Items.Count == 0)
            {
                cli.Console.MarkupLine("Nothing is SUBMITTED or RUNNING.");
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Item", "Before", "After", "EMR step", "Note");
            foreach (var i in report.Items)
                table.AddRow(i.Key.PartitionKey, i.Before.ToWire(), i.After.ToWire(), i.StepState ?? "-", CommandRunner.Safe(i.Note));
            cli.Console.Write(table);
            cli.Console.MarkupLine($"{report.Changed} of {report.Items.Count} item(s) changed.");
            return ExitCodes.Ok;
        }, ct));
        yield return command;
    }
}
