using CovidSpark.Jobs.Tests.Infrastructure;
using CovidSpark.Spark.Sql;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>trusted/daily_country of the sample run, checked against totals the test computes from the raw CSVs.</summary>
[Collection(SampleLakeCollection.Name)]
public sealed class DailyCountryTests(SampleLakeFixture lake)
{
    private Task<IReadOnlyList<Row>> Day(string monthDay) => Lake.ForDateAsync(lake.LakePath, "trusted/daily_country", $"2020-{monthDay}");

    private static Row Of(IReadOnlyList<Row> rows, string iso3) => Assert.Single(rows, r => r.GetAs<string>("iso3") == iso3);

    [Fact]
    public async Task Us_totals_and_new_cases_on_11_10_are_the_sums_of_the_raw_rows()
    {
        var (today, yesterday) = (ReferenceTotals.ForDay("11-10")["USA"], ReferenceTotals.ForDay("11-09")["USA"]);
        // 10,303,847 US rows in the file, less 152 on the two cruise ships and 46,023 in Puerto Rico, Guam, the US Virgin
        // Islands and the Northern Mariana Islands, which have ISO3 codes of their own.
        Assert.Equal(10257672, today.Confirmed);

        var us = Of(await Day("11-10"), "USA");

        Assert.Equal(today.Confirmed, us.GetAs<long>("confirmed"));
        Assert.Equal(today.Deaths, us.GetAs<long>("deaths"));
        Assert.Equal(today.Confirmed - yesterday.Confirmed, us.GetAs<long?>("new_confirmed"));
        Assert.Equal(today.Deaths - yesterday.Deaths, us.GetAs<long?>("new_deaths"));
        Assert.Equal(1, us.GetAs<long?>("days_since_previous"));
        Assert.Equal(("US", "North America"), (us.GetAs<string>("country"), us.GetAs<string>("continent")));
        Assert.False(us.GetAs<bool>("is_revision"));
    }

    [Fact]
    public async Task Every_country_of_11_10_has_the_totals_of_its_raw_rows_and_nothing_else_appears()
    {
        var expected = ReferenceTotals.ForDay("11-10");

        var rows = await Day("11-10");

        Assert.Equal(expected.Keys.Order(), rows.Select(r => r.GetAs<string>("iso3")!).Order());
        Assert.All(rows, r => Assert.Equal(
            (expected[r.GetAs<string>("iso3")!].Confirmed, expected[r.GetAs<string>("iso3")!].Deaths),
            (r.GetAs<long>("confirmed"), r.GetAs<long>("deaths"))));
    }

    [Fact]
    public async Task Territories_are_their_own_rows_and_ships_are_no_country()
    {
        var rows = await Day("11-10");
        var raw = RawReport.Load(TestData.Report("11-10"));

        Assert.Equal(17, Of(rows, "GRL").GetAs<long>("confirmed"));
        Assert.Equal(raw.SumConfirmed("Denmark", "Greenland", "Faroe Islands"), Of(rows, "DNK").GetAs<long>("confirmed"));
        Assert.Equal(5389, Of(rows, "HKG").GetAs<long>("confirmed"));
        Assert.DoesNotContain(rows, r => r.GetAs<string>("iso3") is null);
        Assert.DoesNotContain(rows, r => (r.GetAs<string>("country") ?? "").Contains("Princess") || (r.GetAs<string>("country") ?? "").Contains("Zaandam"));
        Assert.Equal(raw.SumConfirmed("Canada", "Recovered"), Of(rows, "CAN").GetAs<long>("confirmed"));
    }

    [Fact]
    public async Task Mainland_china_of_01_22_is_china_and_hong_kong_stays_apart()
    {
        var raw = RawReport.Load(TestData.Report("01-22"));

        var rows = await Day("01-22");

        Assert.Equal(raw.SumConfirmed("Mainland China"), Of(rows, "CHN").GetAs<long>("confirmed"));
        Assert.Equal(547, Of(rows, "CHN").GetAs<long>("confirmed"));
        Assert.Null(Of(rows, "HKG").GetAs<long?>("confirmed")); // the 01-22 file has no number for Hong Kong yet
        Assert.Equal(1, Of(rows, "KOR").GetAs<long>("confirmed"));
        Assert.Null(Of(rows, "CHN").GetAs<long?>("new_confirmed")); // the first report day has no previous day
    }

    [Fact]
    public async Task The_7_day_average_of_11_08_is_the_growth_since_11_01_over_7_and_needs_a_complete_week()
    {
        var (now, weekAgo) = (ReferenceTotals.ForDay("11-08"), ReferenceTotals.ForDay("11-01"));

        var rows = await Day("11-08");
        var before = await Day("11-07");

        var us = Of(rows, "USA");
        Assert.Equal((now["USA"].Confirmed - weekAgo["USA"].Confirmed) / 7.0, us.GetAs<double>("new_confirmed_7d_avg"), 9);
        Assert.Equal((now["USA"].Deaths - weekAgo["USA"].Deaths) / 7.0, us.GetAs<double>("new_deaths_7d_avg"), 9);
        Assert.All(rows.Where(r => weekAgo.ContainsKey(r.GetAs<string>("iso3")!)), r => Assert.Equal(
            (now[r.GetAs<string>("iso3")!].Confirmed - weekAgo[r.GetAs<string>("iso3")!].Confirmed) / 7.0, r.GetAs<double>("new_confirmed_7d_avg"), 9));
        // 11-07: the seventh report before it is 05-29, not 10-31 — no average rather than a wrong one.
        Assert.All(before, r => Assert.Null(r.GetAs<double?>("new_confirmed_7d_avg")));
    }

    [Fact]
    public async Task Per_capita_rates_use_the_owid_population()
    {
        var owid = ReferenceTotals.Owid();
        var expected = ReferenceTotals.ForDay("11-10");

        var rows = await Day("11-10");

        foreach (var iso in new[] { "USA", "ITA", "IND", "BRA" })
        {
            var r = Of(rows, iso);
            var pop = owid[iso].Population!.Value;
            Assert.Equal((long)pop, r.GetAs<long>("population"));
            Assert.Equal(expected[iso].Confirmed * 1000.0 / pop, r.GetAs<double>("cases_per_thousand"), 9);
            Assert.Equal(expected[iso].Deaths * 1_000_000.0 / pop, r.GetAs<double>("deaths_per_million"), 6);
            Assert.Equal(expected[iso].Deaths * 100.0 / expected[iso].Confirmed, r.GetAs<double>("case_fatality_ratio"), 9);
        }
    }

    [Fact]
    public async Task Negative_new_cases_are_kept_and_flagged_as_revisions()
    {
        var marshall = ReferenceTotals.ForDay("11-05")["MHL"].Confirmed - ReferenceTotals.ForDay("11-04")["MHL"].Confirmed;
        var colombia = ReferenceTotals.ForDay("11-02")["COL"].Deaths - ReferenceTotals.ForDay("11-01")["COL"].Deaths;
        Assert.True(marshall < 0 && colombia < 0);

        var mhl = Of(await Day("11-05"), "MHL");
        var col = Of(await Day("11-02"), "COL");
        var all = await Lake.ReadAsync(lake.LakePath, "trusted/daily_country");

        Assert.Equal(marshall, mhl.GetAs<long?>("new_confirmed"));
        Assert.True(mhl.GetAs<bool>("is_revision"));
        Assert.Equal(colombia, col.GetAs<long?>("new_deaths"));
        Assert.True(col.GetAs<bool>("is_revision"));
        Assert.All(all, r => Assert.Equal(r.GetAs<long?>("new_confirmed") < 0 || r.GetAs<long?>("new_deaths") < 0, r.GetAs<bool>("is_revision")));
        var manifest = await ManifestReader.LatestAsync(lake.LakePath);
        Assert.Equal(all.Count(r => r.GetAs<bool>("is_revision")), manifest.Etl("negative_new_case_rows_flagged"));
    }

    [Fact]
    public async Task Across_the_05_29_to_11_01_gap_there_is_no_previous_day_and_the_next_day_counts_again()
    {
        var (d1, d2) = (ReferenceTotals.ForDay("11-01"), ReferenceTotals.ForDay("11-02"));

        var first = await Day("11-01");
        var italy = Of(await Day("11-02"), "ITA");

        // 05-29 is 156 days before 11-01, beyond the 45-day lookback: no new cases rather than five months' worth,
        // exactly as when 11-01 is run on its own after 05-29 is in the lake.
        Assert.Null(Of(await Day("05-29"), "ITA").GetAs<long?>("days_since_previous")); // 03-22 is 68 days back
        Assert.All(first, r => Assert.Null(r.GetAs<long?>("new_confirmed")));
        Assert.All(first, r => Assert.Null(r.GetAs<long?>("days_since_previous")));
        Assert.All(first, r => Assert.False(r.GetAs<bool>("is_revision")));
        Assert.Equal(1, italy.GetAs<long?>("days_since_previous"));
        Assert.Equal(d2["ITA"].Confirmed - d1["ITA"].Confirmed, italy.GetAs<long?>("new_confirmed"));
    }

    [Fact]
    public async Task A_gap_within_the_lookback_counts_from_the_previous_report_day()
    {
        var (march22, march1) = (RawReport.Load(TestData.Report("03-22")), RawReport.Load(TestData.Report("03-01")));

        var italy = Of(await Day("03-22"), "ITA");

        Assert.Equal(21, italy.GetAs<long?>("days_since_previous"));
        Assert.Equal(march22.SumConfirmed("Italy") - march1.SumConfirmed("Italy"), italy.GetAs<long?>("new_confirmed"));
        Assert.Null(italy.GetAs<double?>("new_confirmed_7d_avg"));
    }

    [Fact]
    public async Task No_rate_is_infinite_or_not_a_number()
    {
        var all = await Lake.ReadAsync(lake.LakePath, "trusted/daily_country");

        foreach (var col in new[] { "cases_per_thousand", "deaths_per_million", "case_fatality_ratio", "new_confirmed_7d_avg" })
            Assert.DoesNotContain(all, r => r.GetAs<double?>(col) is { } v && !double.IsFinite(v));
    }
}
