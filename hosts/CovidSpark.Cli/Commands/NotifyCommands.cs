using System.CommandLine;
using System.Text.Json.Nodes;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Hosting.Logging;
using CovidSpark.Notifier.Errors;
using CovidSpark.Notifier.Hosting;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using CovidSpark.Ledger;

namespace CovidSpark.Cli.Commands;

/// <summary><c>covidspark notify</c>: deliver job state changes from the ledger's stream to Teams/Slack (Chime until its end of support), or check a webhook.</summary>
public static class NotifyCommands
{
    private const string Destinations = """
        Rooms come from COVIDSPARK_NOTIFY_CONFIG (a JSON file, see docs/notifier.md) or from COVIDSPARK_TEAMS_WEBHOOK_URL /
        COVIDSPARK_SLACK_WEBHOOK_URL (or their _PARAM forms naming SSM SecureString parameters). Webhook URLs are never printed.
        """;

    public static IEnumerable<Command> Create(CliServices cli)
    {
        var notify = new Command("notify", "Job notifications to Microsoft Teams and Slack (the same delivery the notifier Lambda does).");
        notify.Subcommands.Add(Drain(cli));
        notify.Subcommands.Add(Test(cli));
        notify.Subcommands.Add(CheckMissing(cli));
        yield return notify;
    }

    private static Command Drain(CliServices cli)
    {
        var command = new Command("drain", $"""
            Read the ledger table's DynamoDB Stream from the last checkpoint to its end and post every job state change once
            (digests for bursts), then exit. The checkpoint is kept in the ledger table itself (checkpoint#notify#<stream>#<shard>),
            so everyone draining the same table shares it; messages already sent (by the Lambda or an earlier drain) are skipped.
            {Destinations}
            Exit code 4 when a change could not be delivered: the next drain starts again with it.
            Example: covidspark notify drain --table covidspark-jobs --endpoint-url http://127.0.0.1:5000
            """);
        cli.Globals.AddTo(command, OptionGroups.Ledger | OptionGroups.Aws | OptionGroups.Output);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: false, (session, token) =>
            WithRuntimeAsync(parse, cli, session, async runtime =>
            {
                var report = await runtime.Drainer().DrainAsync(session.Ledger.TableName, token).ConfigureAwait(false);
                Print(parse, cli, report);
                return report.Succeeded ? CliExitCodes.Ok : CliExitCodes.Incomplete;
            }), ct));
        return command;
    }

    private static Command Test(CliServices cli)
    {
        var to = new Option<string>("--to") { Description = "teams, slack, chime (end of support 2026-02-20), or the name of one configured destination.", Required = true };
        var command = new Command("test", $"""
            Post a short test message to every configured Teams (or Slack, or Chime) destination, or to the one named, and say what each answered.
            {Destinations}
            Example: covidspark notify test --to teams
            """);
        command.Options.Add(to);
        cli.Globals.AddTo(command, OptionGroups.Aws | OptionGroups.Output);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: false, (session, token) =>
            WithRuntimeAsync(parse, cli, session, async runtime =>
            {
                var results = await runtime.Tester().SendAsync(parse.GetValue(to)!, token).ConfigureAwait(false);
                if (parse.GetValue(cli.Globals.Json))
                {
                    var doc = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
                    {
                        ["destination"] = r.Destination,
                        ["type"] = r.Kind.ToString().ToLowerInvariant(),
                        ["ok"] = r.Succeeded,
                        ["attempts"] = r.Attempts,
                        ["error"] = r.Error,
                        ["notice"] = r.Notice,
                    })]);
                    await cli.Output.WriteLineAsync(doc.ToJsonString()).ConfigureAwait(false);
                }
                else
                {
                    foreach (var r in results)
                        cli.Console.MarkupLine(r.Succeeded
                            ? $"[green]ok[/]    {CommandRunner.Safe(r.Destination)} ({r.Kind.ToString().ToLowerInvariant()}): accepted after {r.Attempts} attempt(s)"
                            : $"[red]failed[/] {CommandRunner.Safe(r.Destination)} ({r.Kind.ToString().ToLowerInvariant()}): {CommandRunner.Safe(r.Error)}");
                    foreach (var notice in results.Select(r => r.Notice).OfType<string>().Distinct())
                        cli.Console.MarkupLine($"[yellow]note[/]   {CommandRunner.Safe(notice)}");
                }
                return results.All(r => r.Succeeded) ? CliExitCodes.Ok : CliExitCodes.Incomplete;
            }), ct));
        return command;
    }

    private static Command CheckMissing(CliServices cli)
    {
        var command = new Command("check-missing", """
            Check that yesterday's scheduled runs (UTC) have SUCCEEDED by the configured hour (COVIDSPARK_MISSING_RUN_HOUR, jobs from
            COVIDSPARK_SCHEDULED_JOBS, default pipeline) and alert the rooms that get failures about each one that has not, once per job and date.
            The notifier Lambda runs the same check on its EventBridge schedule. Exit code 4 when a run is missing.
            Example: covidspark notify check-missing --table covidspark-jobs
            """);
        cli.Globals.AddTo(command, OptionGroups.Ledger | OptionGroups.Aws | OptionGroups.Output);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: false, (session, token) =>
            WithRuntimeAsync(parse, cli, session, async runtime =>
            {
                var report = await runtime.MissingRunCheck().RunAsync(token).ConfigureAwait(false);
                if (parse.GetValue(cli.Globals.Json))
                    await cli.Output.WriteLineAsync(new JsonObject
                    {
                        ["date"] = LedgerFormats.FormatDate(report.Date),
                        ["due"] = report.Due,
                        ["missing"] = new JsonArray([.. report.Missing.Select(m => (JsonNode)new JsonObject { ["job"] = m.Job, ["state"] = m.State })]),
                        ["alertsSent"] = report.Sent,
                    }.ToJsonString()).ConfigureAwait(false);
                else if (!report.Due)
                    cli.Console.MarkupLine($"{LedgerFormats.FormatDate(report.Date)}: not due yet (the configured hour has not come).");
                else if (report.Missing.Count == 0)
                    cli.Console.MarkupLine($"[green]ok[/]    {LedgerFormats.FormatDate(report.Date)}: every scheduled job succeeded.");
                else
                    foreach (var (job, state) in report.Missing)
                        cli.Console.MarkupLine($"[red]missing[/] {CommandRunner.Safe(job)} {LedgerFormats.FormatDate(report.Date)} is {CommandRunner.Safe(state)} ({report.Sent} alert(s) sent now)");
                return report.Missing.Count == 0 ? CliExitCodes.Ok : CliExitCodes.Incomplete;
            }), ct));
        return command;
    }

    private static async Task<int> WithRuntimeAsync(ParseResult parse, CliServices cli, CliSession session, Func<NotifierRuntime, Task<int>> body)
    {
        using var loggers = HostLogging.CommandLine(HostLogging.Verbosity(parse.GetValue(cli.Globals.Verbose), LogLevel.None));
        try
        {
            var options = NotifierConfigLoader.Load(cli.Environment);
            foreach (var warning in options.Warnings) await cli.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            using var runtime = NotifierRuntime.Create(session.Ledger.TableName, options, session.Aws, loggers, cli.Environment);
            return await body(runtime).ConfigureAwait(false);
        }
        catch (NotifierConfigException e)
        {
            await cli.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return CliExitCodes.Config;
        }
        catch (NotifierException e) when (e is StreamNotUsableException or StreamReadException or StreamTrimmedException)
        {
            await cli.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return CliExitCodes.AwsError;
        }
    }

    private static void Print(ParseResult parse, CliServices cli, DrainReport report)
    {
        if (parse.GetValue(cli.Globals.Json))
        {
            cli.Output.WriteLine(new JsonObject
            {
                ["stream"] = report.StreamArn,
                ["shardsRead"] = report.ShardsRead,
                ["records"] = report.Records,
                ["stateChanges"] = report.Transitions,
                ["messagesSent"] = report.MessagesSent,
                ["alreadySent"] = report.AlreadySent,
                ["stoppedAtShard"] = report.StoppedShardId,
                ["stoppedAtSequenceNumber"] = report.StoppedAtSequenceNumber,
                ["error"] = report.Failure?.Message,
            }.ToJsonString());
            return;
        }
        cli.Console.MarkupLine($"{report.Transitions} state change(s) in {report.Records} record(s) from {report.ShardsRead} shard(s): "
            + $"{report.MessagesSent} message(s) sent, {report.AlreadySent} already sent before.");
        if (!report.Succeeded)
            cli.Error.WriteLine($"error: stopped at record {report.StoppedAtSequenceNumber} of shard {report.StoppedShardId}: {report.Failure?.Message} "
                + "(the next drain starts again with it)");
    }
}
