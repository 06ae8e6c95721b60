using System.Globalization;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Cli;

/// <summary>The end-of-run summary a person reads: dates, rows in/out/quarantined per job, time, where things are.</summary>
internal static class RunSummary
{
    /// <summary>
    /// <c>--json</c>: the manifest (as in <c>_runs/&lt;run-id&gt;.json</c>) with <c>manifest_path</c> and <c>report_path</c>, as one JSON
    /// document on <paramref name="w"/>; the run's error, once, to <paramref name="errors"/>.
    /// </summary>
    public static void PrintJson(PipelineOutcome outcome, TextWriter w, TextWriter errors)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(outcome.Manifest.ToJson())!.AsObject();
        document["manifest_path"] = outcome.ManifestPath;
        document["report_path"] = outcome.ReportPath;
        w.WriteLine(document.ToJsonString());
        if (outcome.Manifest.Error is { } error) errors.WriteLine($"error: {error}");
    }

    /// <summary>Prints the summary to <paramref name="w"/> and the run's error, once, to <paramref name="errors"/>.</summary>
    public static void Print(PipelineOutcome outcome, TextWriter w, TextWriter errors)
    {
        var m = outcome.Manifest;
        w.WriteLine();
        w.WriteLine($"Run {m.RunId} on {m.Engine}: {m.Status} in {m.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        if (m.Dates.Count > 0) w.WriteLine($"Report dates: {m.Dates[0]} .. {m.Dates[^1]} ({m.Dates.Count} {(m.Dates.Count == 1 ? "day" : "days")})");
        if (m.DatesMissing.Count > 0)
            w.WriteLine($"No report for {m.DatesMissing.Count} of the {m.DatesMissing.Count + m.Dates.Count} dates asked for "
                + $"(--from {IsoDate.Format(m.From.GetValueOrDefault())} --to {IsoDate.Format(m.To.GetValueOrDefault())}): {Abbreviate(m.DatesMissing)}; the run covers the others");
        if (m.Jobs.Count > 0)
        {
            w.WriteLine($"{"job",-8} {"status",-10} {"rows in",12} {"rows out",12} {"quarantined",12} {"seconds",8}");
            foreach (var j in m.Jobs)
                w.WriteLine($"{j.Job,-8} {j.Status,-10} {j.RowsIn,12:N0} {j.RowsOut,12:N0} {j.RowsQuarantined,12:N0} {j.Seconds,8:0.0}");
        }
        foreach (var line in m.DatesNotLoaded()) w.WriteLine($"Not loaded: {line}");
        if (m.DryRun) w.WriteLine("Dry run: plans printed, nothing sent to the engine, no table or report written.");
        if (m.Error is not null) errors.WriteLine($"error: {m.Error}");
        if (m.ExitCode == ExitCodes.CompletedWithQuarantine)
            w.WriteLine($"Some input was quarantined: see {Path.Combine(m.Inputs.Lake, "quarantine")} (the records: covidspark-jobs lake show {Jobs.Etl.QuarantineTable.QueryName})");
        if (m.DatesToRefresh() is { Count: > 0 } dates)
        {
            w.WriteLine($"Later dates already in the lake took their new cases, 7-day averages or weekly trends from the earlier version of this run's dates: {string.Join(", ", dates)}.");
            w.WriteLine($"This run changed their figures. Refresh them: run --from {dates[0]} --to {dates[^1]} (same --input, --lake and engine options),");
            w.WriteLine($"or on EMR: covidspark backfill --from {dates[0]} --to {dates[^1]} --rerun");
        }
        w.WriteLine($"Manifest: {outcome.ManifestPath}");
        if (outcome.ReportPath is { } report) w.WriteLine($"Report:   {report}");
    }

    /// <summary>Up to ten dates, then how many more.</summary>
    private static string Abbreviate(IReadOnlyList<string> dates) =>
        string.Join(", ", dates.Take(10)) + (dates.Count > 10 ? $" and {dates.Count - 10} more" : "");
}
