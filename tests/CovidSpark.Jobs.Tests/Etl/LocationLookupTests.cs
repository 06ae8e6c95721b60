using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Etl;

public sealed class LocationLookupTests
{
    [Theory]
    [InlineData("Mainland China", null, "China", "CHN")]
    [InlineData("Mainland China", "Hubei", "China", "CHN")]
    [InlineData("Mainland China", "Hong Kong", "China", "HKG")]
    [InlineData("Hong Kong", "Hong Kong", "China", "HKG")]
    [InlineData("Hong Kong", null, "China", "HKG")]
    [InlineData("China", "Hong Kong", "China", "HKG")]
    [InlineData("Macau", "Macau", "China", "MAC")]
    [InlineData("South Korea", null, "Korea, South", "KOR")]
    [InlineData("Korea, South", null, "Korea, South", "KOR")]
    [InlineData("Republic of Korea", null, "Korea, South", "KOR")]
    [InlineData("Iran (Islamic Republic of)", null, "Iran", "IRN")]
    [InlineData("Iran", null, "Iran", "IRN")]
    [InlineData("UK", null, "United Kingdom", "GBR")]
    [InlineData("United Kingdom", null, "United Kingdom", "GBR")]
    [InlineData("Greenland", null, "Denmark", "GRL")]
    [InlineData("Denmark", "Greenland", "Denmark", "GRL")]
    [InlineData("Denmark", null, "Denmark", "DNK")]
    [InlineData("Taiwan", "Taiwan", "Taiwan*", "TWN")]
    [InlineData("US", "New York", "US", "USA")]
    [InlineData("  Italy ", null, "Italy", "ITA")]
    [InlineData("Czech Republic", null, "Czechia", "CZE")]
    public void Canonicalises_the_2020_names_and_tags_iso3(string country, string? province, string canonical, string iso3)
    {
        var loc = Lookups.Sample.Resolve(country, province);

        Assert.Equal(canonical, loc.Country);
        Assert.Equal(iso3, loc.Iso3);
        Assert.Equal(LocationType.Country, loc.Type);
    }

    [Theory]
    [InlineData("Diamond Princess", null)]
    [InlineData("MS Zaandam", null)]
    [InlineData("Cruise Ship", "Diamond Princess")]
    [InlineData("Others", "Diamond Princess cruise ship")]
    [InlineData("US", "Grand Princess")]
    [InlineData("Canada", "Diamond Princess")]
    public void Cruise_ships_are_ship_rows_without_iso3(string country, string? province)
    {
        var loc = Lookups.Sample.Resolve(country, province);

        Assert.Equal(LocationType.Ship, loc.Type);
        Assert.Null(loc.Iso3);
    }

    [Fact]
    public void An_unknown_place_keeps_its_name_and_has_no_iso3()
    {
        var loc = Lookups.Sample.Resolve("Atlantis", null);

        Assert.Equal(("Atlantis", (string?)null, LocationType.Country), (loc.Country, loc.Iso3, loc.Type));
    }

    [Fact]
    public void Real_rows_of_the_sample_get_their_codes()
    {
        var early = Lookups.ReadReport(TestData.Report("02-15"));
        var march = Lookups.ReadReport(TestData.Report("03-22"));
        var november = Lookups.ReadReport(TestData.Report("11-10"));

        Assert.Equal("HKG", early.Rows.Single(r => r.CountryRegion == "Hong Kong").Iso3);
        Assert.Equal("GBR", early.Rows.Single(r => r.CountryRegion == "UK").Iso3);
        Assert.Equal("KOR", early.Rows.Single(r => r.CountryRegion == "South Korea").Iso3);
        var ship = early.Rows.Single(r => r.CountryRegion == "Others");
        Assert.Equal((LocationType.Ship, (string?)null), (ship.LocationType, ship.Iso3));
        Assert.Equal("GRL", march.Rows.Single(r => r.ProvinceState == "Greenland").Iso3);
        Assert.Equal("KOR", march.Rows.Single(r => r.CountryRegion == "Korea, South").Iso3);
        Assert.Equal("HKG", november.Rows.Single(r => r.ProvinceState == "Hong Kong").Iso3);
        Assert.Equal(LocationType.Ship, november.Rows.Single(r => r.CountryRegion == "MS Zaandam").LocationType);
        // Every non-ship row of November has a code: nothing falls out of the country totals.
        Assert.Empty(november.Rows.Where(r => r.LocationType == LocationType.Country && r.Iso3 is null).Select(r => r.CombinedKey));
    }

    [Fact]
    public void Country_names_resolve_to_iso3_for_indicator_files_without_codes()
    {
        Assert.Equal("DEU", Lookups.Sample.IsoOfCountryName("Germany"));
        Assert.Equal("KOR", Lookups.Sample.IsoOfCountryName("South Korea"));
        Assert.Null(Lookups.Sample.IsoOfCountryName("World"));
        Assert.Null(Lookups.Sample.IsoOfCountryName("Europe"));
    }
}
