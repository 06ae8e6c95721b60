using CovidSpark.Jobs.Etl.Raw;

namespace CovidSpark.Jobs.Tests.Etl;

public sealed class HeaderLayoutTests
{
    [Theory]
    [InlineData("01-22", "v1")]
    [InlineData("02-15", "v1")]
    [InlineData("03-01", "v2")]
    [InlineData("02-04", "v3")]
    [InlineData("03-22", "v3")]
    [InlineData("05-29", "v4")]
    [InlineData("11-08", "v4")]
    [InlineData("11-09", "v5")]
    [InlineData("11-10", "v5")]
    public void Names_the_header_era_of_every_real_sample_file(string day, string version)
    {
        var header = CsvRecordReader.Open(TestData.Report(day)).Records().First().Fields;

        var layout = HeaderLayout.TryMap(header);

        Assert.NotNull(layout);
        Assert.Equal(version, layout.SchemaVersion);
        Assert.Empty(layout.UnknownColumns);
    }

    [Fact]
    public void Maps_by_name_not_by_position()
    {
        var layout = HeaderLayout.TryMap(["Confirmed", "Country/Region", "Deaths", "Last Update", "Province/State"])!;

        Assert.Equal("custom", layout.SchemaVersion);
        string[] row = ["7", "Italy", "1", "2020-03-01T23:23:02", "Lombardy"];
        Assert.Equal("Italy", layout.Get(row, ReportField.CountryRegion));
        Assert.Equal("7", layout.Get(row, ReportField.Confirmed));
        Assert.Equal("Lombardy", layout.Get(row, ReportField.ProvinceState));
        Assert.Null(layout.Get(row, ReportField.Recovered));
    }

    [Fact]
    public void An_unseen_header_maps_what_it_can_and_reports_the_rest()
    {
        var layout = HeaderLayout.TryMap(["Country_Region", "Province_State", "Confirmed", "Deaths", "Testing_Rate", "Long", "Latitude", "People_Hospitalized"])!;

        Assert.Equal("custom", layout.SchemaVersion);
        Assert.Equal(["Testing_Rate", "People_Hospitalized"], layout.UnknownColumns);
        Assert.Equal(5, layout.Positions[ReportField.Long]);
        Assert.Equal(6, layout.Positions[ReportField.Lat]);
    }

    [Fact]
    public void A_header_without_country_or_confirmed_is_not_a_daily_report()
    {
        Assert.Null(HeaderLayout.TryMap(["iso_code", "continent", "location", "total_cases"]));
        Assert.Null(HeaderLayout.TryMap(["Province_State", "Country_Region", "Deaths"]));
    }
}
