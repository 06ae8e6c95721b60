using System.CommandLine;
using System.Text.Json;
using Amazon.Runtime;
using CovidSpark.Aws;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Hosting.Logging;
using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Planning;
using CovidSpark.Ledger;
using CovidSpark.Rehearsal;
using CovidSpark.Rehearsal.Timeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace CovidSpark.Cli.Commands;

/// <summary><c>covidspark rehearse</c>: the whole AWS flow end to end on this machine (moto_server as the cloud), with its timeline.</summary>
public static class RehearseCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var from = new Option<string>("--from") { Description = "First data date, yyyy-MM-dd (launched as the daily schedule does).", DefaultValueFactory = _ => "2020-11-08" };
        var to = new Option<string>("--to") { Description = "Last data date, yyyy-MM-dd (the dates after --from are launched as one backfill).", DefaultValueFactory = _ => "2020-11-10" };
        var keep = new Option<bool>("--keep") { Description = "Leave the moto_server the rehearsal started running, and keep the local lake and step logs." };
        var jobsDll = new Option<string?>("--jobs-dll") { Description = "covidspark-jobs.dll to run the steps with (default: COVIDSPARK_JOBS_DLL, else the build output of hosts/CovidSpark.Jobs.Cli)." };
        var workDir = new Option<string?>("--work-dir") { Description = "Folder for the local lake and the step logs (kept). Default: a temporary folder, removed after a passing rehearsal unless --keep." };
        var sample = new Option<string?>("--sample") { Description = "Sample data folder with jhu/ and owid/ (default: data/sample)." };
        var reissue = new Option<bool>("--reissue")
        {
            Description = "Then rehearse a JHU re-issue: --from's report changes (one count), that date is launched again with --rerun (attempt 2), " +
                "and its chat message must name the later dates to refresh with the covidspark backfill --rerun that does it. Needs two dates or more.",
        };
        var noIam = new Option<bool>("--no-iam") { Description = "Do not rehearse IAM: every function uses moto's fake key and moto's IAM enforcement stays off." };
        var template = new Option<string?>("--template") { Description = "CloudFormation template whose function roles are rehearsed (default: deploy/template.yaml)." };
        var command = new Command("rehearse", """
            Rehearse the AWS flow end to end on this machine and print its timeline. moto_server plays the cloud (started on 127.0.0.1
            and a free port, or the one at --endpoint-url): the ledger table with its stream, an S3 bucket holding the sample inputs,
            an SSM SecureString holding a local webhook's URL, and EMR. The launcher claims each date and submits the steps of
            emr-config.json; a local step runner plays EMR, running each step's argument array with the embedded engine (local lake)
            and sending RUNNING / COMPLETED / FAILED step events to the step-status tracker, while the job reports to the ledger itself;
            the notifier drains the stream to the webhook. The same dates are then launched again and must be refused as duplicates.
            IAM is rehearsed too: each function (launcher, tracker, notifier, the job) signs with its own IAM user holding its role's
            actions from deploy/template.yaml, moto enforces them, and every call goes through a recorder that checks action, resource
            and conditions against the role: a call the role does not allow fails the rehearsal; granted actions never called are listed.
            Each rehearsal uses its own ledger table and cluster name (covidspark-rehearsal-<time>-<id>); --table and --cluster-name are not used.
            Exit code 0 when every job ended SUCCEEDED or PARTIAL and every state change was posted exactly once, 4 otherwise (problems listed).
            Example: covidspark rehearse --from 2020-11-08 --to 2020-11-09
            Example: covidspark rehearse --reissue     (also a re-issued report, re-run, and the refresh it asks for)
            """) { from, to, keep, jobsDll, sample, workDir, reissue, noIam, template };
        foreach (var option in new Option[] { cli.Globals.Config, cli.Globals.Region, cli.Globals.EndpointUrl }) command.Options.Add(option);
        cli.Globals.AddTo(command, OptionGroups.Output);
        command.SetAction((parse, ct) => RunAsync(parse, cli, new RehearseArguments(from, to, keep, jobsDll, sample, workDir, reissue, noIam, template), ct));
        yield return command;
    }

    private sealed record RehearseArguments(Option<string> From, Option<string> To, Option<bool> Keep, Option<string?> JobsDll, Option<string?> Sample, Option<string?> WorkDir,
        Option<bool> Reissue, Option<bool> NoIam, Option<string?> Template);

    // Not CommandRunner: the rehearsal needs no AWS session of its own (it makes its cloud), so it must not require a region or credentials.
    private static async Task<int> RunAsync(ParseResult parse, CliServices cli, RehearseArguments a, CancellationToken ct)
    {
        using var loggers = HostLogging.CommandLine(HostLogging.Verbosity(parse.GetValue(cli.Globals.Verbose), LogLevel.None));
        try
        {
            var report = await new RehearsalRunner(Options(parse, cli, a), cli.Time, loggers, cli.Environment).RunAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(cli.Globals.Json)) await cli.Output.WriteLineAsync(JsonSerializer.Serialize(report, RehearsalJsonContext.Default.RehearsalReport)).ConfigureAwait(false);
            else Render(cli.Console, report);
            return report.Passed ? CliExitCodes.Ok : CliExitCodes.Incomplete;
        }
        catch (EmrConfigException e)
        {
            await cli.Error.WriteLineAsync($"error: {e.File} has {e.Problems.Count} problem(s):").ConfigureAwait(false);
            foreach (var p in e.Problems) await cli.Error.WriteLineAsync($"  {p.Path}: {p.Reason}").ConfigureAwait(false);
            return CliExitCodes.Config;
        }
        catch (CovidSparkOperationsException e) when (e.IsUsageError)
        {
            await cli.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return CliExitCodes.Usage;
        }
        catch (Exception e) when (e is CovidSparkOperationsException or AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            await cli.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return CliExitCodes.AwsError;
        }
    }

    private static RehearsalOptions Options(ParseResult parse, CliServices cli, RehearseArguments a)
    {
        if (!LedgerFormats.TryParseDate(parse.GetValue(a.From), out var first)) throw new CliUsageException($"--from '{parse.GetValue(a.From)}' is not a date in yyyy-MM-dd form");
        if (!LedgerFormats.TryParseDate(parse.GetValue(a.To), out var last)) throw new CliUsageException($"--to '{parse.GetValue(a.To)}' is not a date in yyyy-MM-dd form");
        Uri? endpoint = null;
        if (parse.GetValue(cli.Globals.EndpointUrl) is { Length: > 0 } raw &&
            (!Uri.TryCreate(raw, UriKind.Absolute, out endpoint) || endpoint.Scheme != Uri.UriSchemeHttp))
            throw new CliUsageException($"--endpoint-url '{raw}' is not an http URL of a local moto_server");
        return new RehearsalOptions(first, last, ConfigLocator.Resolve(parse, cli.Globals))
        {
            EndpointUrl = endpoint,
            Keep = parse.GetValue(a.Keep),
            Reissue = parse.GetValue(a.Reissue),
            RehearseIam = !parse.GetValue(a.NoIam),
            TemplatePath = parse.GetValue(a.Template),
            JobsDll = parse.GetValue(a.JobsDll),
            SampleRoot = parse.GetValue(a.Sample),
            WorkDirectory = parse.GetValue(a.WorkDir),
            Region = parse.GetValue(cli.Globals.Region) ?? AwsSettingsResolver.EmulatorRegion,
        };
    }

    private static void Render(IAnsiConsole console, RehearsalReport report)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("time (UTC)").AddColumn("actor").AddColumn("event");
        foreach (var e in report.Timeline)
            table.AddRow(e.Time.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture), Colour(e.Actor), CommandRunner.Safe(e.Text));
        console.Write(table);
        var jobs = new Table().Border(TableBorder.Simple).AddColumn("job").AddColumn("date").AddColumn("state").AddColumn("rows in / out / quarantined").AddColumn("messages");
        foreach (var j in report.Jobs)
            jobs.AddRow(CommandRunner.Safe(j.Job), LedgerFormats.FormatDate(j.Date), CommandRunner.Safe(j.State),
                j.RowsIn is null ? "-" : $"{j.RowsIn} / {j.RowsOut} / {j.RowsQuarantined}",
                CommandRunner.Safe(string.Join(", ", j.Notifications.Select(n => $"{n.Key} x{n.Value}"))));
        console.Write(jobs);
        console.MarkupLine($"Notifications: {report.NotificationsReceived} received, {report.NotificationsExpected} expected (one per state change). "
            + $"Duplicates refused on the repeated launch: {report.DuplicatesRefused}.");
        foreach (var room in report.Rooms)
            console.MarkupLine(CommandRunner.Safe($"Room {room.Room} ({room.Kind}): {string.Join(", ", room.Received.Select(n => $"{n.Value} {n.Key}"))}"));
        if (report.Permissions is { } permissions)
        {
            var iam = new Table().Border(TableBorder.Simple).AddColumn("function").AddColumn("role").AddColumn("AWS actions called").AddColumn("not allowed by the role")
                .AddColumn("granted, not called");
            foreach (var p in permissions)
                iam.AddRow(CommandRunner.Safe(p.Function), CommandRunner.Safe(p.Role), CommandRunner.Safe(string.Join(", ", p.Called.Select(c => $"{c.Key} x{c.Value}"))),
                    p.Missing.Count == 0 ? "[green]none[/]" : "[red]" + CommandRunner.Safe(string.Join(", ", p.Missing.Select(m => $"{m.Action} on {m.Resource}"))) + "[/]",
                    CommandRunner.Safe(string.Join(", ", p.Unused)));
            console.Write(iam);
        }
        console.MarkupLine(CommandRunner.Safe($"Ledger table {report.Table} on {report.Endpoint}" + (report.ClusterId is null ? "" : $", cluster {report.ClusterId}")));
        if (report.KeptMotoPid is { } pid) console.MarkupLine($"moto_server left running (pid {pid}); stop it with: kill {pid}");
        if (report.WorkDirectory is { } work) console.MarkupLine(CommandRunner.Safe($"Lake and step logs: {work}"));
        if (report.Passed)
        {
            console.MarkupLine("[green]Rehearsal passed.[/]");
            return;
        }
        console.MarkupLine($"[red]Rehearsal failed: {report.Problems.Count} problem(s)[/]");
        foreach (var p in report.Problems) console.MarkupLine("  - " + CommandRunner.Safe(p));
    }

    private static string Colour(string actor) => actor switch
    {
        Actors.Launcher => "[blue]launcher[/]",
        Actors.Emr => "[yellow]emr[/]",
        Actors.Tracker => "[aqua]tracker[/]",
        Actors.Job => "[green]job[/]",
        Actors.Notifier or Actors.Webhook or Actors.Slack => $"[fuchsia]{actor}[/]",
        _ => CommandRunner.Safe(actor),
    };
}
