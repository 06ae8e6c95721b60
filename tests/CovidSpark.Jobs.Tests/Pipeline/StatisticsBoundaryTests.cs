using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Stats;
using CovidSpark.Jobs.Storage;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>The statistics job on a small synthetic lake whose answers are known exactly: HDI band edges, growth and doubling time.</summary>
public sealed class StatisticsBoundaryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly DateOnly Start = new(2021, 3, 1);

    private static readonly SyntheticCountry[] Countries =
    [
        new("AAA", "Europe", 0.8, 40000, 100, 1_000_000),   // exactly 0.8: Very High
        new("BBB", "Europe", 0.7999, 30000, 200, 2_000_000), // just below: High
        new("CCC", "Asia", 0.7, 9000, 300, 4_000_000),      // exactly 0.7: High
        new("DDD", "Asia", 0.55, 3000, 50, 8_000_000),      // exactly 0.55: Medium
        new("EEE", "Africa", 0.5499, 1500, 20, 500_000),    // just below: Low
        new("FFF", "Africa", null, 1000, 10, 300_000),      // no HDI: in no band
    ];

    /// <summary>AAA: 1000 + 10/day to day 7 (1070), doubling to 2140 on day 14; its 7-day average is 100 on day 7 and 150 on day 14.</summary>
    private static long Confirmed(SyntheticCountry c, int day, int k) =>
        c.Iso3 != "AAA" ? 100L * (k + 1) + day : day <= 7 ? 1000 + 10 * day : day == 14 ? 2140 : 1070 + 150 * (day - 7);

    private static IEnumerable<(DateOnly, SyntheticCountry, long, long, long?, double?)> Days(IEnumerable<int> days, long aaaOffset = 0) =>
        days.SelectMany(i => Countries.Select((c, k) => (Start.AddDays(i), c, Confirmed(c, i, k) + (c.Iso3 == "AAA" ? aaaOffset : 0), (long)(k + i), (long?)1,
            c.Iso3 == "AAA" ? (i == 7 ? 100 : i == 14 ? 150 : 120) : (double?)null)));

    private async Task<string> WriteLakeAsync()
    {
        var lake = _dir.Folder("lake");
        await using var spark = Lake.NewSession();
        await SyntheticLake.WriteCountriesAsync(spark, lake, Countries);
        await SyntheticLake.WriteDailyAsync(spark, lake, Days(Enumerable.Range(0, 15)));
        return lake;
    }

    private static Task<RunDates> DatesAsync(Spark.Sql.SparkSession spark, string lake, DateOnly from, DateOnly to) =>
        RunDates.FromLakeAsync(spark, new LocalFileStore(), new LakeLayout(lake), new RunWindow(from, to), CancellationToken.None);

    [Fact]
    public async Task Hdi_bands_include_their_lower_edges_and_exclude_their_upper_edges()
    {
        var lake = await WriteLakeAsync();
        var last = Start.AddDays(14);
        await using (var spark = Lake.NewSession())
            await new StatisticsJob(spark, new LakeLayout(lake)).RunAsync(await DatesAsync(spark, lake, last, last), null, CancellationToken.None);

        var bands = (await Lake.ReadAsync(lake, "refined/hdi_analysis")).ToDictionary(r => r.GetAs<string>("hdi_category")!);

        Assert.Equal(["High", "Low", "Medium", "Very High"], bands.Keys.Order());
        Assert.Equal((1L, 0.8), (bands["Very High"].GetAs<long>("countries"), bands["Very High"].GetAs<double>("avg_hdi")));
        Assert.Equal(2L, bands["High"].GetAs<long>("countries"));
        Assert.Equal((0.7999 + 0.7) / 2, bands["High"].GetAs<double>("avg_hdi"), 12);
        Assert.Equal((1L, 0.55), (bands["Medium"].GetAs<long>("countries"), bands["Medium"].GetAs<double>("avg_hdi")));
        Assert.Equal((1L, 0.5499), (bands["Low"].GetAs<long>("countries"), bands["Low"].GetAs<double>("avg_hdi")));
    }

    [Fact]
    public async Task Week_over_week_growth_and_doubling_time_come_from_the_day_a_week_earlier()
    {
        var lake = await WriteLakeAsync();
        var last = Start.AddDays(14);
        await using (var spark = Lake.NewSession())
            await new StatisticsJob(spark, new LakeLayout(lake)).RunAsync(await DatesAsync(spark, lake, last, last), null, CancellationToken.None);

        var trends = (await Lake.ReadAsync(lake, "refined/country_trends")).ToDictionary(r => r.GetAs<string>("iso3")!);

        var a = trends["AAA"];
        Assert.Equal(last, a.GetAs<DateOnly>("report_date"));
        Assert.Equal(100.0, a.GetAs<double>("prev_week_7d_avg"));
        Assert.Equal(0.5, a.GetAs<double>("wow_growth"), 12);
        Assert.Equal(2140, a.GetAs<long>("confirmed"));
        Assert.Equal(7.0, a.GetAs<double>("doubling_time_days"), 9); // 1070 → 2140 in 7 days
        Assert.Null(trends["BBB"].GetAs<double?>("wow_growth")); // no 7-day average a week earlier
        Assert.Equal(6, trends.Count);
    }

    [Fact]
    public async Task Re_running_a_date_replaces_its_refined_partitions_and_leaves_the_others_byte_for_byte()
    {
        var lake = await WriteLakeAsync();
        await using var spark = Lake.NewSession();
        var job = new StatisticsJob(spark, new LakeLayout(lake));
        await job.RunAsync(await DatesAsync(spark, lake, Start.AddDays(10), Start.AddDays(14)), null, CancellationToken.None);
        var before = Lake.Hashes(Path.Combine(lake, "refined"));

        // Day 12 is corrected in the trusted layer (AAA +5000) and the statistics of day 12 alone are re-run.
        await SyntheticLake.WriteDailyAsync(spark, lake, Days([12], aaaOffset: 5000), replaceDatesOnly: true);
        await job.RunAsync(await DatesAsync(spark, lake, Start.AddDays(12), Start.AddDays(12)), null, CancellationToken.None);
        var after = Lake.Hashes(Path.Combine(lake, "refined"));

        Assert.Equal(before.Keys, after.Keys);
        var changed = before.Keys.Where(k => before[k] != after[k]).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, k => Assert.Contains("report_date=2021-03-13", k));
        Assert.Equal(7 * 5, before.Keys.Select(Path.GetDirectoryName).Distinct().Count());
        var top = await Lake.ForDateAsync(lake, "refined/top_countries", "2021-03-13");
        Assert.Equal(Confirmed(Countries[0], 12, 0) + 5000, top.Single(r => r.GetAs<string>("iso3") == "AAA").GetAs<long>("confirmed"));
    }
}
