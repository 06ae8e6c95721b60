using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CovidSpark.Jobs.Cluster;
using CovidSpark.Jobs.Etl;
using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Jobs.Report;
using CovidSpark.Jobs.Stats;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Jobs.Pipeline;

/// <summary>The outcome of a run: the manifest that was written and where.</summary>
public sealed record PipelineOutcome(RunManifest Manifest, string ManifestPath);

/// <summary>
/// Runs ETL → statistics → clustering for a date range on one session, records a run manifest, and renders the HTML report.
/// A failing job stops the run (exit 1) and is recorded with its error; quarantined input completes with exit 2.
/// </summary>
public sealed partial class PipelineRunner(SparkSession spark, TimeProvider clock, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<PipelineRunner>();

    public async Task<PipelineOutcome> RunAsync(PipelineOptions options, IProgress<string>? progress, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var runId = started.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var lake = new LakeLayout(Path.GetFullPath(options.LakeDirectory));
        var jobs = new List<JobReport>();
        var files = new List<string>();
        var dates = new List<DateOnly>();
        string? error = null;
        var exit = ExitCodes.Success;
        LogStart(_logger, runId, spark.Engine.Name, lake.Root);
        try
        {
            files = SelectReports(options);
            dates = files.Select(f => DailyReportReader.TryParseReportDate(f, out var d) ? d : default).Distinct().Order().ToList();
            if (options.Jobs.HasFlag(PipelineJobs.Etl))
            {
                if (files.Count == 0)
                    throw new InputFileException(options.InputDirectory, null,
                        $"no daily reports (MM-DD-YYYY.csv){RangeText(options)} in this folder");
                var report = await Timed("etl", async () =>
                {
                    var r = await new EtlJob(spark, lake, loggerFactory.CreateLogger<EtlJob>())
                        .RunAsync(files, options.IndicatorsPath, options.LookupPath, runId, progress, ct);
                    return (r.RowsRead, r.RegionRows + r.CountryRows, r.Quarantined, new Dictionary<string, long>
                    {
                        ["files"] = r.Files, ["files_quarantined"] = r.FilesQuarantined, ["daily_region_rows"] = r.RegionRows,
                        ["daily_country_rows"] = r.CountryRows, ["header_rows_skipped"] = r.HeaderRowsSkipped,
                        ["indicator_countries"] = r.IndicatorRows, ["indicator_aggregates_excluded"] = r.IndicatorAggregatesExcluded,
                        ["negative_new_case_rows_flagged"] = r.NegativeNewCaseRows,
                    }.Concat(r.ImplausibleIndicatorsNulled.Select(kv => KeyValuePair.Create("implausible_nulled_" + kv.Key, (long)kv.Value)))
                     .Concat(r.SchemaVersions.Select(kv => KeyValuePair.Create("schema_" + kv.Key, (long)kv.Value)))
                     .ToDictionary(), r.UnknownColumns.ToDictionary(kv => "unknown_columns_" + kv.Key, kv => string.Join(", ", kv.Value)));
                });
                jobs.Add(report);
                if (report.RowsQuarantined > 0) exit = ExitCodes.CompletedWithQuarantine;
                dates = dates.Where(d => Directory.Exists(Path.Combine(lake.Trusted("daily_country"), $"report_date={d:yyyy-MM-dd}"))).ToList();
            }
            else if (dates.Count == 0)
            {
                dates = TrustedDates(lake, options);
            }
            if (dates.Count == 0 && (options.Jobs & (PipelineJobs.Stats | PipelineJobs.Cluster)) != 0)
                throw new InputFileException(lake.Trusted("daily_country"), null, $"no trusted dates{RangeText(options)}; run the etl job first");
            if (options.Jobs.HasFlag(PipelineJobs.Stats))
            {
                jobs.Add(await Timed("stats", async () =>
                {
                    var r = await new StatisticsJob(spark, lake).RunAsync(dates[0], dates[^1], progress, ct);
                    return (0L, r.RowsPerTable.Values.Sum(), 0L, r.RowsPerTable.ToDictionary(kv => kv.Key, kv => kv.Value), null);
                }));
            }
            if (options.Jobs.HasFlag(PipelineJobs.Cluster))
            {
                jobs.Add(await Timed("cluster", async () =>
                {
                    var r = await new KMeansJob(spark, lake).RunAsync(options.KMeans, dates[^1], progress, ct);
                    return ((long)r.Points, r.ClusterRows, 0L, new Dictionary<string, long> { ["iterations"] = r.Iterations, ["k"] = options.KMeans.K },
                        new Dictionary<string, string>
                        {
                            ["converged"] = r.Converged ? "true" : "false",
                            ["inertia"] = r.Inertia.ToString("G6", CultureInfo.InvariantCulture),
                        });
                }));
            }
            if (options.WriteReport && dates.Count > 0)
            {
                progress?.Report("rendering report.html");
                await new HtmlReportWriter(spark, lake).WriteAsync(dates[0], dates[^1], runId, ct);
            }
        }
        catch (Exception e) when (e is SparkJobsException or InputFileException or IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            error = e.Message;
            exit = ExitCodes.Failure;
            LogFailed(_logger, runId, e.Message);
        }
        finally
        {
            TryDelete(lake.Staging(runId));
        }
        var ended = clock.GetUtcNow();
        var manifest = new RunManifest(runId, spark.Engine.Name,
            exit switch { ExitCodes.Success => "SUCCEEDED", ExitCodes.CompletedWithQuarantine => "PARTIAL", _ => "FAILED" }, exit,
            started, ended, Math.Round((ended - started).TotalSeconds, 3),
            new RunInputs(Path.GetFullPath(options.InputDirectory), Path.GetFullPath(options.IndicatorsPath), Path.GetFullPath(options.LookupPath),
                lake.Root, files.Select(Path.GetFileName).ToList()!),
            dates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(), jobs, error);
        Directory.CreateDirectory(lake.Runs);
        var path = Path.Combine(lake.Runs, runId + ".json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.RunManifest), CancellationToken.None);
        return new PipelineOutcome(manifest, path);

        async Task<JobReport> Timed(string name,
            Func<Task<(long In, long Out, long Quarantined, Dictionary<string, long> Counts, Dictionary<string, string>? Details)>> body)
        {
            progress?.Report($"job {name} started");
            var sw = Stopwatch.StartNew();
            try
            {
                var (rowsIn, rowsOut, q, counts, details) = await body();
                var report = new JobReport(name, q > 0 ? "PARTIAL" : "SUCCEEDED", Math.Round(sw.Elapsed.TotalSeconds, 3), rowsIn, rowsOut, q, counts, details);
                LogJob(_logger, name, report.Status, sw.Elapsed.TotalSeconds);
                return report;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                jobs.Add(new JobReport(name, "FAILED", Math.Round(sw.Elapsed.TotalSeconds, 3), 0, 0, 0, new Dictionary<string, long>(),
                    new Dictionary<string, string> { ["error"] = e.Message }));
                throw;
            }
        }
    }

    private static List<string> SelectReports(PipelineOptions o)
    {
        if (!Directory.Exists(o.InputDirectory))
            throw new InputFileException(o.InputDirectory, null, "input folder not found (pass --input DIR with MM-DD-YYYY.csv daily reports)");
        return Directory.EnumerateFiles(o.InputDirectory, "*.csv")
            .Where(f => DailyReportReader.TryParseReportDate(f, out var d) && (o.From is null || d >= o.From) && (o.To is null || d <= o.To))
            .OrderBy(f => DailyReportReader.TryParseReportDate(f, out var d) ? d : default).ToList();
    }

    private static List<DateOnly> TrustedDates(LakeLayout lake, PipelineOptions o)
    {
        var dir = lake.Trusted("daily_country");
        if (!Directory.Exists(dir)) return [];
        return Directory.EnumerateDirectories(dir, "report_date=*")
            .Select(d => DateOnly.TryParseExact(Path.GetFileName(d)["report_date=".Length..], "yyyy-MM-dd", out var x) ? x : (DateOnly?)null)
            .OfType<DateOnly>().Where(d => (o.From is null || d >= o.From) && (o.To is null || d <= o.To)).Order().ToList();
    }

    private static string RangeText(PipelineOptions o) =>
        o.From is null && o.To is null ? "" : $" between {o.From?.ToString("yyyy-MM-dd") ?? "the first date"} and {o.To?.ToString("yyyy-MM-dd") ?? "the last date"}";

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Run {RunId} started on engine {Engine}, lake {Lake}")]
    private static partial void LogStart(ILogger logger, string runId, string engine, string lake);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Job {Job} {Status} in {Seconds:F1} s")]
    private static partial void LogJob(ILogger logger, string job, string status, double seconds);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Run {RunId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string runId, string error);
}
