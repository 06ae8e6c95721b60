using System.Diagnostics;
using System.Globalization;
using CovidSpark.Jobs.Cluster;
using CovidSpark.Jobs.Etl;
using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Jobs.Report;
using CovidSpark.Jobs.Stats;
using CovidSpark.Jobs.Storage;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Jobs.Pipeline;

/// <summary>The outcome of a run: the manifest that was written and where, and the report when this run rendered it.</summary>
public sealed record PipelineOutcome(RunManifest Manifest, string ManifestPath, string? ReportPath = null);

/// <summary>
/// Runs ETL → statistics → clustering for a date range on one session, records a run manifest, and renders the HTML report.
/// A failing job stops the run (exit 1) and is recorded with its error; quarantined input completes with exit 2.
/// </summary>
public sealed partial class PipelineRunner(SparkSession spark, TimeProvider clock, ILoggerFactory loggerFactory, Func<string, IFileStore>? stores = null)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<PipelineRunner>();
    private readonly Func<string, IFileStore> _stores = stores ?? (_ => new LocalFileStore());

    public async Task<PipelineOutcome> RunAsync(PipelineOptions options, IProgress<string>? progress, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var runId = started.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var lake = new LakeLayout(options.LakeDirectory);
        var lakeStore = _stores(lake.Root);
        var inputStore = _stores(options.InputDirectory);
        var scratch = Directory.CreateTempSubdirectory("covidspark-" + runId + "-").FullName;
        var jobs = new List<JobReport>();
        var files = new List<string>();
        var window = options.Window;
        // The run's dates, resolved once (the lake's daily_country partitions listed once) and handed to every job.
        RunDates? run = null;
        IReadOnlyList<DateOnly> inputDates = [];
        string? error = null;
        var exit = ExitCodes.Success;
        string? reportPath = null;
        LogStart(_logger, runId, spark.Engine.Name, lake.Root);
        try
        {
            if (!lakeStore.IsShared && spark.Engine.Name != "duckdb")
                LogLocalLakeOnCluster(_logger, lake.Root, spark.Engine.Name);
            if (FileStorePaths.IsS3(lake.Root) && spark.Engine.Name == "duckdb")
                throw new InputFileException(lake.Root, null, "the embedded engine needs a local lake (DuckDB's S3 support is not available here); use --engine spark for s3:// lakes");
            files = await SelectReportsAsync(options, inputStore, ct);
            inputDates = [.. files.Select(f => DailyReportReader.TryParseReportDate(f, out var d) ? d : default).Distinct().Order()];
            if (options.Jobs.HasFlag(PipelineJobs.Etl))
            {
                if (files.Count == 0)
                    throw new InputFileException(options.InputDirectory, null,
                        $"no daily reports (MM-DD-YYYY.csv){window.Describe()} in this folder");
                var indicators = await _stores(options.IndicatorsPath).LocalCopyAsync(options.IndicatorsPath, scratch, ct);
                var lookup = await _stores(options.LookupPath).LocalCopyAsync(options.LookupPath, scratch, ct);
                if (options.Jobs.HasFlag(PipelineJobs.Cluster) && !options.DryRun)
                    KMeansJob.EnsureEnoughCountries(options.KMeans, new IndicatorsReader(LocationLookup.Load(lookup)).Read(indicators).Countries);
                var report = await Timed("etl", async () =>
                {
                    var r = await new EtlJob(spark, lake.ForJob(runId, "etl", inputDates), lakeStore, inputStore, loggerFactory.CreateLogger<EtlJob>())
                        .RunAsync(files, indicators, lookup, runId, scratch, progress, ct);
                    return (r.RowsRead, r.RegionRows + r.CountryRows, r.Quarantined, new Dictionary<string, long>
                    {
                        ["files"] = r.Files, ["files_quarantined"] = r.FilesQuarantined, ["daily_region_rows"] = r.RegionRows,
                        ["daily_country_rows"] = r.CountryRows, ["header_rows_skipped"] = r.HeaderRowsSkipped,
                        ["indicator_countries"] = r.IndicatorRows, ["indicator_aggregates_excluded"] = r.IndicatorAggregatesExcluded,
                        ["negative_new_case_rows_flagged"] = r.NegativeNewCaseRows,
                        ["region_rows_without_iso3"] = r.RegionRowsWithoutIso3,
                        ["blank_lines_skipped"] = r.BlankLinesSkipped, ["report_rows_quarantined"] = r.ReportRowsQuarantined,
                        ["rows_in_quarantined_files"] = r.RowsInQuarantinedFiles,
                        ["rows_with_deaths_above_confirmed"] = r.RowsWithDeathsAboveConfirmed,
                        ["files_with_header_problems"] = r.HeaderProblems.Count, ["dates_not_loaded"] = r.DatesNotLoaded.Count,
                        [RunManifest.FollowingDatesKey] = r.FollowingDates.Count,
                    }.Concat(r.ImplausibleIndicatorsNulled.Select(kv => KeyValuePair.Create("implausible_nulled_" + kv.Key, (long)kv.Value)))
                     .Concat(r.SchemaVersions.Select(kv => KeyValuePair.Create("schema_" + kv.Key, (long)kv.Value)))
                     .ToDictionary(), r.UnknownColumns.ToDictionary(kv => "unknown_columns_" + kv.Key, kv => string.Join(", ", kv.Value))
                        .Concat(r.HeaderProblems.Select(kv => KeyValuePair.Create("header_problem_" + kv.Key, kv.Value)))
                        .Concat(r.DatesNotLoaded.Select(kv => KeyValuePair.Create(RunManifest.NotLoadedPrefix + IsoDate.Format(kv.Key), kv.Value)))
                        .Concat(r.FollowingDates.Count == 0 ? [] : [KeyValuePair.Create(RunManifest.FollowingDatesKey,
                            string.Join(", ", r.FollowingDates.Select(IsoDate.Format)))])
                        .ToDictionary(), Partial: r.HeaderProblems.Count > 0);
                });
                jobs.Add(report);
                if (report.Status == "PARTIAL") exit = ExitCodes.CompletedWithQuarantine;
                var lakeDates = await ReportDatePartitions.DatesAsync(spark, lakeStore, lake.Trusted("daily_country"), ct);
                run = window.Resolve(options.DryRun ? inputDates : inputDates.Intersect(lakeDates), lakeDates);
                if (run.Dates.Count == 0 && (options.Jobs & (PipelineJobs.Stats | PipelineJobs.Cluster)) != 0)
                    throw new InputFileException(options.InputDirectory, null, "the etl job loaded no country row for any date of this run, so statistics and clustering have nothing to work on: "
                        + string.Join("; ", report.Details!.Where(kv => kv.Key.StartsWith(RunManifest.NotLoadedPrefix, StringComparison.Ordinal))
                            .Select(kv => $"{kv.Key[RunManifest.NotLoadedPrefix.Length..]}: {kv.Value}").DefaultIfEmpty("no row names a country with an ISO3 code"))
                        + $" (see {FileStorePaths.Combine(lake.Root, "quarantine")})");
            }
            else
            {
                // Without the ETL, statistics and clustering work on what the lake holds, not on the input folder's dates.
                run = await RunDates.FromLakeAsync(spark, lakeStore, lake, window, ct);
                if (options.Jobs.HasFlag(PipelineJobs.Cluster) && !options.DryRun && run.Dates.Count > 0)
                    await new KMeansJob(spark, lake).EnsureEnoughCountriesAsync(options.KMeans, ct);
            }
            if (run.Dates.Count == 0 && (options.Jobs & (PipelineJobs.Stats | PipelineJobs.Cluster)) != 0)
                throw new InputFileException(lake.Trusted("daily_country"), null, $"no trusted dates{window.Describe()}; run the etl job first");
            if (options.Jobs.HasFlag(PipelineJobs.Stats))
            {
                jobs.Add(await Timed("stats", async () =>
                {
                    var r = await new StatisticsJob(spark, lake.ForJob(runId, "stats", run.Dates)).RunAsync(run, progress, ct);
                    return (0L, r.RowsPerTable.Values.Sum(), 0L, r.RowsPerTable.ToDictionary(kv => kv.Key, kv => kv.Value), null, false);
                }));
            }
            if (options.Jobs.HasFlag(PipelineJobs.Cluster))
            {
                jobs.Add(await Timed("cluster", async () =>
                {
                    var r = await new KMeansJob(spark, lake.ForJob(runId, "cluster", [run.Last])).RunAsync(options.KMeans with { PlanOnly = options.DryRun }, run, progress, ct);
                    return ((long)r.Points, r.ClusterRows, 0L, new Dictionary<string, long> { ["iterations"] = r.Iterations, ["k"] = options.KMeans.K },
                        new Dictionary<string, string>
                        {
                            ["converged"] = r.Converged ? "true" : "false",
                            ["inertia"] = r.Inertia.ToString("G6", CultureInfo.InvariantCulture),
                        }, false);
                }));
            }
            if (options.WriteReport && run.Dates.Count > 0 && !options.DryRun)
            {
                progress?.Report("rendering report.html");
                await new HtmlReportWriter(spark, lake, lakeStore).WriteAsync(run, runId, ct);
                reportPath = lake.Report;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Every table write is one Delta commit, made only after its files are complete: a run stopped here has
            // committed whole writes or nothing of a write. Its files written but not committed are invisible and go with vacuum.
            var done = jobs.Where(j => j.Status is "SUCCEEDED" or "PARTIAL").Select(j => j.Job).ToList();
            error = "interrupted; " + (done.Count == 0 ? "no job completed" : $"completed: {string.Join(", ", done)}")
                + "; the job that was running committed whole table writes only — re-run to finish";
            exit = ExitCodes.Cancelled;
            LogCancelled(_logger, runId);
        }
        catch (Exception e) when (e is SparkJobsException or IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            error = e.Message;
            exit = ExitCodes.Failure;
            LogFailed(_logger, runId, e.Message);
        }
        finally
        {
            await TryCleanUpAsync(lakeStore, lake.Staging(runId), scratch);
        }
        var ended = clock.GetUtcNow();
        var dates = run?.Dates ?? inputDates;
        var range = window.RangeOf(dates);
        var manifest = new RunManifest(runId, spark.Engine.Name,
            exit switch
            {
                ExitCodes.Failure => "FAILED",
                ExitCodes.Cancelled => "CANCELLED",
                _ when options.DryRun => "DRY_RUN",
                ExitCodes.Success => "SUCCEEDED",
                _ => "PARTIAL",
            }, exit,
            started, ended, Math.Round((ended - started).TotalSeconds, 3),
            new RunInputs(FileStorePaths.Normalise(options.InputDirectory), FileStorePaths.Normalise(options.IndicatorsPath),
                FileStorePaths.Normalise(options.LookupPath), lake.Root, files.Select(FileStorePaths.FileName).ToList()),
            [.. dates.Select(IsoDate.Format)], jobs, error)
        {
            DryRun = options.DryRun, From = range?.First, To = range?.Last,
            DatesMissing = [.. (run?.Missing ?? []).Select(IsoDate.Format)],
        };
        var path = FileStorePaths.Combine(lake.Runs, runId + ".json");
        await lakeStore.WriteTextAsync(path, manifest.ToJson(), CancellationToken.None);
        return new PipelineOutcome(manifest, path, reportPath);

        async Task<JobReport> Timed(string name,
            Func<Task<(long In, long Out, long Quarantined, Dictionary<string, long> Counts, Dictionary<string, string>? Details, bool Partial)>> body)
        {
            progress?.Report($"job {name} started");
            var sw = Stopwatch.StartNew();
            try
            {
                var (rowsIn, rowsOut, q, counts, details, partial) = await body();
                var report = new JobReport(name, options.DryRun ? "DRY_RUN" : q > 0 || partial ? "PARTIAL" : "SUCCEEDED", Math.Round(sw.Elapsed.TotalSeconds, 3), rowsIn, rowsOut, q, counts, details);
                LogJob(_logger, name, report.Status, sw.Elapsed.TotalSeconds);
                return report;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                jobs.Add(new JobReport(name, "CANCELLED", Math.Round(sw.Elapsed.TotalSeconds, 3), 0, 0, 0, new Dictionary<string, long>(), null));
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                jobs.Add(new JobReport(name, "FAILED", Math.Round(sw.Elapsed.TotalSeconds, 3), 0, 0, 0, new Dictionary<string, long>(),
                    new Dictionary<string, string> { ["error"] = e.Message }));
                throw;
            }
        }
    }

    private static async Task<List<string>> SelectReportsAsync(PipelineOptions o, IFileStore store, CancellationToken ct)
    {
        if (!FileStorePaths.IsS3(o.InputDirectory) && !await store.FolderExistsAsync(o.InputDirectory, ct))
            throw new InputFileException(o.InputDirectory, null, "input folder not found (pass --input DIR with MM-DD-YYYY.csv daily reports)");
        return (await store.ListFilesAsync(FileStorePaths.Normalise(o.InputDirectory), ".csv", ct))
            .Where(f => DailyReportReader.TryParseReportDate(f, out var d) && o.Window.Contains(d))
            .OrderBy(f => DailyReportReader.TryParseReportDate(f, out var d) ? d : default).ToList();
    }


    private async Task TryCleanUpAsync(IFileStore lakeStore, string staging, string scratch)
    {
        try
        {
            await lakeStore.DeleteFolderAsync(staging, CancellationToken.None);
            var stagingRoot = Path.GetDirectoryName(staging);
            if (!FileStorePaths.IsS3(staging) && stagingRoot is not null && Directory.Exists(stagingRoot) && !Directory.EnumerateFileSystemEntries(stagingRoot).Any())
                Directory.Delete(stagingRoot);
            Directory.Delete(scratch, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCleanUpFailed(_logger, staging, e.Message);
        }
    }

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Could not remove the staging folder {Staging}: {Error}")]
    private static partial void LogCleanUpFailed(ILogger logger, string staging, string error);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "The lake {Lake} is on this machine's disk but engine {Engine} may run elsewhere; use an s3:// lake on a cluster")]
    private static partial void LogLocalLakeOnCluster(ILogger logger, string lake, string engine);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Run {RunId} started on engine {Engine}, lake {Lake}")]
    private static partial void LogStart(ILogger logger, string runId, string engine, string lake);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Job {Job} {Status} in {Seconds:F1} s")]
    private static partial void LogJob(ILogger logger, string job, string status, double seconds);

    // Information, not Error: the command line prints the error once itself (standard error), and the manifest records it.
    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Run {RunId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string runId, string error);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Run {RunId} was interrupted and stopped at a safe point")]
    private static partial void LogCancelled(ILogger logger, string runId);
}
