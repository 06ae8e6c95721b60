using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Jobs.Stats;

/// <summary>Rows written per refined table.</summary>
public sealed record StatisticsResult(IReadOnlyDictionary<string, long> RowsPerTable);

/// <summary>
/// Trusted → refined, per report date: continent statistics, numeric summary, top countries, correlations of HDI / GDP per capita /
/// population density with cases per thousand, HDI bands, the global daily series and country trends (7-day average new cases,
/// week-over-week growth, doubling time). Each table is partitioned by <c>report_date</c> and re-running a date replaces it.
/// </summary>
public sealed class StatisticsJob(SparkSession spark, LakeLayout lake)
{
    /// <summary>Days of trusted history read before the first date, for week-over-week trends.</summary>
    public const int TrendLookbackDays = 21;

    /// <summary>
    /// Computes the refined tables for the run's dates, reading <c>trusted/daily_country</c> through the run's partitions with
    /// <see cref="TrendLookbackDays"/> of history.
    /// </summary>
    public async Task<StatisticsResult> RunAsync(RunDates dates, IProgress<string>? progress, CancellationToken ct)
    {
        var from = dates.First;
        // Only the partitions of the window are opened, so a daily run costs the same on a lake of a month or of years.
        var dc = LakeTable.Read(spark, lake.Trusted("daily_country"), dates.ForJob(TrendLookbackDays));
        dc.CreateOrReplaceTempView("dc");
        LakeTable.Read(spark, lake.Trusted("countries")).CreateOrReplaceTempView("countries");
        spark.Sql(StatisticsQueries.PlaceFacts(from)).CreateOrReplaceTempView("place_facts");
        spark.Sql(StatisticsQueries.CountryFacts).CreateOrReplaceTempView("facts");

        var rows = new Dictionary<string, long>();
        foreach (var (table, sql) in StatisticsQueries.Tables(from))
        {
            progress?.Report($"writing refined/{table}");
            rows[table] = await WriteAsync(spark.Sql(sql), table, ct);
        }
        progress?.Report("writing refined/country_trends");
        rows["country_trends"] = await WriteAsync(CountryTrends(dc, from), "country_trends", ct);
        return new StatisticsResult(rows);
    }

    /// <summary>Week-over-week growth of the 7-day average and doubling time, only where the week before is complete.</summary>
    private static DataFrame CountryTrends(DataFrame dc, DateOnly from)
    {
        var w = Window.PartitionBy("iso3").OrderBy("report_date");
        var weekAgoComplete = DateDiff(Col("report_date"), Lag(Col("report_date"), 7).Over(w)).EqualTo(7);
        return dc
            .WithColumn("prev_week_7d_avg", When(weekAgoComplete, Lag(Col("new_confirmed_7d_avg"), 7).Over(w)))
            .WithColumn("confirmed_7", When(weekAgoComplete, Lag(Col("confirmed"), 7).Over(w)))
            .Filter(Col("report_date").Geq(Lit(from)))
            .Select(Col("report_date"), Col("iso3"), Col("country"), Col("confirmed"), Col("new_confirmed_7d_avg"), Col("prev_week_7d_avg"),
                When(Col("prev_week_7d_avg").Gt(0), (Col("new_confirmed_7d_avg") - Col("prev_week_7d_avg")) / Col("prev_week_7d_avg")).Alias("wow_growth"),
                When(Col("confirmed_7").Gt(0).And(Col("confirmed").Gt(Col("confirmed_7"))),
                    Lit(7 * Math.Log(2)) / Log(Col("confirmed") / Col("confirmed_7"))).Alias("doubling_time_days"))
            .OrderBy("report_date", "iso3");
    }

    private async Task<long> WriteAsync(DataFrame df, string table, CancellationToken ct) =>
        await LakeTable.Write(df, lake).Mode(SaveMode.Overwrite).Option("partitionOverwriteMode", "dynamic").PartitionBy("report_date")
            .SaveAsync(lake.Refined(table), ct) ?? 0;
}
