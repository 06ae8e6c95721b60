using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Storage;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Jobs.Etl;

/// <summary>Counts of one ETL run, for the summary and the run manifest.</summary>
public sealed record EtlResult(
    int Files, long RowsRead, long RegionRows, long CountryRows, long Quarantined, int FilesQuarantined, int HeaderRowsSkipped,
    IReadOnlyDictionary<string, int> SchemaVersions, IReadOnlyDictionary<string, IReadOnlyList<string>> UnknownColumns,
    int IndicatorRows, int IndicatorAggregatesExcluded, IReadOnlyDictionary<string, int> ImplausibleIndicatorsNulled, long NegativeNewCaseRows, long RegionRowsWithoutIso3 = 0)
{
    /// <summary>Blank records skipped (empty lines, lines of only commas or spaces).</summary>
    public long BlankLinesSkipped { get; init; }

    /// <summary>Row-level quarantine records of the daily reports (not whole files, not indicators).</summary>
    public long ReportRowsQuarantined { get; init; }

    /// <summary>Data records of the files quarantined whole.</summary>
    public long RowsInQuarantinedFiles { get; init; }

    /// <summary>Rows loaded with more deaths than confirmed cases (flagged).</summary>
    public long RowsWithDeathsAboveConfirmed { get; init; }

    /// <summary>Files whose header is not a known JHU layout, with the reason: their load is PARTIAL.</summary>
    public IReadOnlyDictionary<string, string> HeaderProblems { get; init; } = new Dictionary<string, string>();

    /// <summary>Report dates of the input that loaded no row, each with what happened to it.</summary>
    public IReadOnlyDictionary<DateOnly, string> DatesNotLoaded { get; init; } = new Dictionary<DateOnly, string>();

    /// <summary>
    /// Dates already in the lake, not in this run, whose new cases, 7-day averages or weekly trends were computed from the
    /// earlier version of a date this run (re)loaded. The run replaces only its own dates' partitions; these need a re-run if the counts changed.
    /// </summary>
    public IReadOnlyList<DateOnly> FollowingDates { get; init; } = [];
}

/// <summary>
/// Raw → trusted. The driver parses the daily reports of the selected dates (any header era) and the indicators file, quarantining
/// what cannot be used; the engine then builds <c>daily_region</c>, <c>daily_country</c> (with new cases from the previous report day
/// found in the lake) and <c>countries</c>, written as Parquet partitioned by <c>report_date</c>. Re-running a date replaces only
/// that date's partitions, and the same input gives byte-identical files.
/// </summary>
public sealed partial class EtlJob(SparkSession spark, LakeLayout lake, IFileStore lakeStore, IFileStore inputStore, ILogger<EtlJob> logger)
{
    /// <summary>How far back the previous report day of a country is looked for.</summary>
    public const int LookbackDays = 45;

    /// <param name="reportFiles">Daily reports to load (local paths or s3:// URIs).</param>
    /// <param name="indicatorsPath">Local copy of the indicators file.</param>
    /// <param name="lookupPath">Local copy of the JHU lookup table.</param>
    /// <param name="runId">Names the staging folder.</param>
    /// <param name="scratch">A local folder for downloads and files on their way to the lake.</param>
    /// <param name="progress">Progress lines.</param>
    /// <param name="ct">Cancels the run.</param>
    internal async Task<EtlResult> RunAsync(IReadOnlyList<string> reportFiles, string indicatorsPath, string lookupPath, string runId,
        string scratch, IProgress<string>? progress, CancellationToken ct)
    {
        var locations = LocationLookup.Load(lookupPath);
        var staging = lake.Staging(runId);
        var regionsCsv = FileStorePaths.Combine(staging, "regions.csv");
        var countriesCsv = FileStorePaths.Combine(staging, "countries.csv");
        await QuarantineTable.EnsureNotLegacyAsync(lakeStore, lake, ct);

        var localRegions = Path.Combine(scratch, "regions.csv");
        var localQuarantine = Path.Combine(scratch, "quarantine.csv");
        var (results, withoutIso3, countryDates, longestQuarantine) = await StageReportsAsync(reportFiles, locations, localRegions, localQuarantine, scratch, progress, ct);
        await lakeStore.PutFileAsync(localRegions, regionsCsv, ct);
        progress?.Report("writing quarantine/daily_reports");
        await WriteQuarantineTableAsync(localQuarantine, FileStorePaths.Combine(staging, "quarantine.csv"),
            [.. results.Select(r => r.ReportDate).Distinct()], longestQuarantine, ct);
        var indicators = new IndicatorsReader(locations).Read(indicatorsPath);
        var localCountries = Path.Combine(scratch, "countries.csv");
        StagingWriter.WriteCountries(localCountries, indicators.Countries);
        await lakeStore.PutFileAsync(localCountries, countriesCsv, ct);
        await WriteIndicatorsQuarantineAsync(indicators.Quarantined, staging, scratch, progress, ct);

        var loaded = results.Where(r => !r.FileQuarantined).ToList();
        long regionRows = 0, countryRows = 0, negative = 0;
        IReadOnlyList<DateOnly> following = [];
        if (loaded.Count > 0)
        {
            var regions = spark.Read().Option("header", "true").Schema(StagingWriter.RegionSchema).Csv(regionsCsv);
            var countries = spark.Read().Option("header", "true").Schema(StagingWriter.CountrySchema).Csv(countriesCsv);
            progress?.Report("writing trusted/countries");
            await LakeTable.Write(countries.OrderBy("iso3"), lake).Mode(SaveMode.Overwrite).SaveAsync(lake.Trusted("countries"), ct);
            progress?.Report("writing trusted/daily_region");
            regionRows = await LakeTable.Write(regions.OrderBy("report_date", "source_line"), lake).Mode(SaveMode.Overwrite)
                .Option("partitionOverwriteMode", "dynamic").PartitionBy("report_date").SaveAsync(lake.Trusted("daily_region"), ct) ?? 0;
        }
        // A report whose every row was quarantined writes no daily_region partition, so there is nothing to total.
        var withRows = loaded.Where(r => r.RowCount > 0).Select(r => r.ReportDate).Distinct().Order().ToList();
        if (withRows.Count > 0)
            (countryRows, negative, following) = await WriteDailyCountryAsync(withRows, countryDates, countriesCsv, progress, ct);

        return new EtlResult(results.Count, results.Sum(r => (long)r.RowsRead), regionRows, countryRows,
            results.Sum(r => (long)r.Quarantined.Count) + indicators.Quarantined.Count, results.Count(r => r.FileQuarantined),
            results.Sum(r => r.HeaderRowsSkipped),
            results.GroupBy(r => r.SchemaVersion).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            results.Where(r => r.UnknownColumns.Count > 0).ToDictionary(r => r.SourceFile, r => r.UnknownColumns),
            indicators.Countries.Count(c => c.HasIndicators), indicators.AggregateRowsExcluded, indicators.ImplausibleValuesNulled, negative,
            withoutIso3)
        {
            FollowingDates = following,
            BlankLinesSkipped = results.Sum(r => (long)r.BlankLinesSkipped),
            ReportRowsQuarantined = results.Sum(r => (long)r.RowsQuarantined),
            RowsInQuarantinedFiles = results.Where(r => r.FileQuarantined).Sum(r => (long)r.RowsRead),
            RowsWithDeathsAboveConfirmed = results.Sum(r => (long)r.RowsWithDeathsAboveConfirmed),
            HeaderProblems = results.Where(r => r.HeaderProblem is not null).ToDictionary(r => r.SourceFile, r => r.HeaderProblem!),
            DatesNotLoaded = results.GroupBy(r => r.ReportDate).Where(g => g.All(r => r.RowCount == 0))
                .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(NotLoaded))),
        };
    }

    /// <summary>What happened to a file that loaded no row, in words a person can act on.</summary>
    private static string NotLoaded(ReportReadResult r) => r.FileQuarantined
        ? $"{r.SourceFile} quarantined whole: {r.Quarantined[0].Reason}"
        : r.RowsQuarantined > 0 ? $"{r.SourceFile}: every row quarantined ({r.RowsQuarantined})" : $"{r.SourceFile}: no rows";
}
