using CovidSpark.Jobs.Tests.Infrastructure;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>The refined tables of the sample run for 11-10, checked against values the test computes from the raw CSVs and OWID file.</summary>
[Collection(SampleLakeCollection.Name)]
public sealed class StatisticsTests(SampleLakeFixture lake)
{
    private Task<IReadOnlyList<Row>> Refined(string table, string monthDay = "11-10") => Lake.ForDateAsync(lake.LakePath, $"refined/{table}", $"2020-{monthDay}");

    /// <summary>The countries of 11-10 that statistics cover: a daily total and an OWID row with a continent.</summary>
    private static List<(CountryDay Day, OwidCountry Owid)> Facts()
    {
        var owid = ReferenceTotals.Owid();
        return ReferenceTotals.ForDay("11-10").Values.Where(d => owid.ContainsKey(d.Iso3)).Select(d => (d, owid[d.Iso3])).ToList();
    }

    private static double CasesPerThousand((CountryDay Day, OwidCountry Owid) f) => f.Day.Confirmed * 1000.0 / f.Owid.Population!.Value;

    [Fact]
    public async Task Top_countries_are_the_ten_largest_confirmed_totals_in_order()
    {
        var expected = Facts().OrderByDescending(f => f.Day.Confirmed).ThenBy(f => f.Day.Iso3, StringComparer.Ordinal).Take(10).ToList();

        var top = (await Refined("top_countries")).OrderBy(r => r.GetAs<long>("rank")).ToList();

        Assert.Equal(["USA", "IND", "BRA", "FRA", "RUS", "ESP", "ARG", "GBR", "COL", "ITA"], top.Select(r => r.GetAs<string>("iso3")));
        Assert.Equal(expected.Select(f => f.Day.Iso3), top.Select(r => r.GetAs<string>("iso3")));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), top.Select(r => r.GetAs<long>("rank")));
        Assert.Equal(expected.Select(f => f.Day.Confirmed), top.Select(r => r.GetAs<long>("confirmed")));
        Assert.Equal(expected.Select(f => f.Day.Deaths), top.Select(r => r.GetAs<long>("deaths")));
        for (var i = 0; i < 10; i++)
            Assert.Equal(CasesPerThousand(expected[i]), top[i].GetAs<double>("cases_per_thousand"), 9);
    }

    [Fact]
    public async Task Continent_stats_count_the_countries_of_each_continent()
    {
        var expected = Facts().GroupBy(f => f.Owid.Continent).ToDictionary(g => g.Key, g => (Count: (long)g.Count(), Confirmed: g.Sum(f => f.Day.Confirmed)));

        var rows = (await Refined("continent_stats")).Where(r => r.GetAs<string>("continent") != "Other / territories").ToList();

        Assert.Equal(expected.Keys.Order(), rows.Select(r => r.GetAs<string>("continent")!).Order());
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(expected[r.GetAs<string>("continent")!], (r.GetAs<long>("countries"), r.GetAs<long>("confirmed"))));
        // The places OWID gives no continent are one more row (LakeDrawnReportTests checks they add up to the global totals).
    }

    [Fact]
    public async Task Hdi_analysis_puts_each_country_in_its_band_with_the_band_averages()
    {
        var expected = Facts().Where(f => f.Owid.Hdi is not null).GroupBy(f => Reference.HdiBand(f.Owid.Hdi!.Value))
            .ToDictionary(g => g.Key, g => g.ToList());

        var rows = await Refined("hdi_analysis");

        Assert.Equal(["High", "Low", "Medium", "Very High"], rows.Select(r => r.GetAs<string>("hdi_category")!).Order());
        foreach (var r in rows)
        {
            var band = expected[r.GetAs<string>("hdi_category")!];
            Assert.Equal(band.Count, r.GetAs<long>("countries"));
            Assert.Equal(band.Average(f => f.Owid.Hdi!.Value), r.GetAs<double>("avg_hdi"), 12);
            Assert.Equal(band.Average(CasesPerThousand), r.GetAs<double>("avg_cases_per_thousand"), 9);
        }
    }

    [Fact]
    public async Task Correlations_equal_pearson_computed_in_csharp()
    {
        var facts = Facts();

        var rows = await Refined("correlation_analysis");

        foreach (var continent in new[] { "All", "Europe", "Africa" })
        {
            var members = facts.Where(f => continent == "All" || f.Owid.Continent == continent).ToList();
            var hdi = members.Where(f => f.Owid.Hdi is not null).Select(f => (f.Owid.Hdi!.Value, CasesPerThousand(f))).ToList();
            var gdp = members.Where(f => f.Owid.Gdp is not null).Select(f => (f.Owid.Gdp!.Value, CasesPerThousand(f))).ToList();
            var density = members.Where(f => f.Owid.Density is not null).Select(f => (f.Owid.Density!.Value, CasesPerThousand(f))).ToList();
            var row = Assert.Single(rows, r => r.GetAs<string>("continent") == continent);
            Assert.Equal(members.Count, row.GetAs<long>("countries"));
            Assert.Equal(Reference.Pearson(hdi), row.GetAs<double>("corr_hdi_cases"), 9);
            Assert.Equal(Reference.Pearson(gdp), row.GetAs<double>("corr_gdp_cases"), 9);
            Assert.Equal(Reference.Pearson(density), row.GetAs<double>("corr_density_cases"), 9);
            Assert.Equal(members.Average(CasesPerThousand), row.GetAs<double>("avg_cases_per_thousand"), 9);
        }
        Assert.InRange(rows.Single(r => r.GetAs<string>("continent") == "All").GetAs<double>("corr_hdi_cases"), 0.3, 0.9);
    }

    [Fact]
    public async Task Numeric_summary_of_confirmed_is_the_count_mean_stddev_min_and_max()
    {
        var confirmed = Facts().Select(f => (double)f.Day.Confirmed).ToList();

        var row = Assert.Single(await Refined("numeric_summary"), r => r.GetAs<string>("metric") == "confirmed");

        Assert.Equal(confirmed.Count, row.GetAs<long>("count"));
        Assert.Equal(confirmed.Average(), row.GetAs<double>("mean"), 6);
        Assert.Equal(Reference.StddevSample(confirmed), row.GetAs<double>("stddev"), 6);
        Assert.Equal(confirmed.Min(), row.GetAs<double>("min"));
        Assert.Equal(confirmed.Max(), row.GetAs<double>("max"));
    }

    [Fact]
    public async Task Global_daily_adds_up_every_country_and_its_new_cases()
    {
        var (today, yesterday) = (ReferenceTotals.ForDay("11-10"), ReferenceTotals.ForDay("11-09"));

        var row = Assert.Single(await Refined("global_daily"));

        Assert.Equal(today.Count, row.GetAs<long>("countries_reporting"));
        Assert.Equal(today.Values.Sum(d => d.Confirmed), row.GetAs<long>("confirmed"));
        Assert.Equal(today.Values.Where(d => yesterday.ContainsKey(d.Iso3)).Sum(d => d.Confirmed - yesterday[d.Iso3].Confirmed), row.GetAs<long>("new_confirmed"));
    }

    [Fact]
    public async Task Country_trends_give_the_doubling_time_over_the_last_week()
    {
        var (now, weekAgo) = (ReferenceTotals.ForDay("11-10")["USA"].Confirmed, ReferenceTotals.ForDay("11-03")["USA"].Confirmed);

        var us = Assert.Single(await Refined("country_trends"), r => r.GetAs<string>("iso3") == "USA");
        var early = Assert.Single(await Refined("country_trends", "11-05"), r => r.GetAs<string>("iso3") == "USA");

        Assert.Equal(7 * Math.Log(2) / Math.Log((double)now / weekAgo), us.GetAs<double>("doubling_time_days"), 9);
        Assert.Null(us.GetAs<double?>("wow_growth")); // the week before 11-10 has no 7-day average yet
        Assert.Null(early.GetAs<double?>("doubling_time_days")); // 7 reports before 11-05 is 03-22, not 10-29
    }
}
