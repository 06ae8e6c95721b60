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
        var all = new Option<bool>("--all") { Description = "List every SUBMITTED/RUNNING item looked at, not only the ones reconcile changed." };
        var command = new Command("reconcile", """
            Ask EMR (DescribeStep) about every SUBMITTED or RUNNING item and record what it says. An item without a step id is first
            looked up by its submit token (ListSteps): a step a crashed launcher submitted is recorded, never submitted again. A claim
            with no such step after 10 minutes is marked FAILED, and so is a RUNNING item without a step (a manual run) whose
            heartbeat lease expired. Lists what it changed (--all: every item looked at). Run it after an outage of the step-status
            tracker, or on a schedule.
            Example: covidspark reconcile
            """) { all };
        cli.Globals.AddTo(command, OptionGroups.Ledger | OptionGroups.Aws | OptionGroups.Output);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: false, async (session, token) =>
        {
            var report = await session.Reconciler().ReconcileAsync(token).ConfigureAwait(false);
            var everything = parse.GetValue(all);
            if (parse.GetValue(cli.Globals.Json))
            {
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(ReconcileDocument.Of(report, everything), ReportJsonContext.Default.ReconcileDocument)).ConfigureAwait(false);
                return CliExitCodes.Ok;
            }
            if (report.Items.Count == 0)
            {
                cli.Console.MarkupLine("Nothing is SUBMITTED or RUNNING.");
                return CliExitCodes.Ok;
            }
            var shown = everything ? report.Items : report.Writes;
            if (shown.Count > 0)
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("Item", "Before", "After", "EMR step", "What reconcile did");
                foreach (var i in shown)
                    table.AddRow(i.Key.PartitionKey, i.Before.ToWire(), i.After.ToWire(), i.StepState ?? "-", CommandRunner.Safe(i.Note));
                cli.Console.Write(table);
            }
            cli.Console.MarkupLine($"{report.Writes.Count} of {report.Items.Count} active item(s) changed ({report.Changed} changed state)"
                + (everything || report.Writes.Count == report.Items.Count ? "." : "; --all lists the others."));
            return CliExitCodes.Ok;
        }, ct));
        yield return command;
    }
}
