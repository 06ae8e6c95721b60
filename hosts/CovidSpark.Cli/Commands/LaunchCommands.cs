using System.CommandLine;
using System.Text.Json;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Cli.Rendering;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Launcher.Reporting;
using CovidSpark.Ledger;
using Spectre.Console;

namespace CovidSpark.Cli.Commands;

/// <summary><c>launch</c>, <c>backfill</c> and <c>retry-failed</c>: submit jobs as EMR steps, recorded in the ledger, never twice.</summary>
public static class LaunchCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        yield return Launch(cli);
        yield return Backfill(cli);
        yield return RetryFailed(cli);
    }

    private static Option<string[]> JobsOption() => new("--job", "-j")
    {
        Description = "Job to run (repeatable); default: scheduledJobs of emr-config.json.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Option<bool> DryRunOption() => new("--dry-run", "-n") { Description = "Show what would be submitted; change nothing." };

    private static Option<bool> RerunOption() => new("--rerun")
    {
        Description = "Also resubmit dates that already SUCCEEDED or PARTIAL, as a new attempt (e.g. after JHU re-issued a report, or when a run "
            + "names later dates to refresh); dates still SUBMITTED or RUNNING are never resubmitted. With --dry-run: lists the dates it would re-run.",
    };

    private static Command Launch(CliServices cli)
    {
        var date = new Option<string>("--date", "-d") { Description = "Report date to process, yyyy-MM-dd (at most yesterday, UTC).", Required = true };
        var jobs = JobsOption();
        var dryRun = DryRunOption();
        var rerun = RerunOption();
        var command = new Command("launch", """
            Submit the jobs for one date. Refused when the date is already SUBMITTED, RUNNING, SUCCEEDED or PARTIAL; a FAILED or
            CANCELLED date is resubmitted as a new attempt (earlier attempts are kept), and a RUNNING one only if its EMR step has ended.
            --rerun also resubmits a SUCCEEDED or PARTIAL date as a new attempt.
            Example: covidspark launch --date 2020-11-09
            Example: covidspark launch --date 2020-11-09 --rerun --dry-run
            """) { date, jobs, dryRun, rerun };
        cli.Globals.AddTo(command, OptionGroups.Config | OptionGroups.Ledger | OptionGroups.Aws | OptionGroups.Output);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: true, async (session, token) =>
        {
            var day = Parse(parse.GetValue(date)!, "--date");
            var range = DateRange.Check(day, day, 1, session.LatestDate);
            WarnBeforeFirstReport(cli, range);
            var report = await session.Launcher().LaunchAsync(new LaunchRequest(JobsOf(parse, jobs, session), range, parse.GetValue(dryRun), Rerun: parse.GetValue(rerun)), token).ConfigureAwait(false);
            return LaunchRendering.Render(report, cli, parse.GetValue(cli.Globals.Json));
        }, ct));
        return command;
    }

    private static Command Backfill(CliServices cli)
    {
        var from = new Option<string>("--from") { Description = "First date, yyyy-MM-dd.", Required = true };
        var to = new Option<string>("--to") { Description = "Last date, yyyy-MM-dd (at most yesterday, UTC).", Required = true };
        var chunk = new Option<int?>("--chunk-days") { Description = "Dates per EMR step (default: backfill.chunkDays of emr-config.json; 0/absent there = one calendar month)." };
        chunk.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 or > 366) r.AddError("--chunk-days must be between 1 and 366"); });
        var jobs = JobsOption();
        var dryRun = DryRunOption();
        var rerun = RerunOption();
        var command = new Command("backfill", """
            Submit the jobs for a range of dates in few steps (a month per step by default), skipping dates already done or
            running, within EMR's limit of active steps; what does not fit is reported as deferred — run the same command later.
            With --rerun, dates already done are resubmitted too (as new attempts, in the same steps); running ones still skipped.
            Example: covidspark backfill --from 2020-03-01 --to 2020-12-31 --dry-run
            Example: covidspark backfill --from 2020-11-04 --to 2020-11-17 --rerun
            """) { from, to, chunk, jobs, dryRun, rerun };
        cli.Globals.AddTo(command, OptionGroups.Config | OptionGroups.Ledger | OptionGroups.Aws | OptionGroups.Output);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: true, async (session, token) =>
        {
            var range = DateRange.Check(Parse(parse.GetValue(from)!, "--from"), Parse(parse.GetValue(to)!, "--to"), session.RequiredConfig.Backfill.MaxRangeDays, session.LatestDate);
            WarnBeforeFirstReport(cli, range);
            var request = new LaunchRequest(JobsOf(parse, jobs, session), range, parse.GetValue(dryRun), parse.GetValue(chunk), Trigger: "backfill",
                Rerun: parse.GetValue(rerun));
            var report = await session.Launcher().LaunchAsync(request, token).ConfigureAwait(false);
            return LaunchRendering.Render(report, cli, parse.GetValue(cli.Globals.Json));
        }, ct));
        return command;
    }

    private static Command RetryFailed(CliServices cli)
    {
        var from = new Option<string?>("--from") { Description = "Only failed dates from this date, yyyy-MM-dd." };
        var to = new Option<string?>("--to") { Description = "Only failed dates up to this date, yyyy-MM-dd." };
        var cancelled = new Option<bool>("--include-cancelled") { Description = "Also resubmit CANCELLED dates." };
        var jobs = new Option<string[]>("--job", "-j") { Description = "Only these jobs (repeatable).", AllowMultipleArgumentsPerToken = true };
        var dryRun = DryRunOption();
        var command = new Command("retry-failed", """
            Resubmit every FAILED date (optionally CANCELLED too) found in the ledger, as new attempts, chunked like a backfill.
            Example: covidspark retry-failed --from 2020-01-01 --dry-run
            """) { from, to, cancelled, jobs, dryRun };
        cli.Globals.AddTo(command, OptionGroups.Config | OptionGroups.Ledger | OptionGroups.Aws | OptionGroups.Output);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: true, async (session, token) =>
        {
            DateOnly? lower = parse.GetValue(from) is { } f ? Parse(f, "--from") : null;
            DateOnly? upper = parse.GetValue(to) is { } t ? Parse(t, "--to") : null;
            var states = parse.GetValue(cancelled) ? new[] { JobState.Failed, JobState.Cancelled } : [JobState.Failed];
            var only = parse.GetValue(jobs) is { Length: > 0 } j ? j.ToHashSet(StringComparer.Ordinal) : null;
            var failed = new List<JobRecord>();
            foreach (var state in states)
                failed.AddRange(await session.Ledger.QueryByStateAsync(state, lower, upper, token).ConfigureAwait(false));
            var reports = new List<LaunchReport>();
            var maxDays = session.RequiredConfig.Backfill.MaxRangeDays;
            foreach (var group in failed.Where(r => only?.Contains(r.Key.Job) ?? true).GroupBy(r => r.Key.Job).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                // Failed dates far apart are launched in windows no longer than one launch accepts.
                var first = group.Min(r => r.Key.DataDate).DayNumber;
                foreach (var window in group.Select(r => r.Key.DataDate).Order().GroupBy(d => (d.DayNumber - first) / maxDays))
                {
                    var dates = window.ToHashSet();
                    var request = new LaunchRequest([group.Key], new DateRange(dates.Min(), dates.Max()), parse.GetValue(dryRun), OnlyDates: dates, Trigger: "retry-failed");
                    reports.Add(await session.Launcher().LaunchAsync(request, token).ConfigureAwait(false));
                }
            }
            var json = parse.GetValue(cli.Globals.Json);
            if (reports.Count == 0)
            {
                if (json) await cli.Output.WriteLineAsync("[]").ConfigureAwait(false);
                else cli.Console.MarkupLine("No failed dates in the ledger.");
                return CliExitCodes.Ok;
            }
            if (json)
            {
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(reports.Select(LaunchDocument.Of).ToList(), CliJsonContext.Default.IReadOnlyListLaunchDocument)).ConfigureAwait(false);
                return reports.Select(LaunchRendering.ExitCode).Max();
            }
            return reports.Select(r => LaunchRendering.Render(r, cli, json: false)).ToList().Max();
        }, ct));
        return command;
    }

    private static IReadOnlyList<string> JobsOf(ParseResult parse, Option<string[]> jobs, CliSession session) =>
        parse.GetValue(jobs) is { Length: > 0 } given ? given : session.RequiredConfig.ScheduledJobs;

    /// <summary>The first JHU CSSE daily report: a job for an earlier date has no input and fails.</summary>
    public static readonly DateOnly FirstReportDate = new(2020, 1, 22);

    /// <summary>Warns (standard error) when a range starts before <see cref="FirstReportDate"/>.</summary>
    private static void WarnBeforeFirstReport(CliServices cli, DateRange range)
    {
        if (range.From >= FirstReportDate) return;
        var last = range.To < FirstReportDate ? range.To : FirstReportDate.AddDays(-1);
        cli.Error.WriteLine($"warning: JHU's daily reports start on {LedgerFormats.FormatDate(FirstReportDate)}: {LedgerFormats.FormatDate(range.From)}"
            + (last == range.From ? "" : $" .. {LedgerFormats.FormatDate(last)}") + " has no report, so its jobs will fail for lack of input");
    }

    private static DateOnly Parse(string text, string option) =>
        LedgerFormats.TryParseDate(text, out var d) ? d : throw new InvalidDateRangeException($"{option} '{text}' is not a date in yyyy-MM-dd form");
}
