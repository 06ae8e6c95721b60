using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Etl;

/// <summary>The reader on real sample files of every header era, checked against an independent reading of the same files.</summary>
public sealed class DailyReportReaderTests
{
    private static RegionRecord Row(ReportReadResult r, string country, string? province = null, string? admin2 = null) =>
        Assert.Single(r.Rows, x => x.CountryRegion == country && x.ProvinceState == province && x.Admin2 == admin2);

    [Theory]
    [InlineData("01-22", "v1")]
    [InlineData("02-04", "v3")]
    [InlineData("02-15", "v1")]
    [InlineData("03-01", "v2")]
    [InlineData("03-22", "v3")]
    [InlineData("05-29", "v4")]
    [InlineData("11-02", "v4")]
    [InlineData("11-09", "v5")]
    public void Every_data_line_of_a_real_file_is_a_row_a_skipped_header_or_a_quarantine_record(string day, string version)
    {
        var raw = RawReport.Load(TestData.Report(day));

        var r = Lookups.ReadReport(TestData.Report(day));

        Assert.Equal(version, r.SchemaVersion);
        Assert.False(r.FileQuarantined);
        Assert.Equal(raw.Rows.Count, r.Rows.Count + r.HeaderRowsSkipped + r.Quarantined.Count);
        Assert.Equal(raw.Rows.Count, r.RowsRead);
        Assert.All(r.Rows, x => Assert.Equal(version, x.SchemaVersion));
        Assert.All(r.Rows, x => Assert.Equal($"{day}-2020.csv", x.SourceFile));
        // The confirmed total of the rows plus the quarantined lines is the total of the file (repeated headers aside).
        var data = raw.Rows.Where(f => raw.Country(f) != "Country_Region").ToList();
        Assert.Equal(data.Sum(raw.Confirmed), r.Rows.Sum(x => x.Confirmed ?? 0) + r.Quarantined.Sum(q => raw.Confirmed(raw.Rows[q.Line - 2])));
    }

    [Fact]
    public void V1_with_bom_and_crlf_01_22_maps_the_first_column_and_keeps_empty_numbers_as_null()
    {
        var bytes = File.ReadAllBytes(TestData.Report("01-22"));
        Assert.True(bytes is [0xEF, 0xBB, 0xBF, ..], "the sample file should start with a UTF-8 BOM");
        Assert.Contains("\r\n", File.ReadAllText(TestData.Report("01-22")));

        var r = Lookups.ReadReport(TestData.Report("01-22"));

        var anhui = Row(r, "Mainland China", "Anhui");
        Assert.Equal(1, anhui.Confirmed);
        Assert.Null(anhui.Deaths);
        Assert.Null(anhui.Recovered);
        Assert.Equal(new DateTime(2020, 1, 22, 17, 0, 0, DateTimeKind.Utc), anhui.LastUpdate);
        Assert.Equal(2, anhui.SourceLine);
        Assert.Equal("China", anhui.Country);
        Assert.Equal("CHN", anhui.Iso3);
        Assert.DoesNotContain(r.Rows, x => x.CombinedKey.Contains('\r') || (x.ProvinceState ?? "").Contains('\r'));
    }

    [Fact]
    public void V3_reissue_02_04_skips_the_repeated_header_row_inside_the_file()
    {
        var r = Lookups.ReadReport(TestData.Report("02-04"));

        Assert.Equal(1, r.HeaderRowsSkipped);
        Assert.Empty(r.Quarantined);
        Assert.DoesNotContain(r.Rows, x => x.CountryRegion == "Country_Region");
        Assert.Equal(16678, Row(r, "Mainland China", "Hubei").Confirmed);
        Assert.Equal(3, Row(r, "Mainland China", "Hubei").SourceLine);
    }

    [Fact]
    public void V2_03_01_reads_latitude_and_longitude()
    {
        var r = Lookups.ReadReport(TestData.Report("03-01"));

        var korea = Row(r, "South Korea");
        Assert.Equal(3736, korea.Confirmed);
        Assert.Equal(36.0, korea.Lat);
        Assert.Equal(128.0, korea.Long);
        Assert.Equal("KOR", korea.Iso3);
        Assert.Equal(new DateTime(2020, 3, 1, 23, 43, 3, DateTimeKind.Utc), korea.LastUpdate);
    }

    [Fact]
    public void V3_03_22_keeps_quoted_combined_keys_whole_and_reads_us_style_timestamps()
    {
        var r = Lookups.ReadReport(TestData.Report("03-22"));

        var nyc = Row(r, "US", "New York", "New York City");
        Assert.Equal("New York City, New York, US", nyc.CombinedKey);
        Assert.Equal("36061", nyc.Fips);
        Assert.Equal(9654, nyc.Confirmed);
        Assert.Equal(40.7672726, nyc.Lat);
        Assert.Equal(new DateTime(2020, 3, 22, 23, 45, 0, DateTimeKind.Utc), nyc.LastUpdate);
        Assert.Equal(2, nyc.SourceLine);
    }

    [Fact]
    public void A_duplicate_location_is_quarantined_with_file_line_and_reason_and_the_first_one_kept()
    {
        var r = Lookups.ReadReport(TestData.Report("03-22"));

        var q = Assert.Single(r.Quarantined);
        Assert.Equal("03-22-2020.csv", q.SourceFile);
        Assert.Equal(1341, q.Line);
        Assert.Contains("duplicate location 'DeSoto, Florida, US'", q.Reason);
        Assert.Contains("\"DeSoto, Florida, US\"", q.RawText);
        // Line 247 spells it "Desoto, Florida, US": the same county, compared without case; the first one stays.
        var kept = Assert.Single(r.Rows, x => x.CombinedKey.Equals("DeSoto, Florida, US", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(247, kept.SourceLine);
    }

    [Fact]
    public void V4_05_29_reads_incidence_rate_and_the_third_timestamp_format_and_keeps_negative_counts()
    {
        var r = Lookups.ReadReport(TestData.Report("05-29"));

        var recovered = Row(r, "US", "Recovered");
        Assert.Equal(406446, recovered.Recovered);
        Assert.Equal(-375452, recovered.Active);
        Assert.Equal(new DateTime(2020, 5, 30, 2, 32, 48, DateTimeKind.Utc), recovered.LastUpdate);
        var louisiana = Row(r, "US", "Louisiana", "Unassigned");
        Assert.Equal(125.0, louisiana.CaseFatalityRatio);
        Assert.Null(louisiana.IncidentRate);
        Assert.Contains(r.Rows, x => x.IncidentRate is > 0);
    }

    [Fact]
    public void A_negative_confirmed_count_is_data_and_kept()
    {
        var raw = RawReport.Load(TestData.Report("11-02"));
        var negative = raw.Rows.Single(f => raw.Country(f) == "Colombia" && raw.Confirmed(f) < 0);

        var r = Lookups.ReadReport(TestData.Report("11-02"));

        var row = Assert.Single(r.Rows, x => x.CountryRegion == "Colombia" && x.Confirmed < 0);
        Assert.Equal(raw.Confirmed(negative), row.Confirmed);
        Assert.Equal(-302844, row.Confirmed);
    }

    [Fact]
    public void V5_11_09_maps_the_renamed_incident_rate_and_case_fatality_ratio()
    {
        var raw = RawReport.Load(TestData.Report("11-09"));
        var italy = raw.Rows.Single(f => raw.Country(f) == "Italy" && raw.Province(f) == "Lombardia");

        var r = Lookups.ReadReport(TestData.Report("11-09"));

        var row = Row(r, "Italy", "Lombardia");
        Assert.Equal(double.Parse(raw.Get(italy, "Incident_Rate")!, System.Globalization.CultureInfo.InvariantCulture), row.IncidentRate);
        Assert.Equal(double.Parse(raw.Get(italy, "Case_Fatality_Ratio")!, System.Globalization.CultureInfo.InvariantCulture), row.CaseFatalityRatio);
        Assert.Equal("ITA", row.Iso3);
    }
}
