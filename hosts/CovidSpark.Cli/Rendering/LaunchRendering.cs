using System.Text.Json;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Launcher.Reporting;
using CovidSpark.Ledger;
using Spectre.Console;

namespace CovidSpark.Cli.Rendering;

/// <summary>Prints a launch report as tables or JSON and picks the exit code.</summary>
internal static class LaunchRendering
{
    public static int Render(LaunchReport report, CliServices cli, bool json)
    {
        if (json)
        {
            cli.Output.WriteLine(JsonSerializer.Serialize(LaunchDocument.Of(report), ReportJsonContext.Default.LaunchDocument));
            return ExitCode(report);
        }
        var console = cli.Console;
        var verb = report.DryRun ? "Would submit" : "Submitted";
        var cluster = report.Cluster switch
        {
            ClusterAction.Created => $"created cluster [bold]{report.ClusterId}[/]",
            ClusterAction.Reused => $"reused cluster [bold]{report.ClusterId}[/] ({report.ActiveStepsBefore} active step(s) before)",
            ClusterAction.WouldCreate => "would create a cluster",
            ClusterAction.WouldReuse => $"would reuse cluster [bold]{report.ClusterId}[/] ({report.ActiveStepsBefore} active step(s))",
            _ => "no cluster needed",
        };
        console.MarkupLine($"{(report.DryRun ? "[yellow]Dry run[/] · " : "")}{CommandRunner.Safe(string.Join(", ", report.Jobs))} {report.Range} · {cluster}");

        if (report.Steps.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Job", "From", "To", "Dates", "Step", "Attempt");
            foreach (var s in report.Steps)
                table.AddRow(s.Job, LedgerFormats.FormatDate(s.Range.From), LedgerFormats.FormatDate(s.Range.To), s.Range.Days.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    s.StepId ?? "-", s.Attempts.Count == 0 ? "-" : s.Attempts.Values.Max().ToString(System.Globalization.CultureInfo.InvariantCulture));
            console.Write(table);
        }
        if (report.Reruns.Count > 0)
        {
            var title = report.DryRun ? "Would re-run (completed before; a new attempt each)" : "Re-run (completed before; a new attempt each)";
            var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumns("Job", "Dates", "Was");
            foreach (var group in report.Reruns.GroupBy(r => (r.Job, State: r.PreviousState.ToWire())))
                foreach (var run in ChunkPlanner.Plan(group.Select(r => r.Date), int.MaxValue))
                    table.AddRow(group.Key.Job, run.ToString(), group.Key.State);
            console.Write(table);
        }
        if (report.Skipped.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("Skipped").AddColumns("Job", "Dates", "State", "Reason");
            foreach (var (job, range, state, reason) in GroupSkipped(report.Skipped))
                table.AddRow(job, range.ToString(), state, CommandRunner.Safe(reason));
            console.Write(table);
        }
        if (report.Deferred.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[yellow]Deferred (active-step limit) — run the same command again later[/]").AddColumns("Job", "Dates", "Reason");
            foreach (var d in report.Deferred) table.AddRow(d.Job, d.Range.ToString(), CommandRunner.Safe(d.Reason));
            console.Write(table);
        }
        if (report.Failures.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[red]Submission failed — dates recorded as FAILED; retry with retry-failed[/]").AddColumns("Job", "Dates", "Error");
            foreach (var f in report.Failures) table.AddRow(f.Job, f.Range.ToString(), CommandRunner.Safe(f.Error));
            console.Write(table);
        }
        var rerun = report.Rerun ? $" ({report.DatesRerun} re-run)" : "";
        console.MarkupLine($"{verb} {report.Steps.Count} step(s) covering {report.DatesSubmitted} date(s){rerun}; skipped {report.Skipped.Count}, deferred {report.Deferred.Sum(d => d.Range.Days)}, failed {report.Failures.Sum(f => f.Range.Days)}.");
        return ExitCode(report);
    }

    public static int ExitCode(LaunchReport report) =>
        report.Failures.Count > 0 || report.Deferred.Count > 0 ? CliExitCodes.Incomplete
        : report.Steps.Count == 0 && report.Skipped.Count > 0 ? CliExitCodes.Refused
        : CliExitCodes.Ok;

    /// <summary>Consecutive skipped dates of one job with the same state and reason read as one row.</summary>
    private static IEnumerable<(string Job, DateRange Range, string State, string Reason)> GroupSkipped(IReadOnlyList<SkippedDate> skipped)
    {
        foreach (var group in skipped.GroupBy(s => (s.Job, State: s.State?.ToWire() ?? "-", Reason: Normalize(s.Reason))))
            foreach (var run in ChunkPlanner.Plan(group.Select(s => s.Date), int.MaxValue))
                yield return (group.Key.Job, run, group.Key.State, group.Key.Reason);
    }

    private static string Normalize(string reason)
    {
        var cut = reason.IndexOf(" (attempt", StringComparison.Ordinal);
        return cut > 0 ? reason[..cut] : reason;
    }
}
