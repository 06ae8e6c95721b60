using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Jobs.Etl;

public sealed partial class EtlJob
{
    /// <summary>
    /// Writes the daily_country partitions of <paramref name="withRows"/> (dates with region rows), counts their revisions, and
    /// finds the later dates of the lake this run changed the inputs of. The totals come from the daily_region partitions just
    /// written (typed, columnar) rather than from a second parse of the staging file; the previous report days from the
    /// lookback window of daily_country.
    /// </summary>
    private async Task<(long CountryRows, long Negative, IReadOnlyList<DateOnly> Following)> WriteDailyCountryAsync(
        List<DateOnly> withRows, SortedSet<DateOnly> countryDates, string countriesCsv, IProgress<string>? progress, CancellationToken ct)
    {
        var countries = spark.Read().Option("header", "true").Schema(StagingWriter.CountrySchema).Csv(countriesCsv);
        progress?.Report("writing trusted/daily_country");
        var table = lake.Trusted("daily_country");
        var lakeDates = await ReportDatePartitions.DatesAsync(spark, lakeStore, table, ct);
        var written = ReportDatePartitions.Read(spark, lake.Trusted("daily_region"), withRows);
        var historyDates = HistoryDates(lakeDates, withRows);
        var history = historyDates.Count == 0 ? null : ReportDatePartitions.Read(spark, table, historyDates);
        // Later dates of the lake computed from this run's dates need a refresh only if this run changed their figures:
        // a re-run of the same input (or of a refresh itself) must not send the user down a chain of re-runs.
        var candidates = FollowingDates(lakeDates, withRows);
        var before = candidates.Count == 0 ? null : await CountryFiguresAsync(table, lakeDates.Intersect(withRows).ToList(), ct);
        var countryRows = await LakeTable.Write(DailyCountry(written, countries, history), lake).Mode(SaveMode.Overwrite)
            .Option("partitionOverwriteMode", "dynamic").PartitionBy("report_date").SaveAsync(table, ct) ?? 0;
        // A date whose rows are all cruise ships or unknown places has no country partition.
        var negative = countryDates.Count == 0 ? 0
            : await ReportDatePartitions.Read(spark, table, countryDates).Filter(Col("is_revision")).CountAsync(ct);
        if (before is null || before.SetEquals(await CountryFiguresAsync(table, [.. countryDates], ct)))
            return (countryRows, negative, []);
        LogFollowingDates(logger, candidates[0], candidates[^1], candidates.Count);
        return (countryRows, negative, candidates);
    }

    /// <summary>
    /// The lake's dates a run of <paramref name="loaded"/> takes previous report days and weeks from: every date outside the run
    /// within <see cref="LookbackDays"/> before one of the run's dates. The run's dates and the lake's interleave freely (a run of
    /// 03-01 and 03-22 on a lake holding 03-21 takes 03-22's previous day from the lake, not from 03-01), so the previous report
    /// day of every date is the same whichever other dates share its run.
    /// </summary>
    internal static IReadOnlyList<DateOnly> HistoryDates(IEnumerable<DateOnly> lakeDates, IReadOnlyCollection<DateOnly> loaded)
    {
        var batch = loaded.Order().ToList();
        return [.. lakeDates.Where(d => !batch.Contains(d) && batch.Any(b => b > d && b.DayNumber - d.DayNumber <= LookbackDays)).Order()];
    }

    /// <summary>
    /// Country totals per report day, with new cases/deaths against the country's previous report day (among the run's dates and
    /// the lake's <see cref="HistoryDates"/> together), 7-day averages where the 7 previous days are all present, and per-capita
    /// rates from the indicators.
    /// </summary>
    private static DataFrame DailyCountry(DataFrame regions, DataFrame countries, DataFrame? history)
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
    private async Task<HashSet<(DateOnly Date, string? Iso3, long? Confirmed, long? Deaths)>> CountryFiguresAsync(
        string table, IReadOnlyList<DateOnly> dates, CancellationToken ct)
    {
        if (dates.Count == 0) return [];
        var rows = await ReportDatePartitions.Read(spark, table, dates).Select(Col("report_date"), Col("iso3"), Col("confirmed"), Col("deaths")).CollectAsync(ct);
        return [.. rows.Select(r => (r.GetAs<DateOnly>("report_date"), r.GetAs<string>("iso3"), r.GetAs<long?>("confirmed"), r.GetAs<long?>("deaths")))];
    }

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning,
        Message = "{Count} later dates ({First} .. {Last}) were computed from the earlier version of the dates this run changed; re-run them to refresh")]
    private static partial void LogFollowingDates(ILogger logger, DateOnly first, DateOnly last, int count);
}
