using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Jobs.Etl;

/// <summary>What staging the reports produced: per-file results (rows already written out), and counts the run needs.</summary>
/// <param name="Results">One per report file, in date order, without their rows.</param>
/// <param name="WithoutIso3">Country rows no ISO3 code could be found for.</param>
/// <param name="CountryDates">Dates that will have a daily_country partition: those with a country row tagged with ISO3.</param>
/// <param name="LongestQuarantineRecord">At least the bytes of the longest quarantine record staged.</param>
internal sealed record StagedReports(List<ReportReadResult> Results, long WithoutIso3, SortedSet<DateOnly> CountryDates, long LongestQuarantineRecord);

public sealed partial class EtlJob
{
    /// <summary>
    /// Downloads and parses the reports in parallel, a few files ahead of the writer, which takes them in date order: rows go to
    /// the staging file at once, quarantine records to their staging file, whole-file copies to the lake, and only a bounded
    /// window of parsed files is in memory.
    /// </summary>
    private async Task<StagedReports> StageReportsAsync(IReadOnlyList<string> reportFiles, LocationLookup locations, string localRegions,
        string localQuarantine, string scratch, IProgress<string>? progress, CancellationToken ct)
    {
        var results = new List<ReportReadResult>();
        var done = 0;
        long withoutIso3 = 0;
        var countryDates = new SortedSet<DateOnly>();
        using var regionFile = StagingWriter.OpenRegions(localRegions);
        using var quarantineFile = StagingWriter.OpenQuarantine(localQuarantine);
        var ahead = new Queue<Task<(string File, string Local, ReportReadResult Result)>>();
        var next = 0;
        try
        {
            while (next < reportFiles.Count || ahead.Count > 0)
            {
                while (ahead.Count < Environment.ProcessorCount + 1 && next < reportFiles.Count)
                {
                    var file = reportFiles[next++];
                    ahead.Enqueue(Task.Run(async () =>
                    {
                        var local = await inputStore.LocalCopyAsync(file, Path.Combine(scratch, "input"), ct);
                        return (file, local, new DailyReportReader(locations).Read(local));
                    }, ct));
                }
                var (source, local, r) = await ahead.Dequeue();
                regionFile.Append(r.Rows);
                withoutIso3 += r.Rows.Count(x => x.Iso3 is null && x.LocationType == LocationType.Country);
                if (r.Rows.Any(x => x.Iso3 is not null && x.LocationType == LocationType.Country)) countryDates.Add(r.ReportDate);
                results.Add(r with { Rows = [], RowCount = r.Rows.Count });
                progress?.Report($"parsed {++done}/{reportFiles.Count} {r.SourceFile} ({r.SchemaVersion}, {r.Rows.Count} rows, {r.Quarantined.Count} quarantined)");
                if (r.FileQuarantined)
                {
                    await lakeStore.PutFileAsync(local, lake.QuarantinedFile(r.SourceFile), ct);
                    LogFileQuarantined(logger, r.SourceFile, r.Quarantined[0].Reason);
                }
                else
                {
                    // A file that loads now leaves no copy from a run that rejected an earlier version of it.
                    await lakeStore.DeleteFileAsync(lake.QuarantinedFile(r.SourceFile), ct);
                }
                quarantineFile.Append(r.ReportDate, r.Quarantined);
                foreach (var col in r.UnknownColumns) LogUnknownColumn(logger, r.SourceFile, col);
                if (r.HeaderProblem is not null && !r.FileQuarantined) LogHeaderProblem(logger, r.SourceFile, r.HeaderProblem);
                if (FileStorePaths.IsS3(source)) File.Delete(local);
            }
        }
        finally
        {
            // On failure or cancellation, let the parses already started finish before the scratch folder goes away.
            await Task.WhenAll(ahead).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        return new StagedReports(results, withoutIso3, countryDates, quarantineFile.LongestRecord);
    }

    /// <summary>
    /// The staged quarantine records in one commit of the quarantine table, replacing every report date of the run — a date
    /// without records now has its old ones removed.
    /// </summary>
    private async Task WriteQuarantineTableAsync(string localQuarantine, string stagingCsv, IReadOnlyCollection<DateOnly> dates, long longestRecord,
        CancellationToken ct)
    {
        if (dates.Count == 0) return;
        await lakeStore.PutFileAsync(localQuarantine, stagingCsv, ct);
        await QuarantineTable.WriteAsync(QuarantineTable.ReadStaging(spark, stagingCsv, longestRecord), lake, dates, ct);
    }

    /// <summary>
    /// The indicators' rejected rows replace the indicators' quarantine table in one commit. With none, a table that exists is
    /// emptied (a fixed indicators file clears its old records) and none is made. An earlier version's CSV in the table's
    /// folder (the same records, rewritten every run) is removed once the table holds this run's.
    /// </summary>
    private async Task WriteIndicatorsQuarantineAsync(IReadOnlyList<QuarantineRecord> rows, string staging, string scratch,
        IProgress<string>? progress, CancellationToken ct)
    {
        var legacyCsv = FileStorePaths.Combine(lake.QuarantineIndicators, QuarantineTable.LegacyCsvName);
        if (rows.Count == 0 && !await LakeTable.ExistsAsync(lakeStore, lake.QuarantineIndicators, ct))
        {
            await lakeStore.DeleteFileAsync(legacyCsv, ct);
            return;
        }
        progress?.Report("writing quarantine/indicators");
        var local = Path.Combine(scratch, "quarantine-indicators.csv");
        var longest = StagingWriter.WriteQuarantine(local, rows);
        var stagingCsv = FileStorePaths.Combine(staging, "quarantine-indicators.csv");
        await lakeStore.PutFileAsync(local, stagingCsv, ct);
        File.Delete(local);
        await QuarantineTable.WriteIndicatorsAsync(QuarantineTable.ReadRecords(spark, stagingCsv, longest), lake, ct);
        await lakeStore.DeleteFileAsync(legacyCsv, ct);
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Quarantined the whole file {File}: {Reason}")]
    private static partial void LogFileQuarantined(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "{File} has a column never seen before: {Column} (ignored)")]
    private static partial void LogUnknownColumn(ILogger logger, string file, string column);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "{File}: {Problem}; loaded by name, the load is PARTIAL")]
    private static partial void LogHeaderProblem(ILogger logger, string file, string problem);
}
