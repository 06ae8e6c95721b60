using CovidSpark.Jobs.Tests.Infrastructure;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>trusted/daily_region of the sample run: one row per location-day with every source column normalised.</summary>
[Collection(SampleLakeCollection.Name)]
public sealed class DailyRegionTests(SampleLakeFixture lake)
{
    private Task<IReadOnlyList<Row>> Day(string monthDay) => Lake.ForDateAsync(lake.LakePath, "trusted/daily_region", $"2020-{monthDay}");

    [Theory]
    [InlineData("01-22", "v1", 0)]
    [InlineData("02-04", "v3", 1)]
    [InlineData("03-01", "v2", 0)]
    [InlineData("03-22", "v3", 1)]
    [InlineData("05-29", "v4", 0)]
    [InlineData("11-10", "v5", 0)]
    public async Task Each_date_has_one_row_per_raw_line_less_repeated_headers_and_quarantined_rows(string day, string version, int dropped)
    {
        var raw = RawReport.Load(TestData.Report(day));

        var rows = await Day(day);

        Assert.Equal(raw.Rows.Count - dropped, rows.Count);
        Assert.All(rows, r => Assert.Equal(version, r.GetAs<string>("schema_version")));
        Assert.All(rows, r => Assert.Equal($"{day}-2020.csv", r.GetAs<string>("source_file")));
        Assert.Equal(rows.Count, rows.Select(r => r.GetAs<int>("source_line")).Distinct().Count());
    }

    [Fact]
    public async Task Source_columns_keep_their_values_and_types()
    {
        var nyc = Assert.Single(await Day("03-22"), r => r.GetAs<string>("combined_key") == "New York City, New York, US");

        Assert.Equal(("36061", "New York City", "New York", "US", "US", "USA", "country"),
            (nyc.GetAs<string>("fips"), nyc.GetAs<string>("admin2"), nyc.GetAs<string>("province_state"), nyc.GetAs<string>("country_region"),
             nyc.GetAs<string>("country"), nyc.GetAs<string>("iso3"), nyc.GetAs<string>("location_type")));
        Assert.Equal(new DateTime(2020, 3, 22, 23, 45, 0), nyc.GetAs<DateTime>("last_update"));
        Assert.Equal(40.7672726, nyc.GetAs<double>("lat"));
        Assert.Equal(-73.97152637, nyc.GetAs<double>("long"));
        Assert.Equal((9654L, 63L, 0L, 0L), (nyc.GetAs<long>("confirmed"), nyc.GetAs<long>("deaths"), nyc.GetAs<long>("recovered"), nyc.GetAs<long>("active")));
        Assert.Equal(2, nyc.GetAs<int>("source_line"));
    }

    [Fact]
    public async Task Empty_numbers_stay_null_and_negative_counts_stay_negative()
    {
        var anhui = Assert.Single(await Day("01-22"), r => r.GetAs<string>("province_state") == "Anhui");
        var colombia = (await Day("11-02")).Where(r => r.GetAs<string>("country") == "Colombia").ToList();

        Assert.Equal(1, anhui.GetAs<long?>("confirmed"));
        Assert.Null(anhui.GetAs<long?>("deaths"));
        Assert.Null(anhui.GetAs<long?>("recovered"));
        Assert.Null(anhui.GetAs<string>("fips"));
        Assert.Equal(("Mainland China", "China", "CHN"), (anhui.GetAs<string>("country_region"), anhui.GetAs<string>("country"), anhui.GetAs<string>("iso3")));
        Assert.Contains(colombia, r => r.GetAs<long?>("confirmed") == -302844);
    }

    [Fact]
    public async Task Cruise_ships_are_kept_as_ship_rows_without_a_country_code()
    {
        var rows = await Day("11-10");

        var ships = rows.Where(r => r.GetAs<string>("location_type") == "ship").ToList();

        Assert.Equal(["Canada|Diamond Princess", "Canada|Grand Princess", "Diamond Princess|", "MS Zaandam|", "US|Diamond Princess", "US|Grand Princess"],
            ships.Select(r => $"{r.GetAs<string>("country_region")}|{r.GetAs<string>("province_state")}").Order());
        Assert.All(ships, r => Assert.Null(r.GetAs<string>("iso3")));
        Assert.Equal(712, ships.Single(r => r.GetAs<string>("country_region") == "Diamond Princess").GetAs<long>("confirmed"));
    }
}
