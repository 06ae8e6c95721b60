using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Storage;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Jobs.Etl;

/// <summary>Counts of one ETL run, for the summary and the run manifest.</summary>
public sealed record EtlResult(
    int Files, long RowsRead, long RegionRows, long CountryRows, long Quarantined, int FilesQuarantined, int HeaderRowsSkipped,
    IReadOnlyDictionary<string, int> SchemaVersions, IReadOnlyDictionary<string, IReadOnlyList<string>> UnknownColumns,
    int IndicatorRows, int IndicatorAggregatesExcluded, IReadOnlyDictionary<string, int> ImplausibleIndicatorsNulled, long NegativeNewCaseRows, long RegionRowsWithoutIso3 = 0)
{
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

        var results = new List<ReportReadResult>();
        var i = 0;
        long withoutIso3 = 0;
        // Dates that will have a daily_country partition: those with at least one country row tagged with ISO3.
        var countryDates = new SortedSet<DateOnly>();
        var localRegions = Path.Combine(scratch, "regions.csv");
        using var regionFile = StagingWriter.OpenRegions(localRegions);
        // Files are downloaded and parsed in parallel a few ahead of the writer, which takes them in date order: the staging file
        // is written while the next reports are parsed, and only a bounded window of parsed files is in memory.
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
                // Rows go to the staging file at once; only the counts stay in memory.
                regionFile.Append(r.Rows);
                withoutIso3 += r.Rows.Count(x => x.Iso3 is null && x.LocationType == LocationType.Country);
                if (r.Rows.Any(x => x.Iso3 is not null && x.LocationType == LocationType.Country)) countryDates.Add(r.ReportDate);
                results.Add(r with { Rows = [], RowCount = r.Rows.Count });
                progress?.Report($"parsed {++i}/{reportFiles.Count} {r.SourceFile} ({r.SchemaVersion}, {r.Rows.Count} rows, {r.Quarantined.Count} quarantined)");
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
                await WriteQuarantineAsync(lake.QuarantineFor(r.ReportDate), r.Quarantined, scratch, ct);
                foreach (var col in r.UnknownColumns) LogUnknownColumn(logger, r.SourceFile, col);
                if (FileStorePaths.IsS3(source)) File.Delete(local);
            }
        }
        finally
        {
            // On failure or cancellation, let the parses already started finish before the scratch folder goes away.
            await Task.WhenAll(ahead).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        regionFile.Dispose();
        await lakeStore.PutFileAsync(localRegions, regionsCsv, ct);
        var indicators = new IndicatorsReader(locations).Read(indicatorsPath);
        var localCountries = Path.Combine(scratch, "countries.csv");
        StagingWriter.WriteCountries(localCountries, indicators.Countries);
        await lakeStore.PutFileAsync(localCountries, countriesCsv, ct);
        await WriteQuarantineAsync(lake.QuarantineIndicators, indicators.Quarantined, scratch, ct);

        var loaded = results.Where(r => !r.FileQuarantined).ToList();
        long regionRows = 0, countryRows = 0, negative = 0;
        IReadOnlyList<DateOnly> following = [];
        if (loaded.Count > 0)
        {
            var regions = spark.Read().Option("header", "true").Schema(StagingWriter.RegionSchema).Csv(regionsCsv);
            var countries = spark.Read().Option("header", "true").Schema(StagingWriter.CountrySchema).Csv(countriesCsv);
            progress?.Report("writing trusted/countries");
            await countries.OrderBy("iso3").Write().Mode(SaveMode.Overwrite).ParquetAsync(lake.Trusted("countries"), ct);
            progress?.Report("writing trusted/daily_region");
            regionRows = await regions.OrderBy("report_date", "source_line").Write().Mode(SaveMode.Overwrite)
                .Option("partitionOverwriteMode", "dynamic").PartitionBy("report_date").ParquetAsync(lake.Trusted("daily_region"), ct) ?? 0;

        }
        // A report whose every row was quarantined writes no daily_region partition, so there is nothing to total.
        var withRows = loaded.Where(r => r.RowCount > 0).Select(r => r.ReportDate).Distinct().Order().ToList();
        if (withRows.Count > 0)
        {
            var partitions = new ReportDatePartitions(spark, lakeStore);
            var countries = spark.Read().Option("header", "true").Schema(StagingWriter.CountrySchema).Csv(countriesCsv);
            progress?.Report("writing trusted/daily_country");
            var from = withRows[0];
            // The country totals come from the daily_region partitions just written (typed, columnar) rather than from a
            // second parse of the staging file; the previous report days from the lookback window of daily_country.
            var table = lake.Trusted("daily_country");
            var lakeDates = await partitions.DatesAsync(table, ct);
            var written = partitions.Read(lake.Trusted("daily_region"), withRows);
            var historyDates = lakeDates.Where(d => d >= from.AddDays(-LookbackDays) && d < from).ToList();
            var history = historyDates.Count == 0 ? null : partitions.Read(table, historyDates);
            // Later dates of the lake computed from this run's dates need a refresh only if this run changed their figures:
            // a re-run of the same input (or of a refresh itself) must not send the user down a chain of re-runs.
            var candidates = FollowingDates(lakeDates, withRows);
            var before = candidates.Count == 0 ? null : await CountryFiguresAsync(partitions, table, lakeDates.Intersect(withRows).ToList(), ct);
            var dailyCountry = DailyCountry(written, countries, from, history);
            countryRows = await dailyCountry.Write().Mode(SaveMode.Overwrite).Option("partitionOverwriteMode", "dynamic")
                .PartitionBy("report_date").ParquetAsync(table, ct) ?? 0;
            // A date whose rows are all cruise ships or unknown places has no country partition.
            if (countryDates.Count > 0)
                negative = await partitions.Read(table, countryDates).Filter(Col("is_revision")).CountAsync(ct);
            if (before is not null && !before.SetEquals(await CountryFiguresAsync(partitions, table, [.. countryDates], ct)))
            {
                following = candidates;
                LogFollowingDates(logger, following[0], following[^1], following.Count);
            }
        }

        return new EtlResult(results.Count, results.Sum(r => (long)r.RowsRead), regionRows, countryRows,
            results.Sum(r => (long)r.Quarantined.Count) + indicators.Quarantined.Count, results.Count(r => r.FileQuarantined),
            results.Sum(r => r.HeaderRowsSkipped),
            results.GroupBy(r => r.SchemaVersion).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            results.Where(r => r.UnknownColumns.Count > 0).ToDictionary(r => r.SourceFile, r => r.UnknownColumns),
            indicators.Countries.Count(c => c.HasIndicators), indicators.AggregateRowsExcluded, indicators.ImplausibleValuesNulled, negative,
            withoutIso3) { FollowingDates = following };
    }

    /// <summary>
    /// Country totals per report day, with new cases/deaths against the country's previous report day (history read from the lake
    /// for <see cref="LookbackDays"/> before the first new date), 7-day averages where the 7 previous days are all present,
    /// and per-capita rates from the indicators.
    /// </summary>
    private static DataFrame DailyCountry(DataFrame regions, DataFrame countries, DateOnly from, DataFrame? history)
    {
        var current = regions.Filter(Col("location_type").EqualTo("country").And(Col("iso3").IsNotNull()))
            .GroupBy("report_date", "iso3")
            .Agg(Sum("confirmed").Alias("confirmed"), Sum("deaths").Alias("deaths"), Sum("recovered").Alias("recovered"),
                Sum("active").Alias("active_reported"), Count("*").Alias("regions"))
            .WithColumn("is_history", Lit(false));
        var all = current;
        if (history is not null)
        {
            all = current.UnionByName(history
                .Filter(Col("report_date").Lt(Lit(from)).And(Col("report_date").Geq(Lit(from.AddDays(-LookbackDays)))))
                .Select(Col("report_date"), Col("iso3"), Col("confirmed"), Col("deaths"), Col("recovered"), Col("active").Alias("active_reported"),
                    Col("regions"))
                .WithColumn("is_history", Lit(true)));
        }
        var w = Window.PartitionBy("iso3").OrderBy("report_date");
        // The same rule inside the batch as for the history: a report more than LookbackDays back is no previous day,
        // so a date's rows do not depend on which other dates were in the same run.
        var recent = DateDiff(Col("report_date"), Lag(Col("report_date")).Over(w)).Leq(LookbackDays);
        var withDiffs = all
            .WithColumn("prev_date", When(recent, Lag(Col("report_date")).Over(w)))
            .WithColumn("new_confirmed", When(recent, Col("confirmed") - Lag(Col("confirmed")).Over(w)))
            .WithColumn("new_deaths", When(recent, Col("deaths") - Lag(Col("deaths")).Over(w)))
            .WithColumn("date_7", Lag(Col("report_date"), 7).Over(w))
            .WithColumn("confirmed_7", Lag(Col("confirmed"), 7).Over(w))
            .WithColumn("deaths_7", Lag(Col("deaths"), 7).Over(w))
            .Filter(Col("is_history").EqualTo(false));
        var complete7 = DateDiff(Col("report_date"), Col("date_7")).EqualTo(7);
        return withDiffs.Join(countries.Select(Col("iso3"), Col("country"), Col("continent"), Col("population")), "iso3", "left")
            .Select(
                Col("report_date"), Col("iso3"), Coalesce(Col("country"), Col("iso3")).Alias("country"), Col("continent"),
                Col("confirmed"), Col("deaths"), Col("recovered"),
                Coalesce(Col("active_reported"), Col("confirmed") - Col("deaths") - Coalesce(Col("recovered"), Lit(0L))).Alias("active"),
                Col("new_confirmed"), Col("new_deaths"),
                DateDiff(Col("report_date"), Col("prev_date")).Alias("days_since_previous"),
                Coalesce(Col("new_confirmed").Lt(0).Or(Col("new_deaths").Lt(0)), Lit(false)).Alias("is_revision"),
                When(complete7, (Col("confirmed") - Col("confirmed_7")) / 7.0).Alias("new_confirmed_7d_avg"),
                When(complete7, (Col("deaths") - Col("deaths_7")) / 7.0).Alias("new_deaths_7d_avg"),
                Col("population"),
                (Col("confirmed") * 1000.0 / Col("population")).Alias("cases_per_thousand"),
                (Col("deaths") * 1_000_000.0 / Col("population")).Alias("deaths_per_million"),
                (Col("deaths") * 100.0 / Col("confirmed")).Alias("case_fatality_ratio"),
                Col("regions"))
            .OrderBy("report_date", "iso3");
    }

    /// <summary>
    /// How many report days after a date can be computed from it: 7 for <c>daily_country</c> (new cases from the previous report
    /// day, 7-day averages from the report 7 days back), 7 more for <c>refined/country_trends</c>, whose week-over-week growth
    /// compares a date's 7-day average with the one a week earlier.
    /// </summary>
    internal const int FollowingReach = 14;

    /// <summary>
    /// The lake's dates outside <paramref name="loaded"/> that have a loaded date among their <see cref="FollowingReach"/>
    /// previous report days (within <see cref="LookbackDays"/>): their trusted or refined figures were computed from it.
    /// </summary>
    internal static IReadOnlyList<DateOnly> FollowingDates(IEnumerable<DateOnly> lakeDates, IReadOnlyCollection<DateOnly> loaded)
    {
        var batch = loaded.ToHashSet();
        var all = lakeDates.Concat(batch).Distinct().Order().ToList();
        var result = new List<DateOnly>();
        for (var i = 0; i < all.Count; i++)
        {
            if (batch.Contains(all[i])) continue;
            for (var back = 1; back <= FollowingReach && i - back >= 0; back++)
            {
                var earlier = all[i - back];
                if (all[i].DayNumber - earlier.DayNumber > LookbackDays) break;
                if (batch.Contains(earlier)) { result.Add(all[i]); break; }
            }
        }
        return result;
    }

    /// <summary>What later dates are computed from: each country's confirmed and deaths on each of these dates.</summary>
    private static async Task<HashSet<(DateOnly Date, string? Iso3, long? Confirmed, long? Deaths)>> CountryFiguresAsync(
        ReportDatePartitions partitions, string table, IReadOnlyList<DateOnly> dates, CancellationToken ct)
    {
        if (dates.Count == 0) return [];
        var rows = await partitions.Read(table, dates).Select(Col("report_date"), Col("iso3"), Col("confirmed"), Col("deaths")).CollectAsync(ct);
        return [.. rows.Select(r => (r.GetAs<DateOnly>("report_date"), r.GetAs<string>("iso3"), r.GetAs<long?>("confirmed"), r.GetAs<long?>("deaths")))];
    }

    /// <summary>Writes a quarantine file when there is something to quarantine, and removes a stale one from an earlier run otherwise.</summary>
    private async Task WriteQuarantineAsync(string path, IReadOnlyList<QuarantineRecord> rows, string scratch, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            await lakeStore.DeleteFileAsync(path, ct);
            return;
        }
        var local = Path.Combine(scratch, "quarantine-" + Guid.NewGuid().ToString("N") + ".csv");
        StagingWriter.WriteQuarantine(local, rows);
        await lakeStore.PutFileAsync(local, path, ct);
        File.Delete(local);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Quarantined the whole file {File}: {Reason}")]
    private static partial void LogFileQuarantined(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "{Count} later dates ({First} .. {Last}) were computed from the earlier version of the dates this run loaded; re-run them if the counts changed")]
    private static partial void LogFollowingDates(ILogger logger, DateOnly first, DateOnly last, int count);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{File} has a column never seen before: {Column} (ignored)")]
    private static partial void LogUnknownColumn(ILogger logger, string file, string column);
}
